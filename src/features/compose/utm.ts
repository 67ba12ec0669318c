import twitterText from 'twitter-text';
import type { Network } from '../registry/schema.js';

/**
 * UTM tags on links, per channel, so the organisation's web statistics can tell which post brought
 * a visitor. Pure string work (no Node APIs): the compose preview shows exactly what will be sent.
 * Tag before counting characters: on networks that count links at full length the tags add up.
 */

export type UtmParams = { source: string; medium: string; campaign: string; content?: string };
export type UtmOptions = {
  /**
   * Only tag links to these hosts (and their subdomains), typically the organisation's own sites:
   * tags on other sites' links are noise in their statistics and useless in ours.
   */
  onlyHosts?: readonly string[];
};

/** `utm_source` per network: the network's name as analytics tools usually spell it. */
const SOURCE: Record<Network, string | null> = {
  mastodon: 'mastodon',
  bluesky: 'bluesky',
  x: 'x',
  facebook: 'facebook',
  instagram: 'instagram',
  threads: 'threads',
  linkedin: 'linkedin',
  youtube: 'youtube',
  viva_engage: 'viva_engage',
  // Links from our own website to our own website are internal navigation: tagging them would
  // start a new visit in the statistics and hide where the visitor really came from.
  website: null,
  other: 'other',
};

/**
 * Default tags for a channel on `network`, with `overrides` (per organisation or per channel)
 * applied on top. Null when links on this network should not be tagged at all (our own website).
 */
export function defaultUtmParams(network: Network, campaign: string, overrides: Partial<UtmParams> = {}): UtmParams | null {
  const source = overrides.source ?? SOURCE[network];
  if (source === null) return null;
  return { source, medium: 'social', campaign, ...overrides };
}

function hostOf(host: string): string | null {
  try {
    return new URL(`http://${host.trim().replace(/^[a-z]+:\/\//i, '')}`).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}

function hostAllowed(url: URL, onlyHosts: readonly string[] | undefined): boolean {
  if (onlyHosts === undefined) return true;
  const host = url.hostname.replace(/^www\./, '');
  return onlyHosts.some((allowed) => {
    const bare = hostOf(allowed);
    return bare !== null && bare !== '' && (host === bare || host.endsWith(`.${bare}`));
  });
}

/**
 * One link with the tags added, or unchanged when it already carries any utm_* parameter (someone
 * tagged it on purpose; mixing their tags with ours would muddle both), is not http(s), or points to
 * a host outside `onlyHosts`. The link text is edited, not re-serialised, so everything else in it
 * (existing parameters, their order and encoding, the fragment) stays exactly as written.
 */
export function addUtmToUrl(link: string, params: UtmParams, options: UtmOptions = {}): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return link;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return link;
  if (!hostAllowed(url, options.onlyHosts)) return link;
  if ([...url.searchParams.keys()].some((key) => key.toLowerCase().startsWith('utm_'))) return link;

  const wanted: [string, string | undefined][] = [
    ['utm_source', params.source],
    ['utm_medium', params.medium],
    ['utm_campaign', params.campaign],
    ['utm_content', params.content],
  ];
  const tags = wanted
    .flatMap(([key, value]) => (value === undefined || value.trim() === '' ? [] : [`${key}=${encodeURIComponent(value.trim())}`]))
    .join('&');
  if (tags === '') return link;

  const hashAt = link.indexOf('#');
  const beforeHash = hashAt === -1 ? link : link.slice(0, hashAt);
  const fragment = hashAt === -1 ? '' : link.slice(hashAt);
  const queryAt = beforeHash.indexOf('?');
  let base = queryAt === -1 ? beforeHash : beforeHash.slice(0, queryAt);
  const query = queryAt === -1 ? '' : beforeHash.slice(queryAt + 1);
  // "https://belgium.be" has no path: add the "/" a browser would, so "?…" follows a path.
  if (/^https?:\/\/[^/]+$/i.test(base)) base += '/';
  const joined = query === '' ? tags : `${query.replace(/&+$/, '')}&${tags}`;
  return `${base}?${joined}${fragment}`;
}

/**
 * The text with UTM tags added to every http(s) link in it (links as twitter-text finds them, so
 * trailing punctuation and balanced parentheses are handled as the networks do). Links written
 * without a scheme ("belgium.be") are left alone: the networks' own link previews decide what they
 * become, and rewriting them would change what the reader sees.
 */
export function addUtmTags(text: string, params: UtmParams, options: UtmOptions = {}): string {
  const links = twitterText.extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: false });
  let result = text;
  for (const { url, indices } of [...links].reverse()) {
    const tagged = addUtmToUrl(url, params, options);
    if (tagged !== url) result = result.slice(0, indices[0]) + tagged + result.slice(indices[1]);
  }
  return result;
}
