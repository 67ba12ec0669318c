/**
 * The API's shapes for listening sources, watchlists, mentions and settings
 * (src/features/listening/schemas.ts). Alerts and misuse have theirs in alerts/types.ts and misuse/types.ts.
 */

export const SOURCE_KINDS = ['feed', 'page', 'mastodon', 'bluesky', 'own_mentions'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];
export type SourceState = {
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  /** Plain words (English), null when the last attempt worked. */
  lastError: string | null;
  /** The same as a code and its values, to say it in the interface language (features/listening/source-errors). */
  lastErrorCode: string | null;
  lastErrorParams: Record<string, string | number> | null;
  lastErrorAt: string | null;
  lastItemAt: string | null;
  itemsSeen: number;
  silent: boolean;
  cursor: number | null;
};
export type ListeningSource = {
  id: string;
  organisationId: string;
  kind: SourceKind;
  name: string;
  settings: Record<string, unknown>;
  active: boolean;
  pollIntervalSeconds: number;
  silentAfterHours: number | null;
  state: SourceState;
  createdAt: string;
  updatedAt: string;
};
export type SourceInput = {
  kind: SourceKind;
  name: string;
  active?: boolean;
  pollIntervalSeconds?: number;
  silentAfterHours?: number | null;
  settings: Record<string, unknown>;
};
export type SourcePatch = Partial<Omit<SourceInput, 'kind'>>;
export type PollOutcome = {
  source: ListeningSource;
  received: number;
  /** Left out by the source's language or keyword filter, by retention, or (keep: matching) by no match. */
  skipped: number;
  stored: number;
  duplicates: number;
  matched: number;
  error: string | null;
};
export type Watchlist = {
  id: string;
  organisationId: string;
  name: string;
  query: string;
  active: boolean;
  matchCount: number;
  createdAt: string;
  updatedAt: string;
};
export type WatchlistInput = { name: string; query: string; active?: boolean };
/** [start, end) in the query, UTF-16 units. */
export type QueryError = { message: string; start: number; end: number };
export type QueryParseResult = { ok: boolean; errors: QueryError[] };
export type MentionHighlight = { start: number; end: number; reason: 'watchlist' | 'search'; watchlistId?: string; term: string };
export type FiredKind = 'term' | 'wildcard' | 'phrase' | 'field';
export type MentionMatch = {
  watchlistId: string;
  watchlistName: string;
  fired: { kind: FiredKind; text: string; start: number; end: number; wordCount: number; positions: number[] }[];
  reasons: { kind: FiredKind; text: string; occurrences: string[] }[];
  /** One English sentence; `reasons` carry the same for a translated screen. */
  explanation: string;
};
export type Mention = {
  id: string;
  organisationId: string;
  kind: SourceKind;
  externalId: string;
  url: string | null;
  author: string | null;
  authorDisplayName: string | null;
  title: string | null;
  text: string;
  language: string | null;
  publishedAt: string | null;
  occurredAt: string;
  seenAt: string;
  sources: { id: string; name: string; kind: SourceKind }[];
  matches: MentionMatch[];
  highlights: MentionHighlight[];
};
export type MentionPage = { items: Mention[]; nextCursor: string | null };
export type MentionQuery = {
  organisationId: string;
  watchlistId?: string;
  sourceId?: string;
  /** A language code, or `none` for mentions without one. */
  language?: string;
  from?: string;
  to?: string;
  q?: string;
};
export type LiveTestResult = { scanned: number; matchCount: number; tookMs: number; matches: Mention[] };
export type ListeningSettings = { organisationId: string; retentionDays: number };
