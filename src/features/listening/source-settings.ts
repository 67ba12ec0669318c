import { z } from 'zod';
import type { SourceKind } from './sources/item.js';
import { FIELD_ERROR_TEXT } from '../../kit/field-errors.js';

/**
 * The options of each kind of listening source, stored in `listening_sources.settings`. Parsed with
 * these schemas on the way in (API) and on the way out (jobs), so a stored value is always usable.
 *
 * `keep`: `all` stores every item the source brings; `matching` only those matching at least one
 * of the organisation's active watchlists. Firehoses (Bluesky, public Mastodon timelines) default to
 * `matching`: storing everything they carry would fill the database with other people's posts.
 */

const ZHttpUrl = z
  .string()
  .trim()
  .max(2000)
  .url()
  .refine((value) => /^https?:\/\//i.test(value), FIELD_ERROR_TEXT.http_address);

/** Language codes as sources give them (primary subtag, lower case). */
const ZLanguageFilter = z
  .array(
    z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z]{2,3}$/, FIELD_ERROR_TEXT.language_code),
  )
  .max(20);

const ZKeep = z.enum(['all', 'matching']);

export const ZFeedSettings = z.strictObject({ url: ZHttpUrl });

export const ZPageSettings = z.strictObject({
  url: ZHttpUrl,
  /** CSS selector of the part to watch; default: the main content of the page. */
  selector: z.string().trim().min(1).max(500).optional(),
});

export const ZMastodonSettings = z
  .strictObject({
    instanceUrl: ZHttpUrl,
    /** Hashtags without `#`. */
    hashtags: z
      .array(
        z
          .string()
          .trim()
          .transform((tag) => tag.replace(/^#/, ''))
          .pipe(z.string().regex(/^[\p{L}\p{N}_]{1,100}$/u, FIELD_ERROR_TEXT.hashtag)),
      )
      .max(50)
      .default([]),
    /** A public timeline to follow besides the hashtags. */
    publicTimeline: z.enum(['none', 'public', 'public:local', 'public:remote']).default('none'),
    /** A connected Mastodon channel of the organisation on this instance whose token opens the stream. */
    channelId: z.string().uuid().optional(),
    languages: ZLanguageFilter.default([]),
    keep: ZKeep.optional(),
  })
  .refine((s) => s.hashtags.length > 0 || s.publicTimeline !== 'none', {
    message: FIELD_ERROR_TEXT.hashtag_or_timeline,
    path: ['hashtags'],
  });

export const ZBlueskySettings = z.strictObject({
  /** Only posts in these languages (empty: all). */
  languages: ZLanguageFilter.default([]),
  /** Only posts containing one of these words or phrases (empty: all), compared like watch queries. */
  keywords: z.array(z.string().trim().min(1).max(200)).max(200).default([]),
  keep: ZKeep.default('matching'),
});

export const ZOwnMentionsSettings = z.strictObject({
  /** The organisation's Mastodon and Bluesky channels to listen for; empty: all of them. */
  channelIds: z.array(z.string().uuid()).max(200).default([]),
});

export type FeedSettings = z.infer<typeof ZFeedSettings>;
export type PageSettings = z.infer<typeof ZPageSettings>;
export type MastodonSettings = z.infer<typeof ZMastodonSettings>;
export type BlueskySettings = z.infer<typeof ZBlueskySettings>;
export type OwnMentionsSettings = z.infer<typeof ZOwnMentionsSettings>;

export const SETTINGS_SCHEMAS = {
  feed: ZFeedSettings,
  page: ZPageSettings,
  mastodon: ZMastodonSettings,
  bluesky: ZBlueskySettings,
  own_mentions: ZOwnMentionsSettings,
} as const satisfies Record<SourceKind, z.ZodType>;

/** Kinds read by the poll job; the others run as streams (own_mentions is both: Mastodon polled, Bluesky streamed). */
export const POLLED_KINDS: readonly SourceKind[] = ['feed', 'page', 'own_mentions'];
export const STREAMED_KINDS: readonly SourceKind[] = ['mastodon', 'bluesky', 'own_mentions'];

/** How long without a new item before a source is shown as silent, when the request does not say. */
export const DEFAULT_SILENT_AFTER_HOURS: Record<SourceKind, number | null> = {
  feed: 168,
  page: null,
  mastodon: 24,
  bluesky: 24,
  own_mentions: null,
};

/** Whether the source stores every item or only those a watchlist matches. */
export function keepOf(kind: SourceKind, settings: Record<string, unknown>): 'all' | 'matching' {
  if (kind === 'bluesky') return (settings.keep as 'all' | 'matching' | undefined) ?? 'matching';
  if (kind === 'mastodon') {
    const explicit = settings.keep as 'all' | 'matching' | undefined;
    return explicit ?? (settings.publicTimeline && settings.publicTimeline !== 'none' ? 'matching' : 'all');
  }
  return 'all';
}

/** The language filter of a source, if any (empty: all languages). */
export function languagesOf(settings: Record<string, unknown>): string[] {
  return Array.isArray(settings.languages) ? (settings.languages as string[]) : [];
}

/** The keyword filter as one watch query (each keyword a phrase), or null without keywords. */
export function keywordQueryOf(settings: Record<string, unknown>): string | null {
  const keywords = Array.isArray(settings.keywords) ? (settings.keywords as string[]) : [];
  const phrases = keywords.map((k) => k.replace(/["“”„]/g, ' ').trim()).filter((k) => /[\p{L}\p{N}]/u.test(k));
  return phrases.length ? phrases.map((k) => `"${k}"`).join(' OR ') : null;
}

/** The URL a source reads (feed, page, instance), for the private-network check; null for others. */
export function urlOf(kind: SourceKind, settings: Record<string, unknown>): { path: string; url: string } | null {
  if (kind === 'feed' || kind === 'page') return { path: 'settings.url', url: String(settings.url) };
  if (kind === 'mastodon') return { path: 'settings.instanceUrl', url: String(settings.instanceUrl) };
  return null;
}
