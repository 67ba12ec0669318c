import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import type { DbOrTx } from '../../db/client.js';
import { type Caller, requireAccess } from '../../kit/access.js';
import { actorOf, recordAudit } from '../../kit/audit.js';
import { badRequest, conflict, notFound } from '../../kit/errors.js';
import { rows } from '../../kit/sql.js';
import { bumpWatchlistVersion } from './matcher-cache.js';
import { compileMatcher, parseQuery } from './matcher/index.js';
import { MENTION_COLUMNS, type MentionDbRow, presentMentions, seenBy } from './mention-search.js';
import { type WatchlistRow, watchlists } from './schema.js';
import type { TWatchlist, ZLiveTestBody, ZLiveTestResult, ZParseResult, ZWatchlistInput, ZWatchlistPatch } from './schemas.js';
import { queueBackfill } from './watchlist-backfill.js';
import { codedFieldError } from '../../kit/field-errors.js';

/** Watchlists: named watch queries per organisation, checked on save, tried live on stored mentions. */

type QueryErrors = z.infer<typeof ZParseResult>;

/** Parses a query for the editor: every error with its [start, end) in the query. */
export function checkQuery(query: string): QueryErrors {
  const parsed = parseQuery(query);
  if (!parsed.errors) return { ok: true, errors: [] };
  return { ok: false, errors: parsed.errors.map((e) => ({ message: e.message, start: e.offset, end: e.offset + e.length })) };
}

/** 400 with one `query` field error per parse error, each saying where (1-based position, as people count). */
function assertValidQuery(query: string): void {
  const checked = checkQuery(query);
  if (checked.ok) return;
  throw badRequest(
    'The query is not valid.',
    checked.errors.map((e) => ({ path: 'query', message: `${e.message} (at position ${e.start + 1})` })),
  );
}

function present(row: WatchlistRow, matchCount: number): TWatchlist {
  return {
    id: row.id,
    organisationId: row.organisationId,
    name: row.name,
    query: row.query,
    active: row.active,
    matchCount,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const auditView = (row: WatchlistRow) => ({ name: row.name, query: row.query, active: row.active });

async function matchCounts(db: DbOrTx, organisationId: string): Promise<Map<string, number>> {
  const counts = await rows<{ watchlist_id: string; n: number }>(
    db,
    sql`SELECT watchlist_id, count(*)::int AS n FROM mention_matches WHERE organisation_id = ${organisationId}::uuid GROUP BY watchlist_id`,
  );
  return new Map(counts.map((c) => [c.watchlist_id, c.n]));
}

async function loadWatchlist(db: DbOrTx, id: string): Promise<WatchlistRow> {
  const [row] = await db.select().from(watchlists).where(eq(watchlists.id, id));
  if (!row) throw notFound('Watchlist');
  return row;
}

async function assertNameFree(db: DbOrTx, organisationId: string, name: string, exceptId?: string): Promise<void> {
  const [taken] = await db
    .select({ id: watchlists.id })
    .from(watchlists)
    .where(
      and(eq(watchlists.organisationId, organisationId), eq(watchlists.name, name), ...(exceptId ? [ne(watchlists.id, exceptId)] : [])),
    );
  if (taken) throw conflict('A watchlist with this name already exists.', [codedFieldError('name', 'name_taken')]);
}

export async function listWatchlists(ctx: AppContext, caller: Caller, organisationId: string): Promise<TWatchlist[]> {
  await requireAccess(ctx.db, caller, organisationId, 'listening.read');
  const list = await ctx.db.select().from(watchlists).where(eq(watchlists.organisationId, organisationId)).orderBy(asc(watchlists.name));
  const counts = await matchCounts(ctx.db, organisationId);
  return list.map((w) => present(w, counts.get(w.id) ?? 0));
}

export async function getWatchlist(ctx: AppContext, caller: Caller, id: string): Promise<TWatchlist> {
  const row = await loadWatchlist(ctx.db, id);
  await requireAccess(ctx.db, caller, row.organisationId, 'listening.read');
  return present(row, (await matchCounts(ctx.db, row.organisationId)).get(id) ?? 0);
}

export async function createWatchlist(
  ctx: AppContext,
  caller: Caller,
  organisationId: string,
  input: z.infer<typeof ZWatchlistInput>,
): Promise<TWatchlist> {
  await requireAccess(ctx.db, caller, organisationId, 'listening.manage');
  assertValidQuery(input.query);
  await assertNameFree(ctx.db, organisationId, input.name);
  const row = await ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(watchlists)
      .values({ organisationId, name: input.name, query: input.query, active: input.active ?? true, createdBy: caller.userId })
      .returning();
    if (!created) throw new Error('insert failed');
    await bumpWatchlistVersion(tx, organisationId);
    await recordAudit(tx, actorOf(caller), {
      organisationId,
      action: 'create',
      entity: 'watchlist',
      entityId: created.id,
      after: auditView(created),
    });
    return created;
  });
  if (row.active) await queueBackfill(ctx, row.id);
  return present(row, 0);
}

/**
 * Changes a watchlist. New mentions are matched with the new query; stored matches stay as they
 * were, and a changed (or reactivated) query is also run over the stored mentions (watchlist-backfill.ts).
 */
export async function updateWatchlist(
  ctx: AppContext,
  caller: Caller,
  id: string,
  patch: z.infer<typeof ZWatchlistPatch>,
): Promise<TWatchlist> {
  const before = await loadWatchlist(ctx.db, id);
  await requireAccess(ctx.db, caller, before.organisationId, 'listening.manage');
  if (patch.query !== undefined) assertValidQuery(patch.query);
  if (patch.name !== undefined) await assertNameFree(ctx.db, before.organisationId, patch.name, id);
  const row = await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(watchlists)
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.query !== undefined ? { query: patch.query } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
        updatedAt: new Date(),
      })
      .where(eq(watchlists.id, id))
      .returning();
    if (!updated) throw notFound('Watchlist');
    await bumpWatchlistVersion(tx, updated.organisationId);
    await recordAudit(tx, actorOf(caller), {
      organisationId: updated.organisationId,
      action: 'update',
      entity: 'watchlist',
      entityId: id,
      before: auditView(before),
      after: auditView(updated),
    });
    return updated;
  });
  if (row.active && (row.query !== before.query || !before.active)) await queueBackfill(ctx, id);
  return present(row, (await matchCounts(ctx.db, row.organisationId)).get(id) ?? 0);
}

/** Removes a watchlist and its matches (the mentions stay). */
export async function deleteWatchlist(ctx: AppContext, caller: Caller, id: string): Promise<void> {
  const before = await loadWatchlist(ctx.db, id);
  await requireAccess(ctx.db, caller, before.organisationId, 'listening.manage');
  await ctx.db.transaction(async (tx) => {
    await tx.delete(watchlists).where(eq(watchlists.id, id));
    await bumpWatchlistVersion(tx, before.organisationId);
    await recordAudit(tx, actorOf(caller), {
      organisationId: before.organisationId,
      action: 'delete',
      entity: 'watchlist',
      entityId: id,
      before: auditView(before),
    });
  });
}

export async function parseWatchQuery(ctx: AppContext, caller: Caller, organisationId: string, query: string): Promise<QueryErrors> {
  await requireAccess(ctx.db, caller, organisationId, 'listening.read');
  return checkQuery(query);
}

const LIVE_TEST_SHOWN = 100;

/**
 * Runs a (not yet saved) query on the organisation's latest `limit` stored mentions, newest first,
 * and returns how many it matches with the first 100, highlighted and explained.
 */
export async function liveTestQuery(
  ctx: AppContext,
  caller: Caller,
  organisationId: string,
  input: z.infer<typeof ZLiveTestBody>,
): Promise<z.infer<typeof ZLiveTestResult>> {
  await requireAccess(ctx.db, caller, organisationId, 'listening.read');
  assertValidQuery(input.query);
  const started = performance.now();
  const { matcher } = compileMatcher([{ id: 'live-test', query: input.query }]);
  const bySource = input.sourceId ? sql`AND ${seenBy(input.sourceId)}` : sql``;
  const latest = await rows<MentionDbRow>(
    ctx.db,
    sql`SELECT ${MENTION_COLUMNS} FROM mentions m WHERE m.organisation_id = ${organisationId}::uuid ${bySource}
         ORDER BY m.occurred_at DESC, m.id DESC LIMIT ${input.limit}`,
  );
  const hits: Array<{ row: MentionDbRow; fired: ReturnType<typeof matcher.match>[number]['fired'] }> = [];
  for (const row of latest) {
    const [match] = matcher.match({
      text: row.text,
      lang: row.language ?? undefined,
      author: row.author ?? undefined,
      url: row.url ?? undefined,
      source: row.kind,
    });
    if (match) hits.push({ row, fired: match.fired });
  }
  const shown = hits.slice(0, LIVE_TEST_SHOWN);
  const matches = await presentMentions(
    ctx.db,
    shown.map((h) => h.row),
    {
      storedMatches: false,
      extraMatches: shown.map((h) => ({ mentionId: h.row.id, watchlistId: 'live-test', watchlistName: 'Live test', fired: h.fired })),
    },
  );
  return { scanned: latest.length, matchCount: hits.length, tookMs: Math.round((performance.now() - started) * 10) / 10, matches };
}
