import { type SQL, sql } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import type { DbOrTx } from '../../db/client.js';
import { type Caller, requireAccess } from '../../kit/access.js';
import { badRequest, notFound } from '../../kit/errors.js';
import { rows } from '../../kit/sql.js';
import { explain, firedHighlights, type Highlight, MARK_START, MARK_STOP, markedRanges, reasonsOf } from './highlights.js';
import { type FiredTerm, wordRanges } from './matcher/index.js';
import { SEARCH_CONFIG_NAMES } from './mention-keys.js';
import type { TMention, TMentionQuery } from './schemas.js';
import type { SourceKind } from './sources/item.js';

/** Reading mentions: the filtered, keyset-paginated search and the shape each mention is shown in. */

export type MentionDbRow = {
  id: string;
  organisation_id: string;
  kind: SourceKind;
  external_id: string;
  url: string | null;
  author: string | null;
  author_display_name: string | null;
  title: string | null;
  text: string;
  language: string | null;
  published_at: string | Date | null;
  occurred_at: string | Date;
  seen_at: string | Date;
};

/** Columns of MentionDbRow, for SELECTs on `mentions m`. */
export const MENTION_COLUMNS = sql.raw(
  'm.id, m.organisation_id, m.kind, m.external_id, m.url, m.author, m.author_display_name, m.title, m.text, m.language, m.published_at, m.occurred_at, m.seen_at',
);

const toDate = (value: string | Date): Date => (value instanceof Date ? value : new Date(value));
const isoOrNull = (value: string | Date | null): string | null => (value === null ? null : toDate(value).toISOString());
const jsonIds = (ids: string[]) => sql`(SELECT value::uuid FROM json_array_elements_text(${JSON.stringify(ids)}::json))`;

/**
 * The full-text condition: each mention is compared with the search parsed in its own configuration
 * (stemming and stop words of its language). One branch per configuration, each of the indexed form
 * `to_tsvector(search_config, text) @@ constant`, so the GIN index serves them all (a BitmapOr). A
 * single OR of the queries of every configuration would be simpler but wrong with `-word`: another
 * language's stemmer does not recognise the excluded word.
 */
export function searchCondition(q: string): SQL {
  return sql`(${sql.join(
    SEARCH_CONFIG_NAMES.map(
      (config) =>
        sql`(m.search_config = ${config}::regconfig AND to_tsvector(m.search_config, m.text) @@ websearch_to_tsquery(${config}::regconfig, ${q}))`,
    ),
    sql` OR `,
  )})`;
}

/** The mention was brought by the source, first or later. */
export function seenBy(sourceId: string): SQL {
  return sql`(m.source_id = ${sourceId}::uuid OR EXISTS (SELECT 1 FROM mention_sources ms WHERE ms.mention_id = m.id AND ms.source_id = ${sourceId}::uuid))`;
}

type ExtraMatch = { mentionId: string; watchlistId: string; watchlistName: string; fired: FiredTerm[] };

/**
 * Mentions as the API shows them: with their sources, their watchlist matches (explained) and the
 * highlight ranges of the fired terms and of the full-text search `q`. `extraMatches` adds matches
 * that are not stored (the live test), which may also leave the stored ones out (`storedMatches: false`).
 */
export async function presentMentions(
  db: DbOrTx,
  list: MentionDbRow[],
  options: { q?: string; extraMatches?: ExtraMatch[]; storedMatches?: boolean } = {},
): Promise<TMention[]> {
  if (list.length === 0) return [];
  const ids = list.map((m) => m.id);
  const sources = await rows<{ mention_id: string; id: string; name: string; kind: SourceKind }>(
    db,
    sql`SELECT x.mention_id, s.id, s.name, s.kind
          FROM (SELECT m.id AS mention_id, m.source_id, m.seen_at FROM mentions m WHERE m.id IN ${jsonIds(ids)}
                UNION ALL
                SELECT ms.mention_id, ms.source_id, ms.seen_at FROM mention_sources ms WHERE ms.mention_id IN ${jsonIds(ids)}) x
          JOIN listening_sources s ON s.id = x.source_id
         ORDER BY x.seen_at, s.name`,
  );
  const stored =
    options.storedMatches === false
      ? []
      : await rows<{ mention_id: string; watchlist_id: string; name: string; fired: FiredTerm[] }>(
          db,
          sql`SELECT mm.mention_id, mm.watchlist_id, w.name, mm.fired FROM mention_matches mm JOIN watchlists w ON w.id = mm.watchlist_id
               WHERE mm.mention_id IN ${jsonIds(ids)} ORDER BY w.name`,
        );
  const matches: ExtraMatch[] = [
    ...stored.map((r) => ({ mentionId: r.mention_id, watchlistId: r.watchlist_id, watchlistName: r.name, fired: r.fired })),
    ...(options.extraMatches ?? []),
  ];
  const marked = new Map<string, string>();
  if (options.q) {
    const found = await rows<{ id: string; marked: string }>(
      db,
      sql`SELECT id, ts_headline(search_config, text, websearch_to_tsquery(search_config, ${options.q}),
                                 ${`HighlightAll=true, StartSel=${MARK_START}, StopSel=${MARK_STOP}`}) AS marked
            FROM mentions WHERE id IN ${jsonIds(ids)}`,
    );
    for (const r of found) marked.set(r.id, r.marked);
  }
  return list.map((m) => {
    const words = wordRanges(m.text);
    const mine = matches.filter((x) => x.mentionId === m.id);
    const highlights: Highlight[] = mine.flatMap((x) => firedHighlights(m.text, x.fired, x.watchlistId, words));
    const headline = marked.get(m.id);
    if (headline !== undefined && options.q) highlights.push(...markedRanges(m.text, headline, options.q));
    highlights.sort((a, b) => a.start - b.start || a.end - b.end);
    return {
      id: m.id,
      organisationId: m.organisation_id,
      kind: m.kind,
      externalId: m.external_id,
      url: m.url,
      author: m.author,
      authorDisplayName: m.author_display_name,
      title: m.title,
      text: m.text,
      language: m.language,
      publishedAt: isoOrNull(m.published_at),
      occurredAt: toDate(m.occurred_at).toISOString(),
      seenAt: toDate(m.seen_at).toISOString(),
      sources: sources.filter((s) => s.mention_id === m.id).map((s) => ({ id: s.id, name: s.name, kind: s.kind })),
      matches: mine.map((x) => {
        const reasons = reasonsOf(m.text, x.fired, words);
        return { watchlistId: x.watchlistId, watchlistName: x.watchlistName, fired: x.fired, reasons, explanation: explain(reasons) };
      }),
      highlights,
    };
  });
}

/** Keyset cursor: the last row's occurredAt and id. */
function encodeCursor(occurredAt: string | Date, id: string): string {
  return Buffer.from(JSON.stringify([toDate(occurredAt).toISOString(), id])).toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof at === 'string' && !Number.isNaN(Date.parse(at)) && typeof id === 'string' && /^[0-9a-f-]{36}$/i.test(id)) return { at, id };
  } catch {
    // fall through
  }
  throw badRequest('The cursor is not valid.', [{ path: 'cursor', message: 'Use nextCursor from the previous page.' }]);
}

export type MentionFilters = Omit<TMentionQuery, 'limit' | 'cursor'>;

/**
 * The filters of a mention list as SQL over `mentions m`: the conditions, the join on the watchlist's
 * matches when filtering by watchlist, and the columns the list is ordered and paged by (with a
 * watchlist, its own (watchlist, occurred_at, mention) index).
 */
export function mentionFilterSql(filters: MentionFilters): { conditions: SQL[]; join: SQL; at: SQL; id: SQL; q: string | undefined } {
  const byWatchlist = filters.watchlistId !== undefined;
  const at = byWatchlist ? sql.raw('mm.occurred_at') : sql.raw('m.occurred_at');
  const id = byWatchlist ? sql.raw('mm.mention_id') : sql.raw('m.id');
  const conditions: SQL[] = [sql`m.organisation_id = ${filters.organisationId}::uuid`];
  if (filters.sourceId) conditions.push(seenBy(filters.sourceId));
  if (filters.language === 'none') conditions.push(sql`m.language IS NULL`);
  else if (filters.language) conditions.push(sql`m.language = ${filters.language}`);
  if (filters.from) conditions.push(sql`${at} >= ${filters.from}::timestamptz`);
  if (filters.to) conditions.push(sql`${at} < ${filters.to}::timestamptz`);
  const q = filters.q?.trim() || undefined;
  if (q) conditions.push(searchCondition(q));
  const join = byWatchlist
    ? sql`JOIN mention_matches mm ON mm.mention_id = m.id AND mm.watchlist_id = ${filters.watchlistId}::uuid AND mm.organisation_id = ${filters.organisationId}::uuid`
    : sql``;
  return { conditions, join, at, id, q };
}

/**
 * One page of an organisation's mentions, newest first, filtered by watchlist, source, language,
 * time and full-text search. Full-text search stems each mention in its own language (dutch,
 * french, german, english; simple for others).
 */
export async function searchMentions(
  ctx: AppContext,
  caller: Caller,
  query: TMentionQuery,
): Promise<{ items: TMention[]; nextCursor: string | null }> {
  await requireAccess(ctx.db, caller, query.organisationId, 'listening.read');
  const { conditions, join, at, id, q } = mentionFilterSql(query);
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor);
    conditions.push(sql`(${at}, ${id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)`);
  }
  const found = await rows<MentionDbRow>(
    ctx.db,
    sql`SELECT ${MENTION_COLUMNS} FROM mentions m ${join}
         WHERE ${sql.join(conditions, sql` AND `)}
         ORDER BY ${at} DESC, ${id} DESC
         LIMIT ${query.limit + 1}`,
  );
  const page = found.slice(0, query.limit);
  const last = page[page.length - 1];
  const nextCursor = found.length > query.limit && last ? encodeCursor(last.occurred_at, last.id) : null;
  return { items: await presentMentions(ctx.db, page, { q }), nextCursor };
}

export async function getMention(ctx: AppContext, caller: Caller, id: string): Promise<TMention> {
  const [found] = await rows<MentionDbRow>(ctx.db, sql`SELECT ${MENTION_COLUMNS} FROM mentions m WHERE m.id = ${id}::uuid`);
  if (!found) throw notFound('Mention');
  await requireAccess(ctx.db, caller, found.organisation_id, 'listening.read');
  const [mention] = await presentMentions(ctx.db, [found]);
  if (!mention) throw notFound('Mention');
  return mention;
}
