// Account search on Mastodon and Bluesky, for the impersonation scan, through the networks' own SDKs.
//
// - Mastodon: `GET /api/v2/search?type=accounts&q=…&resolve=false&limit=40` with masto@7, on the
//   official channel's instance, with the channel's token when it is connected (many instances
//   only let signed-in accounts search). The instance address is user-given (registry or
//   connection), so it is checked against the private-network rules first (assertReachableUrl).
// - Bluesky: `app.bsky.actor.searchActors` with @atproto/api against the AppView the installation
//   configured (KANAAL_BLUESKY_APPVIEW, default https://public.api.bsky.app): no account needed.
// Every failure becomes a SearchFailure whose message is plain words for the scan's status.
import { AtpAgent } from '@atproto/api';
import { createRestAPIClient, MastoTimeoutError } from 'masto';
import { assertReachableUrl, DEFAULT_USER_AGENT, UnsafeUrlError } from '../../kit/safe-fetch.js';
import { toConnectorError as blueskyError } from '../../networks/bluesky/errors.js';
import type { ConnectorError } from '../../networks/connector.js';
import { toConnectorError as mastodonError } from '../../networks/mastodon/errors.js';
import { localPartOf } from './impersonation-queries.js';
import type { RemoteAccount } from './impersonation-score.js';

export const SEARCH_LIMIT = 40;
export const DEFAULT_SEARCH_TIMEOUT_MS = 10_000;

export type SearchTarget =
  | {
      network: 'mastodon';
      /** The instance's web address (https://mastodon.social). */
      instanceUrl: string;
      /** The account domain local accounts belong to (the official handle's). */
      domain: string;
      accessToken: string | null;
    }
  | { network: 'bluesky'; appViewUrl: string };

export type SearchOptions = {
  timeoutMs?: number;
  /** Private addresses an instance may have (KANAAL_ALLOW_URLS), for checkInstanceAddress. */
  allow?: string[];
};

/** A search that did not work; `message` says why in words a communicator can act on. */
export class SearchFailure extends Error {}

/**
 * The accounts the network finds for `query` (at most SEARCH_LIMIT). Throws SearchFailure. A
 * Mastodon instance address must have passed checkInstanceAddress first.
 */
export async function searchAccounts(target: SearchTarget, query: string, options: SearchOptions = {}): Promise<RemoteAccount[]> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SEARCH_TIMEOUT_MS;
  return target.network === 'mastodon' ? searchMastodon(target, query, timeoutMs) : searchBluesky(target, query, timeoutMs);
}

/** Checks once per scan that the instance address may be reached (not a private network). */
export async function checkInstanceAddress(instanceUrl: string, options: SearchOptions = {}): Promise<void> {
  try {
    await assertReachableUrl(instanceUrl, { allow: options.allow, timeoutMs: options.timeoutMs ?? DEFAULT_SEARCH_TIMEOUT_MS });
  } catch (error) {
    if (error instanceof UnsafeUrlError) throw new SearchFailure(`the instance address ${instanceUrl} cannot be used: ${error.message}`);
    throw new SearchFailure(`the instance ${new URL(instanceUrl).host} could not be found`);
  }
}

async function searchMastodon(
  target: Extract<SearchTarget, { network: 'mastodon' }>,
  query: string,
  timeoutMs: number,
): Promise<RemoteAccount[]> {
  const client = createRestAPIClient({
    url: target.instanceUrl,
    ...(target.accessToken ? { accessToken: target.accessToken } : {}),
    timeout: timeoutMs,
    requestInit: { headers: { 'User-Agent': DEFAULT_USER_AGENT } },
  });
  let accounts: Array<{ id: string; acct: string; displayName?: string | null; url?: string | null; avatar?: string | null }>;
  try {
    const result = await client.v2.search.list({ q: query, type: 'accounts', resolve: false, limit: SEARCH_LIMIT });
    accounts = Array.isArray(result?.accounts) ? result.accounts : [];
  } catch (error) {
    throw mastodonFailure(error, target, timeoutMs);
  }
  const out: RemoteAccount[] = [];
  for (const account of accounts) {
    if (typeof account?.id !== 'string' || typeof account.acct !== 'string' || account.acct === '') continue;
    const [user, domain] = account.acct.split('@');
    if (!user) continue;
    out.push({
      network: 'mastodon',
      remoteId: account.id,
      handle: `@${user}@${(domain ?? target.domain).toLowerCase()}`,
      localPart: user,
      displayName: typeof account.displayName === 'string' && account.displayName !== '' ? account.displayName : null,
      profileUrl: typeof account.url === 'string' ? account.url : null,
      avatarUrl: typeof account.avatar === 'string' ? account.avatar : null,
    });
  }
  return out;
}

function mastodonFailure(error: unknown, target: Extract<SearchTarget, { network: 'mastodon' }>, timeoutMs: number): SearchFailure {
  if (error instanceof MastoTimeoutError) return new SearchFailure(`the instance did not answer within ${seconds(timeoutMs)}`);
  const e = mastodonError(error, 'read');
  if (e.kind === 'auth_expired') {
    return new SearchFailure(
      target.accessToken
        ? "the instance refused the channel's token: connect the channel again"
        : 'the instance only lets signed-in accounts search: connect the channel so Kanaal can search with its token',
    );
  }
  if (e.kind === 'rejected' && e.details.status === 403) {
    return new SearchFailure("the channel's token may not search (it needs the read or read:search permission): connect the channel again");
  }
  return new SearchFailure(commonFailure(e, 'instance', timeoutMs));
}

async function searchBluesky(target: Extract<SearchTarget, { network: 'bluesky' }>, query: string, timeoutMs: number): Promise<RemoteAccount[]> {
  const agent = new AtpAgent({ service: target.appViewUrl, fetch: timedFetch(timeoutMs) });
  let actors: Array<{ did: string; handle: string; displayName?: string; avatar?: string }>;
  try {
    const { data } = await agent.app.bsky.actor.searchActors({ q: query, limit: SEARCH_LIMIT });
    actors = data.actors;
  } catch (error) {
    throw new SearchFailure(commonFailure(blueskyError(error, 'read'), 'Bluesky search service', timeoutMs));
  }
  return actors.map((actor) => {
    const handle = actor.handle.toLowerCase();
    return {
      network: 'bluesky' as const,
      remoteId: actor.did,
      handle,
      localPart: localPartOf('bluesky', handle),
      displayName: actor.displayName?.trim() ? actor.displayName : null,
      profileUrl: `https://bsky.app/profile/${handle}`,
      avatarUrl: actor.avatar ?? null,
    };
  });
}

/** fetch with a time limit and our User-Agent (the AppView is configured by the installation, not user-given). */
function timedFetch(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const request = new Request(input, init);
    request.headers.set('user-agent', DEFAULT_USER_AGENT);
    return fetch(request, { signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), request.signal]) });
  };
}

function commonFailure(e: ConnectorError, server: string, timeoutMs: number): string {
  const status = e.details.status;
  switch (e.kind) {
    case 'rate_limited':
      return `the ${server} asks to slow down (HTTP 429)${e.details.retryAfterSeconds ? `; try again in ${e.details.retryAfterSeconds} s` : ''}`;
    case 'unavailable':
      return `could not connect to the ${server}`;
    case 'auth_expired':
      return `the ${server} refused the request (HTTP ${status ?? 401})`;
    case 'rejected':
      return `the ${server} refused the search (HTTP ${status ?? '4xx'}): ${e.message}`;
    default:
      if (/timed out/.test(e.message)) return `the ${server} did not answer within ${seconds(timeoutMs)}`;
      return status ? `the ${server} answered with an error (HTTP ${status})` : `the ${server}'s answer could not be used (${e.message})`;
  }
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}
