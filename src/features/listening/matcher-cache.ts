import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { compileMatcher, type Matcher } from './matcher/index.js';
import { listeningSettings, watchlists } from './schema.js';

/**
 * One compiled matcher per organisation (all its active watchlists together), rebuilt when the
 * organisation's `watchlist_version` moves. The version lives in the database, so a change made by
 * a web process reaches every worker process on its next batch; the cache is per database handle.
 */
type Entry = { version: number; matcher: Matcher; names: Map<string, string> };
const caches = new WeakMap<object, Map<string, Entry>>();

/** Called in the transaction that creates, changes or deletes a watchlist. */
export async function bumpWatchlistVersion(tx: DbOrTx, organisationId: string): Promise<void> {
  await tx
    .insert(listeningSettings)
    .values({ organisationId, watchlistVersion: 1 })
    .onConflictDoUpdate({
      target: listeningSettings.organisationId,
      set: { watchlistVersion: sql`${listeningSettings.watchlistVersion} + 1`, updatedAt: sql`now()` },
    });
}

/**
 * The matcher for `organisationId` at `version` (read by the caller, before this call, so a change
 * committed in between is picked up on the next batch at the latest). Queries are watchlist ids.
 */
export async function matcherFor(
  db: DbOrTx,
  cacheKey: object,
  organisationId: string,
  version: number,
): Promise<{ matcher: Matcher; names: Map<string, string> }> {
  let cache = caches.get(cacheKey);
  if (!cache) {
    cache = new Map();
    caches.set(cacheKey, cache);
  }
  const cached = cache.get(organisationId);
  if (cached && cached.version === version) return cached;
  const list = await db
    .select({ id: watchlists.id, name: watchlists.name, query: watchlists.query })
    .from(watchlists)
    .where(and(eq(watchlists.organisationId, organisationId), eq(watchlists.active, true)));
  // A stored query always parsed when it was saved; compileMatcher leaves out any that no longer
  // would (a stricter parser after an upgrade) instead of failing the whole organisation.
  const { matcher } = compileMatcher(list.map((w) => ({ id: w.id, query: w.query })));
  const entry: Entry = { version, matcher, names: new Map(list.map((w) => [w.id, w.name])) };
  cache.set(organisationId, entry);
  return entry;
}

/** Small cache of compiled keyword filters (a source's `keywords`), keyed by the query text. */
const keywordMatchers = new Map<string, Matcher>();

export function keywordMatcher(query: string): Matcher {
  let matcher = keywordMatchers.get(query);
  if (!matcher) {
    if (keywordMatchers.size > 500) keywordMatchers.clear();
    matcher = compileMatcher([{ id: 'keywords', query }]).matcher;
    keywordMatchers.set(query, matcher);
  }
  return matcher;
}
