import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { defineJob } from '../../app/jobs.js';
import { rows } from '../../kit/sql.js';
import { compileMatcher } from './matcher/index.js';

/**
 * A new watchlist, or one whose query changed, is also run once over the mentions already stored
 * (the newest BACKFILL_LIMIT of its organisation), so its timeline does not start empty. Those
 * matches are recorded with the mention's arrival time as `matched_at`: the alert and claims
 * cursors have passed it, so an earlier mention never sends an alert as if it were new.
 *
 * Runs as a job (a change from any process; survives a restart). A query changed again while it
 * runs: its rows are only written while the watchlist still has the query it was run for.
 */

export const BACKFILL_LIMIT = 20_000;
const PAGE = 1_000;

type StoredMention = { id: string; text: string; language: string | null; author: string | null; url: string | null; kind: string; occurred_at: string };

export type BackfillResult = { checked: number; matched: number };

export async function backfillWatchlist(ctx: AppContext, watchlistId: string, limit = BACKFILL_LIMIT): Promise<BackfillResult> {
  const [watchlist] = await rows<{ organisation_id: string; query: string; active: boolean }>(
    ctx.db,
    sql`SELECT organisation_id, query, active FROM watchlists WHERE id = ${watchlistId}::uuid`,
  );
  if (!watchlist?.active) return { checked: 0, matched: 0 };
  const { matcher } = compileMatcher([{ id: watchlistId, query: watchlist.query }]);
  if (matcher.queryCount === 0) return { checked: 0, matched: 0 };
  let checked = 0;
  let matched = 0;
  let after: { at: string; id: string } | null = null;
  while (checked < limit) {
    const keyset = after ? sql`AND (m.occurred_at, m.id) < (${after.at}::timestamptz, ${after.id}::uuid)` : sql``;
    const page: StoredMention[] = await rows<StoredMention>(
      ctx.db,
      sql`SELECT m.id, m.text, m.language, m.author, m.url, m.kind,
                 to_char(m.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at
            FROM mentions m WHERE m.organisation_id = ${watchlist.organisation_id}::uuid ${keyset}
           ORDER BY m.occurred_at DESC, m.id DESC LIMIT ${Math.min(PAGE, limit - checked)}`,
    );
    if (page.length === 0) break;
    checked += page.length;
    const last = page[page.length - 1] as StoredMention;
    after = { at: last.occurred_at, id: last.id };
    const found = page.flatMap((m) => {
      const [match] = matcher.match({
        text: m.text,
        lang: m.language ?? undefined,
        author: m.author ?? undefined,
        url: m.url ?? undefined,
        source: m.kind,
      });
      return match ? [{ m: m.id, f: match.fired }] : [];
    });
    if (found.length === 0) continue;
    const written = await rows<{ mention_id: string }>(
      ctx.db,
      sql`INSERT INTO mention_matches (mention_id, watchlist_id, organisation_id, fired, occurred_at, matched_at)
          SELECT m.id, w.id, m.organisation_id, r.f, m.occurred_at, m.seen_at
            FROM json_to_recordset(${JSON.stringify(found)}::json) AS r(m uuid, f jsonb)
            JOIN mentions m ON m.id = r.m
            JOIN watchlists w ON w.id = ${watchlistId}::uuid AND w.query = ${watchlist.query} AND w.active
          ON CONFLICT DO NOTHING
          RETURNING mention_id`,
    );
    matched += written.length;
  }
  return { checked, matched };
}

export const backfillWatchlistJob = defineJob({
  name: 'listening-backfill-watchlist',
  payload: z.object({ watchlistId: z.string().uuid() }),
  retry: { limit: 2, delaySeconds: 30 },
  async handler(ctx, { watchlistId }) {
    const result = await backfillWatchlist(ctx, watchlistId);
    ctx.log.info({ job: 'listening-backfill-watchlist', watchlistId, ...result }, 'watchlist run over stored mentions');
  },
});

/** Queues the backfill (after the watchlist's transaction committed). Never throws: the watchlist is saved either way. */
export async function queueBackfill(ctx: AppContext, watchlistId: string): Promise<void> {
  if (!ctx.queue) return;
  try {
    await ctx.queue.send(backfillWatchlistJob.name, { watchlistId });
  } catch (error) {
    ctx.log.warn({ err: error, watchlistId }, 'listening: could not queue the run over stored mentions');
  }
}
