import { z } from 'zod';
import { SOURCE_KINDS } from './schema.js';

/** HTTP shapes of listening (routes.ts). Dates are ISO strings. */

export const ZOrganisationIdParam = z.object({ id: z.string().uuid() });

// ---------------------------------------------------------------------------------------------
// Sources

export const ZSourceState = z.object({
  lastPolledAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  /** Plain English words ("the address answered 404 (not found)"), null when the last attempt worked. */
  lastError: z.string().nullable(),
  /**
   * The same as a code (`http_not_found`) with the values of its sentence (`{ status: 404 }`), to
   * show it in another language; null when the last attempt worked or the error predates codes.
   */
  lastErrorCode: z.string().nullable(),
  lastErrorParams: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
  lastErrorAt: z.string().nullable(),
  /** When the source last brought something new. */
  lastItemAt: z.string().nullable(),
  /** Items the source delivered, all reads together (duplicates included). */
  itemsSeen: z.number().int(),
  /** Active, has a threshold, and nothing new for longer than it. */
  silent: z.boolean(),
  /** Bluesky: the Jetstream cursor (microseconds) the stream resumes from. */
  cursor: z.number().nullable(),
});

export const ZListeningSource = z.object({
  id: z.string().uuid(),
  organisationId: z.string().uuid(),
  kind: z.enum(SOURCE_KINDS),
  name: z.string(),
  /** The kind's options; see ZSourceInput. */
  settings: z.record(z.string(), z.unknown()),
  active: z.boolean(),
  pollIntervalSeconds: z.number().int(),
  silentAfterHours: z.number().int().nullable(),
  state: ZSourceState,
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TListeningSource = z.infer<typeof ZListeningSource>;

const ZSourceCommon = {
  name: z.string().trim().min(1).max(200),
  active: z.boolean().optional(),
  /** Feed, page and own-mentions polling: 60 s to one day. Default 900. */
  pollIntervalSeconds: z.number().int().min(60).max(86_400).optional(),
  /** Hours without a new item before the source shows as silent; null: never. Default per kind. */
  silentAfterHours: z.number().int().min(1).max(8760).nullable().optional(),
};

/**
 * `settings` by kind (checked in the service against source-settings.ts, errors at `settings.…`):
 * - feed `{url}`; page `{url, selector?}`
 * - mastodon `{instanceUrl, hashtags[], publicTimeline: none|public|public:local|public:remote, channelId?, languages[], keep?}`
 * - bluesky `{languages[], keywords[], keep: matching|all}`
 * - own_mentions `{channelIds[]}` (empty: every Mastodon and Bluesky channel of the organisation)
 */
const SETTINGS_HELP =
  'By kind — feed: {url}; page: {url, selector?}; mastodon: {instanceUrl, hashtags[], publicTimeline: none|public|public:local|public:remote, ' +
  'channelId? (a connected Mastodon channel whose token opens the stream), languages[], keep?: all|matching}; bluesky: {languages[], ' +
  'keywords[], keep: matching|all (default matching)}; own_mentions: {channelIds[]} (empty: all Mastodon and Bluesky channels). ' +
  'Errors come back as 400 with fields at settings.<name>.';

export const ZSourceInput = z.object({
  kind: z.enum(SOURCE_KINDS),
  ...ZSourceCommon,
  settings: z.record(z.string(), z.unknown()).default({}).describe(SETTINGS_HELP),
});
export type TSourceInput = z.infer<typeof ZSourceInput>;

export const ZSourcePatch = z.object({
  name: ZSourceCommon.name.optional(),
  active: ZSourceCommon.active,
  pollIntervalSeconds: ZSourceCommon.pollIntervalSeconds,
  silentAfterHours: ZSourceCommon.silentAfterHours,
  /** Replaces the settings (same shape as on creation); new settings restart the reader from scratch. */
  settings: z.record(z.string(), z.unknown()).optional().describe(SETTINGS_HELP),
});
export type TSourcePatch = z.infer<typeof ZSourcePatch>;

export const ZPollOutcome = z.object({
  source: ZListeningSource,
  /**
   * Items read; left out (by the source's language or keyword filter, by retention, or because the
   * source keeps only matches); new mentions stored; already known. Null error when the read worked.
   */
  received: z.number().int(),
  skipped: z.number().int(),
  stored: z.number().int(),
  duplicates: z.number().int(),
  matched: z.number().int(),
  error: z.string().nullable(),
});

// ---------------------------------------------------------------------------------------------
// Watchlists

export const ZWatchlist = z.object({
  id: z.string().uuid(),
  organisationId: z.string().uuid(),
  name: z.string(),
  query: z.string(),
  active: z.boolean(),
  /** Mentions matched so far (kept ones: retention removes old matches). */
  matchCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TWatchlist = z.infer<typeof ZWatchlist>;

export const ZWatchlistInput = z.object({
  name: z.string().trim().min(1).max(200),
  query: z.string().max(10_000),
  active: z.boolean().optional(),
});
export const ZWatchlistPatch = ZWatchlistInput.partial();

export const ZQueryBody = z.object({ query: z.string().max(10_000) });

/** A query error: [start, end) in the query (UTF-16 units, as editors count) and a message. */
export const ZQueryError = z.object({ message: z.string(), start: z.number().int(), end: z.number().int() });
export const ZParseResult = z.object({ ok: z.boolean(), errors: z.array(ZQueryError) });

export const ZLiveTestBody = z.object({
  query: z.string().max(10_000),
  /** How many of the organisation's latest mentions to run it on. */
  limit: z.number().int().min(1).max(5000).default(1000),
  /** Only mentions seen by this source. */
  sourceId: z.string().uuid().optional(),
});

// ---------------------------------------------------------------------------------------------
// Mentions

export const ZHighlight = z.object({
  start: z.number().int(),
  end: z.number().int(),
  reason: z.enum(['watchlist', 'search']),
  watchlistId: z.string().optional(),
  term: z.string(),
});

const ZFired = z.object({
  kind: z.enum(['term', 'wildcard', 'phrase', 'field']),
  text: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  wordCount: z.number().int(),
  positions: z.array(z.number().int()),
});

export const ZMentionMatch = z.object({
  watchlistId: z.string(),
  watchlistName: z.string(),
  /** Query elements that fired, with word positions (see docs/query-language.md "Why did this match"). */
  fired: z.array(ZFired),
  reasons: z.array(z.object({ kind: ZFired.shape.kind, text: z.string(), occurrences: z.array(z.string()) })),
  explanation: z.string(),
});

export const ZMention = z.object({
  id: z.string().uuid(),
  organisationId: z.string().uuid(),
  kind: z.enum(SOURCE_KINDS),
  externalId: z.string(),
  url: z.string().nullable(),
  author: z.string().nullable(),
  authorDisplayName: z.string().nullable(),
  title: z.string().nullable(),
  text: z.string(),
  language: z.string().nullable(),
  publishedAt: z.string().nullable(),
  /** Sort and retention time: publishedAt, never later than seenAt. */
  occurredAt: z.string(),
  seenAt: z.string(),
  sources: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(SOURCE_KINDS) })),
  matches: z.array(ZMentionMatch),
  /** Ranges in `text`, sorted by start: fired watchlist terms and full-text search hits. */
  highlights: z.array(ZHighlight),
});
export type TMention = z.infer<typeof ZMention>;

export const ZMentionQuery = z.object({
  organisationId: z.string().uuid(),
  watchlistId: z.string().uuid().optional(),
  sourceId: z.string().uuid().optional(),
  /** Language code (`nl`); `none` for mentions without one. */
  language: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^([a-z]{2,3}|none)$/)
    .optional(),
  /** occurredAt ≥ from, < to. */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Full-text search (web-search syntax: words, "phrases", -word, or), stemmed per mention language. */
  q: z.string().trim().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
  /** nextCursor of the previous page. */
  cursor: z.string().max(200).optional(),
});
export type TMentionQuery = z.infer<typeof ZMentionQuery>;

/** The list's filters, and the language of the column names. */
export const ZMentionExportQuery = ZMentionQuery.omit({ limit: true, cursor: true }).extend({
  lang: z.enum(['nl', 'fr', 'en']).default('en'),
});

export const ZMentionPage = z.object({ items: z.array(ZMention), nextCursor: z.string().nullable() });

export const ZLiveTestResult = z.object({
  /** Mentions the query ran on, and how many it matched. */
  scanned: z.number().int(),
  matchCount: z.number().int(),
  tookMs: z.number(),
  /** The first 100 matches, newest first. */
  matches: z.array(ZMention),
});

// ---------------------------------------------------------------------------------------------
// Settings

export const ZListeningSettings = z.object({
  organisationId: z.string().uuid(),
  /** Mentions older than this (by occurredAt) are deleted by the daily purge. */
  retentionDays: z.number().int(),
});
export const ZListeningSettingsInput = z.object({ retentionDays: z.number().int().min(1).max(3650) });
