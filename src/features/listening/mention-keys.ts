import type { SourceItem } from './sources/item.js';

/**
 * How one item is recognised when several sources bring it (pure functions, no I/O).
 *
 * - Bluesky, Mastodon and own-mention items carry a global id (at:// URI, ActivityPub URI): `x:` + id.
 * - A page change carries the page URL + content hash as its id: `x:` + id (its URL is the page's,
 *   the same for every change).
 * - Feed items: their canonical URL (`u:` + URL), so one article in two feeds is one mention; a feed
 *   entry without a link falls back to its id within that source (`s:` + source + id), since bare
 *   feed ids ("2", "item-1") are not unique across feeds.
 */
export function dedupKeyOf(item: SourceItem, sourceId: string | null): string {
  if (item.kind !== 'feed') return `x:${item.externalId}`;
  const canonical = item.url ? canonicalUrl(item.url) : null;
  if (canonical) return `u:${canonical}`;
  return `s:${sourceId ?? '-'}:${item.externalId}`;
}

/** Query parameters that only say where a click came from, dropped before comparing URLs. */
const TRACKING = /^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_hsenc|_hsmi|ref_src)$/i;

/**
 * The URL in one spelling: lower-case scheme and host (URL does that), no default port, no fragment,
 * no tracking parameters, no trailing slash on a path. Null when it is not an http(s) URL.
 */
export function canonicalUrl(input: string): string | null {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  for (const key of [...url.searchParams.keys()]) if (TRACKING.test(key)) url.searchParams.delete(key);
  if (url.pathname.length > 1 && url.pathname.endsWith('/')) url.pathname = url.pathname.replace(/\/+$/, '');
  return url.toString();
}

/** Text-search configurations by language; `simple` (no stemming, no stop words) for the rest. */
const SEARCH_CONFIGS: Record<string, string> = { nl: 'dutch', fr: 'french', de: 'german', en: 'english' };

export function searchConfigOf(language: string | null): string {
  return (language && SEARCH_CONFIGS[language]) || 'simple';
}

/** Every configuration a mention may be indexed with (a search query is built in each). */
export const SEARCH_CONFIG_NAMES = ['dutch', 'french', 'german', 'english', 'simple'] as const;

/**
 * The time a mention sorts and expires by: when it was published, but never later than when it was
 * stored (a feed's future-dated entry must not stay on top), truncated to milliseconds so keyset
 * cursors round-trip exactly.
 */
export function occurredAtOf(item: SourceItem, now: Date): Date {
  const published = item.publishedAt?.getTime();
  if (published === undefined || Number.isNaN(published) || published > now.getTime()) return new Date(now.getTime());
  return new Date(published);
}
