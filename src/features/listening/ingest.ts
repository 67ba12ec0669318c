import { EventEmitter } from 'node:events';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import type { Tx } from '../../db/client.js';
import { notFound } from '../../kit/errors.js';
import { rows } from '../../kit/sql.js';
import { keywordMatcher, matcherFor } from './matcher-cache.js';
import type { QueryMatch } from './matcher/index.js';
import { dedupKeyOf, occurredAtOf, searchConfigOf } from './mention-keys.js';
import { keepOf, keywordQueryOf, languagesOf } from './source-settings.js';
import type { SourceItem, SourceKind } from './sources/item.js';

/**
 * The ingest pipeline: items from any source → filtered by the source's options → deduplicated →
 * matched against the organisation's active watchlists (one compiled matcher per organisation) →
 * stored in a few multi-row statements in one transaction.
 *
 * Hooking in (alerts): the return value lists what matched, and the same list is emitted on
 * `listeningEvents` ('matched') after the transaction commits, in this process only.
 */

export type IngestTarget = { sourceId: string } | { organisationId: string };

export type IngestOptions = {
  /** Merged into the source's `state` in the same transaction (cursor, last status ids …). */
  state?: Record<string, unknown>;
  /** Items the network says were deleted (their externalIds): their mentions are removed. */
  deletedExternalIds?: string[];
  /** The items come from a working read (a stream batch): mark the source's last success, clear its error. */
  success?: boolean;
  /** Default: now. */
  now?: Date;
};

export type MatchedMention = {
  mentionId: string;
  item: SourceItem;
  matches: Array<QueryMatch & { watchlistName: string }>;
};

export type IngestResult = {
  organisationId: string;
  sourceId: string | null;
  /** Items handed in. */
  received: number;
  /** Left out by the source's language or keyword filter, by retention, or (keep: matching) by no match. */
  skipped: number;
  /** New mentions stored. */
  stored: number;
  /** Items already stored for the organisation (from this or another source), or repeated in the batch. */
  duplicates: number;
  deleted: number;
  /** New mentions that matched at least one watchlist. */
  matched: MatchedMention[];
};

export type MatchedEvent = { organisationId: string; sourceId: string | null; matched: MatchedMention[] };

/** In-process notifications of new matches (see the module comment). */
export const listeningEvents = new EventEmitter<{ matched: [MatchedEvent] }>();

type Target = {
  organisationId: string;
  sourceId: string | null;
  kind: SourceKind | null;
  settings: Record<string, unknown>;
  version: number;
  retentionDays: number;
};

async function loadTarget(ctx: AppContext, target: IngestTarget): Promise<Target> {
  if ('sourceId' in target) {
    const [found] = await rows<{
      organisation_id: string;
      kind: SourceKind;
      settings: Record<string, unknown>;
      version: string | number;
      retention: number;
    }>(
      ctx.db,
      sql`SELECT s.organisation_id, s.kind, s.settings, coalesce(ls.watchlist_version, 0) AS version, coalesce(ls.retention_days, 365) AS retention
            FROM listening_sources s LEFT JOIN listening_settings ls ON ls.organisation_id = s.organisation_id
           WHERE s.id = ${target.sourceId}::uuid`,
    );
    if (!found) throw notFound('Listening source');
    return {
      organisationId: found.organisation_id,
      sourceId: target.sourceId,
      kind: found.kind,
      settings: found.settings,
      version: Number(found.version),
      retentionDays: found.retention,
    };
  }
  const [found] = await rows<{ version: string | number; retention: number }>(
    ctx.db,
    sql`SELECT coalesce(max(watchlist_version), 0) AS version, coalesce(max(retention_days), 365) AS retention
          FROM listening_settings WHERE organisation_id = ${target.organisationId}::uuid`,
  );
  return {
    organisationId: target.organisationId,
    sourceId: null,
    kind: null,
    settings: {},
    version: Number(found?.version ?? 0),
    retentionDays: found?.retention ?? 365,
  };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** PostgreSQL text can hold neither U+0000 nor half a surrogate pair, and network text sometimes has both. */
function storable(value: string): string {
  const cleaned = value.includes('\u0000') ? value.replaceAll('\u0000', '') : value;
  return cleaned.replace(LONE_SURROGATE, '\uFFFD');
}

type Candidate = { item: SourceItem; key: string; occurredAt: Date; matches: QueryMatch[] };

/**
 * Stores `items` for a source (or straight for an organisation, with no source recorded) and
 * returns what happened. One transaction; safe to call again with the same items (duplicates are
 * recognised). Throws only on database trouble or an unknown source.
 */
export async function ingestItems(
  ctx: AppContext,
  target: IngestTarget,
  items: SourceItem[],
  options: IngestOptions = {},
): Promise<IngestResult> {
  const t = await loadTarget(ctx, target);
  const now = options.now ?? new Date();
  const { matcher, names } = await matcherFor(ctx.db, ctx.db, t.organisationId, t.version);
  const keep = t.kind ? keepOf(t.kind, t.settings) : 'all';
  const languages = new Set(languagesOf(t.settings));
  const keywordQuery = keywordQueryOf(t.settings);
  const keywords = keywordQuery ? keywordMatcher(keywordQuery) : null;
  const cutoff = now.getTime() - t.retentionDays * 86_400_000;

  // A post created and deleted within one batch: the delete came later, so the post is not stored.
  const deleted = new Set(options.deletedExternalIds ?? []);
  const byKey = new Map<string, Candidate>();
  let repeated = 0;
  for (const item of items) {
    if (deleted.has(item.externalId)) continue;
    if (languages.size > 0 && (item.language === null || !languages.has(item.language))) continue;
    const occurredAt = occurredAtOf(item, now);
    // Older than the retention period: the purge would delete it at once (and a feed would bring it back).
    if (occurredAt.getTime() < cutoff) continue;
    const mention = {
      text: item.text,
      lang: item.language ?? undefined,
      author: item.author ?? undefined,
      url: item.url ?? undefined,
      source: item.kind,
    };
    if (keywords && keywords.matchIds(mention).length === 0) continue;
    const key = storable(dedupKeyOf(item, t.sourceId));
    if (byKey.has(key)) {
      repeated += 1;
      continue;
    }
    const matches = matcher.queryCount > 0 ? matcher.match(mention) : [];
    if (keep === 'matching' && matches.length === 0) continue;
    byKey.set(key, { item, key, occurredAt, matches });
  }
  const candidates = [...byKey.values()];

  const outcome = await ctx.db.transaction(async (tx) => {
    // Nothing here is lost by a crash that the sources cannot give again: a stream's cursor commits
    // with its batch, a feed is read again. So the commit need not wait for the disk (large win on Postgres).
    await tx.execute(sql`SET LOCAL synchronous_commit TO OFF`);
    const removed = deleted.size > 0 ? await deleteMentions(tx, t.organisationId, [...deleted]) : 0;
    if (candidates.length === 0) {
      await noteSource(tx, t, items.length, false, keep === 'matching' && items.length > 0, options);
      return { stored: [] as Array<{ id: string; c: Candidate }>, duplicates: 0, removed };
    }
    const inserted = await insertMentions(tx, t.organisationId, t.sourceId, candidates);
    const fresh = new Map(inserted.map((r) => [r.dedup_key, r.id]));
    const known = candidates.filter((c) => !fresh.has(c.key));
    const sightings = known.length > 0 ? await recordSightings(tx, t.organisationId, t.sourceId, known) : 0;
    const stored = candidates.flatMap((c) => {
      const id = fresh.get(c.key);
      return id === undefined ? [] : [{ id, c }];
    });
    const newForSource = inserted.length + sightings;
    await insertMatches(tx, t.organisationId, stored);
    await noteSource(tx, t, items.length, newForSource > 0, keep === 'matching', options);
    return { stored, duplicates: candidates.length - stored.length, removed };
  });

  const matched: MatchedMention[] = outcome.stored
    .filter((s) => s.c.matches.length > 0)
    .map((s) => ({
      mentionId: s.id,
      item: s.c.item,
      matches: s.c.matches.map((m) => ({ ...m, watchlistName: names.get(m.queryId) ?? '' })),
    }));
  if (matched.length > 0) {
    try {
      listeningEvents.emit('matched', { organisationId: t.organisationId, sourceId: t.sourceId, matched });
    } catch (error) {
      ctx.log.error({ err: error }, 'listening: a "matched" listener failed');
    }
  }
  return {
    organisationId: t.organisationId,
    sourceId: t.sourceId,
    received: items.length,
    skipped: items.length - candidates.length - repeated,
    stored: outcome.stored.length,
    duplicates: outcome.duplicates + repeated,
    deleted: outcome.removed,
    matched,
  };
}

/** seen_at is the transaction's start (now()), as the claims check's arrival horizon needs (claims-check.ts). */
async function insertMentions(
  tx: Tx,
  organisationId: string,
  sourceId: string | null,
  candidates: Candidate[],
): Promise<Array<{ id: string; dedup_key: string }>> {
  const data = candidates.map(({ item, key, occurredAt }) => ({
    k: key,
    kind: item.kind,
    x: storable(item.externalId),
    u: item.url && storable(item.url),
    a: item.author && storable(item.author),
    ad: item.authorDisplayName && storable(item.authorDisplayName),
    ti: item.title && storable(item.title),
    te: storable(item.text),
    l: item.language,
    c: searchConfigOf(item.language),
    p: item.publishedAt && !Number.isNaN(item.publishedAt.getTime()) ? item.publishedAt.toISOString() : null,
    o: occurredAt.toISOString(),
  }));
  return rows(
    tx,
    sql`INSERT INTO mentions (organisation_id, dedup_key, source_id, kind, external_id, url, author, author_display_name, title, text, language,
                              search_config, published_at, occurred_at, seen_at)
        SELECT ${organisationId}::uuid, r.k, ${sourceId}::uuid, r.kind, r.x, r.u, r.a, r.ad, r.ti, r.te, r.l, r.c::regconfig, r.p, r.o,
               now()
          FROM json_to_recordset(${JSON.stringify(data)}::json)
            AS r(k text, kind text, x text, u text, a text, ad text, ti text, te text, l text, c text, p timestamptz, o timestamptz)
        ON CONFLICT (organisation_id, dedup_key) DO NOTHING
        RETURNING id, dedup_key`,
  );
}

/**
 * Items already stored: notes this source as a further source of each (unless it is the one that
 * brought it first). Returns how many sightings were new, i.e. items this source had not brought before.
 */
async function recordSightings(tx: Tx, organisationId: string, sourceId: string | null, known: Candidate[]): Promise<number> {
  if (!sourceId) return 0;
  const data = known.map((c) => ({ k: c.key, x: storable(c.item.externalId) }));
  const added = await rows<{ mention_id: string }>(
    tx,
    sql`INSERT INTO mention_sources (mention_id, source_id, external_id)
        SELECT m.id, ${sourceId}::uuid, r.x
          FROM json_to_recordset(${JSON.stringify(data)}::json) AS r(k text, x text)
          JOIN mentions m ON m.organisation_id = ${organisationId}::uuid AND m.dedup_key = r.k
         WHERE m.source_id IS DISTINCT FROM ${sourceId}::uuid
        ON CONFLICT DO NOTHING
        RETURNING mention_id`,
  );
  return added.length;
}

async function insertMatches(tx: Tx, organisationId: string, stored: Array<{ id: string; c: Candidate }>): Promise<void> {
  const data = stored.flatMap(({ id, c }) => c.matches.map((m) => ({ m: id, w: m.queryId, f: m.fired, o: c.occurredAt.toISOString() })));
  if (data.length === 0) return;
  await tx.execute(
    sql`INSERT INTO mention_matches (mention_id, watchlist_id, organisation_id, fired, occurred_at)
        SELECT r.m, r.w, ${organisationId}::uuid, r.f, r.o
          FROM json_to_recordset(${JSON.stringify(data)}::json) AS r(m uuid, w uuid, f jsonb, o timestamptz)
          JOIN watchlists w ON w.id = r.w
        ON CONFLICT DO NOTHING`,
  );
}

async function deleteMentions(tx: Tx, organisationId: string, externalIds: string[]): Promise<number> {
  const keys = externalIds.map((id) => `x:${id}`);
  const removed = await rows<{ id: string }>(
    tx,
    // `= ANY(ARRAY(…))`, not `IN (SELECT …)`: the planner guesses 100 rows for the function and, on a
    // small table, hash-joins it against a scan of all the organisation's mentions.
    sql`DELETE FROM mentions WHERE organisation_id = ${organisationId}::uuid
          AND dedup_key = ANY(ARRAY(SELECT json_array_elements_text(${JSON.stringify(keys)}::json)))
        RETURNING id`,
  );
  return removed.length;
}

/**
 * Counters and state of the source. `lastItemAt` moves when the source brought something it had not
 * brought before (a feed lists the same entries on every read), or, for sources that keep only
 * matches, whenever it delivered anything at all (silence there means the stream stopped).
 */
async function noteSource(tx: Tx, t: Target, received: number, brought: boolean, alive: boolean, options: IngestOptions): Promise<void> {
  if (!t.sourceId) return;
  const fresh = brought || alive;
  const success = options.success === true;
  await tx.execute(
    sql`UPDATE listening_sources
           SET items_seen = items_seen + ${received},
               last_item_at = CASE WHEN ${fresh} THEN now() ELSE last_item_at END,
               state = state || ${JSON.stringify(options.state ?? {})}::jsonb,
               last_success_at = CASE WHEN ${success} THEN now() ELSE last_success_at END,
               last_error = CASE WHEN ${success} THEN NULL ELSE last_error END,
               last_error_code = CASE WHEN ${success} THEN NULL ELSE last_error_code END,
               last_error_params = CASE WHEN ${success} THEN NULL ELSE last_error_params END,
               last_error_at = CASE WHEN ${success} THEN NULL ELSE last_error_at END
         WHERE id = ${t.sourceId}::uuid`,
  );
}
