import { setTimeout as sleep } from 'node:timers/promises';
import { inArray, sql } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import { type Caller, requireAccess } from '../../kit/access.js';
import { badRequest, conflict } from '../../kit/errors.js';
import { UnsafeUrlError } from '../../kit/safe-fetch.js';
import { rows } from '../../kit/sql.js';
import { type IngestResult, ingestItems } from './ingest.js';
import { ownChannels, readMastodonMentions } from './own-mentions.js';
import { type ListeningSourceRow, listeningSources } from './schema.js';
import type { TListeningSource } from './schemas.js';
import { loadSource, presentSource } from './source-service.js';
import { readFeed } from './sources/feed-reader.js';
import { unsafeUrlFailure } from './sources/feed-reader-fetch.js';
import { SourceError } from './sources/item.js';
import { checkPage, type PageState } from './sources/page-watcher.js';

/**
 * Reading the sources that are polled: feeds, watched pages and own-account mentions on Mastodon.
 * Each read goes through safeFetch with the installation's allow list; whatever goes wrong ends on
 * the source as a code with parameters and in plain English words (`last_error_code`,
 * `last_error_params`, `last_error`), never as an exception out of the job.
 */

/** `error` is the English sentence of what went wrong, null when the read worked. */
export type PollOutcome = { sourceId: string; result: IngestResult | null; error: string | null };

/** Reads one source once and records the outcome on it. */
export async function pollSource(ctx: AppContext, source: ListeningSourceRow): Promise<PollOutcome> {
  let result: IngestResult | null = null;
  let error: SourceError | null = null;
  try {
    const read = await readSource(ctx, source);
    result = read.result;
    error = read.partialError;
  } catch (caught) {
    if (caught instanceof SourceError) error = caught;
    else if (caught instanceof UnsafeUrlError) error = unsafeUrlFailure(caught);
    else {
      ctx.log.error({ err: caught, sourceId: source.id }, 'listening: reading a source failed');
      error = new SourceError('internal_error');
    }
  }
  await ctx.db.execute(
    error === null
      ? sql`UPDATE listening_sources SET last_polled_at = now(), reading_until = NULL, last_success_at = now(),
               last_error = NULL, last_error_code = NULL, last_error_params = NULL, last_error_at = NULL
             WHERE id = ${source.id}::uuid`
      : sql`UPDATE listening_sources SET last_polled_at = now(), reading_until = NULL,
               last_error = ${error.reason.slice(0, 1000)}, last_error_code = ${error.code},
               last_error_params = ${JSON.stringify(error.params)}::jsonb, last_error_at = now()
             WHERE id = ${source.id}::uuid`,
  );
  return { sourceId: source.id, result, error: error?.reason ?? null };
}

async function readSource(
  ctx: AppContext,
  source: ListeningSourceRow,
): Promise<{ result: IngestResult | null; partialError: SourceError | null }> {
  const allow = ctx.config.allowUrls;
  const settings = source.settings;
  const state = source.state;
  switch (source.kind) {
    case 'feed': {
      const previous =
        typeof state.etag === 'string' || typeof state.lastModified === 'string'
          ? { etag: (state.etag as string | null) ?? null, lastModified: (state.lastModified as string | null) ?? null }
          : null;
      const read = await readFeed(String(settings.url), previous, { allow });
      const result = await ingestItems(ctx, { sourceId: source.id }, read.items, {
        state: { ...read.state, feedTitle: read.feedTitle ?? state.feedTitle ?? null },
      });
      return { result, partialError: null };
    }
    case 'page': {
      const previous = typeof state.contentHash === 'string' ? (state as unknown as PageState) : null;
      const selector = typeof settings.selector === 'string' ? settings.selector : undefined;
      const check = await checkPage(String(settings.url), previous, { selector, allow });
      const result = await ingestItems(ctx, { sourceId: source.id }, check.item ? [check.item] : [], { state: { ...check.state } });
      return { result, partialError: null };
    }
    case 'own_mentions': {
      const list = await ownChannels(ctx, source);
      const lastIds = (state.mastodonNotificationIds as Record<string, string> | undefined) ?? {};
      const read = await readMastodonMentions(ctx, list, lastIds);
      const result = await ingestItems(ctx, { sourceId: source.id }, read.items, { state: { mastodonNotificationIds: read.lastIds } });
      return { result, partialError: read.error };
    }
    default:
      // Streams are read by the stream loop (streams.ts), not polled.
      return { result: null, partialError: null };
  }
}

/** How long a reader may hold a source (a read is bounded well below this by safeFetch's limits). */
const READ_LEASE = sql`interval '3 minutes'`;

/**
 * Claims the active polled sources whose interval has passed (a few seconds early, so a one-minute
 * interval is not pushed to two by cron jitter) and that nobody is reading, marking them polled now
 * with a read lease so no other worker or "check now" reads them at the same time (FOR UPDATE SKIP
 * LOCKED), and returns them.
 */
export async function claimDueSources(
  ctx: AppContext,
  limit = 100,
): Promise<Array<ListeningSourceRow & { previousPolledAt: string | null }>> {
  const claimed = await rows<{ id: string; previous: string | null }>(
    ctx.db,
    sql`WITH due AS (
          SELECT id, last_polled_at AS previous FROM listening_sources
           WHERE active AND kind IN ('feed', 'page', 'own_mentions')
             AND (last_polled_at IS NULL OR last_polled_at + make_interval(secs => poll_interval_seconds - 10) <= now())
             AND (reading_until IS NULL OR reading_until < now())
           ORDER BY last_polled_at NULLS FIRST
           LIMIT ${limit}
           FOR UPDATE SKIP LOCKED)
        UPDATE listening_sources s SET last_polled_at = now(), reading_until = now() + ${READ_LEASE} FROM due WHERE s.id = due.id
        RETURNING s.id, due.previous::text AS previous`,
  );
  if (claimed.length === 0) return [];
  const previous = new Map(claimed.map((c) => [c.id, c.previous]));
  const list = await ctx.db
    .select()
    .from(listeningSources)
    .where(
      inArray(
        listeningSources.id,
        claimed.map((c) => c.id),
      ),
    );
  return list.map((row) => ({ ...row, previousPolledAt: previous.get(row.id) ?? null }));
}

/**
 * The poll job's work: every due source read, `concurrency` at a time, until all are done or the
 * budget is spent (sources left over stay due for the next run). One bad source never stops the others.
 */
export async function pollDueSources(ctx: AppContext, options: { concurrency?: number; budgetMs?: number } = {}): Promise<PollOutcome[]> {
  const deadline = Date.now() + (options.budgetMs ?? 50_000);
  const due = await claimDueSources(ctx);
  const outcomes: PollOutcome[] = [];
  let next = 0;
  const lane = async () => {
    while (next < due.length && Date.now() < deadline) {
      const source = due[next++] as ListeningSourceRow;
      outcomes.push(await pollSource(ctx, source));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, lane));
  // Claimed but not reached: back to their previous poll time, so they are due at the next run.
  const left = due.slice(next).map((s) => ({ i: s.id, p: s.previousPolledAt }));
  if (left.length) {
    await ctx.db.execute(
      sql`UPDATE listening_sources s SET last_polled_at = r.p, reading_until = NULL
            FROM json_to_recordset(${JSON.stringify(left)}::json) AS r(i uuid, p timestamptz) WHERE s.id = r.i`,
    );
  }
  return outcomes;
}

async function takeReadLease(ctx: AppContext, id: string): Promise<boolean> {
  const leased = await rows<{ id: string }>(
    ctx.db,
    sql`UPDATE listening_sources SET reading_until = now() + ${READ_LEASE}
         WHERE id = ${id}::uuid AND (reading_until IS NULL OR reading_until < now()) RETURNING id`,
  );
  return leased.length > 0;
}

/** "Check now" (API): reads one polled source at once and returns its new state and what it brought. */
export async function pollSourceNow(
  ctx: AppContext,
  caller: Caller,
  id: string,
  options: { waitMs?: number } = {},
): Promise<{
  source: TListeningSource;
  received: number;
  skipped: number;
  stored: number;
  duplicates: number;
  matched: number;
  error: string | null;
}> {
  const found = await loadSource(ctx.db, id);
  await requireAccess(ctx.db, caller, found.organisationId, 'listening.manage');
  if (!['feed', 'page', 'own_mentions'].includes(found.kind))
    throw badRequest('This source is a stream: it is read continuously, not polled.');
  // Two reads at once would race on the source's state (validators, page hash): take the lease,
  // waiting a little for a read the poll job is doing right now (then ours finds what is new since).
  const deadline = Date.now() + (options.waitMs ?? 20_000);
  while (!(await takeReadLease(ctx, id))) {
    if (Date.now() >= deadline) throw conflict('This source is being read right now; try again in a minute.');
    await sleep(250);
  }
  // Read again under the lease: the state may have moved since.
  const source = await loadSource(ctx.db, id);
  const { result, error } = await pollSource(ctx, source);
  return {
    source: presentSource(await loadSource(ctx.db, id)),
    received: result?.received ?? 0,
    skipped: result?.skipped ?? 0,
    stored: result?.stored ?? 0,
    duplicates: result?.duplicates ?? 0,
    matched: result?.matched.length ?? 0,
    error,
  };
}
