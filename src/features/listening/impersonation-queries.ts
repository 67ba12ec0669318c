// What to type into a network's account search to find look-alikes of one official channel. Pure.
//
// Account search on Mastodon (word prefixes of user name and display name) and Bluesky (handle and
// display name) finds names that start like the query; it knows nothing of look-alike characters.
// So besides the handle's local part and the display name we also search:
//  - the first 60 % of the local part (finds "stadg3nt" and "stadgentt" from "stadg");
//  - the local part and the display name with one letter swapped, everywhere it occurs, for its
//    most common look-alike: a digit (o→0, l→1, i→1, e→3) or a Cyrillic letter (а е о с р х у і ѕ).
// At most MAX_QUERIES per channel, most useful first: a search costs a request against the
// instance's rate limit, and the lookalike engine judges every account the searches bring back.
import type { SearchedNetwork } from './impersonation-schema.js';

export const MAX_QUERIES = 10;

/** Swaps tried, in order of how often impersonators use them. */
const SWAPS: Array<[latin: string, lookalike: string]> = [
  ['o', '0'],
  ['e', '3'],
  ['l', '1'],
  ['i', '1'],
  ['a', 'а'], // Cyrillic а (U+0430)
  ['e', 'е'], // Cyrillic е (U+0435)
  ['o', 'о'], // Cyrillic о (U+043E)
  ['c', 'с'], // Cyrillic с (U+0441)
  ['p', 'р'], // Cyrillic р (U+0440)
  ['x', 'х'], // Cyrillic х (U+0445)
  ['y', 'у'], // Cyrillic у (U+0443)
  ['i', 'і'], // Cyrillic і (U+0456)
  ['s', 'ѕ'], // Cyrillic ѕ (U+0455)
];

/** Top-level domains that say nothing about who is behind a name (a city TLD like .gent or .brussels does). */
const GENERIC_TLDS = new Set(['be', 'nl', 'fr', 'de', 'lu', 'eu', 'com', 'org', 'net', 'info', 'social', 'app', 'io', 'me']);

/**
 * The part of a handle people read as the name: `stadgent` of `@stadgent@mastodon.social` and of
 * `stadgent.bsky.social`; for a Bluesky domain handle, the domain without a generic last label
 * (`info.gent.be` → `info.gent`) or whole when its last label is part of the name (`stad.gent`).
 */
export function localPartOf(network: SearchedNetwork, handle: string): string {
  const value = handle.trim().replace(/^@/, '');
  if (network === 'mastodon') return value.split('@')[0] ?? value;
  const lower = value.toLowerCase();
  if (lower.endsWith('.bsky.social')) return value.slice(0, -'.bsky.social'.length);
  const labels = value.split('.');
  const last = labels[labels.length - 1]?.toLowerCase() ?? '';
  return labels.length > 1 && GENERIC_TLDS.has(last) ? labels.slice(0, -1).join('.') : value;
}

/** The account domain of a Mastodon handle (`@user@host` → `host`), lower case; null when it has none. */
export function mastodonDomainOf(handle: string): string | null {
  const host = handle.trim().replace(/^@/, '').split('@')[1];
  return host ? host.toLowerCase() : null;
}

/** The search queries for one official channel, deduplicated (case-insensitively), at most `max`. */
export function searchQueries(names: { localPart: string; displayName: string | null }, max = MAX_QUERIES): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (query: string) => {
    const q = query.trim().replace(/\s+/g, ' ');
    const key = q.toLowerCase();
    if (q.length < 2 || seen.has(key) || out.length >= max) return;
    seen.add(key);
    out.push(q);
  };
  const local = names.localPart.trim();
  const display = names.displayName?.trim() ?? '';
  add(local);
  if (display) add(display);
  if (local.length >= 5) add(local.slice(0, Math.ceil(local.length * 0.6)));
  for (const [latin, lookalike] of SWAPS) {
    for (const name of [local, display]) {
      if (!name.toLowerCase().includes(latin)) continue;
      add(name.replace(new RegExp(latin, 'gi'), lookalike));
    }
  }
  return out;
}
