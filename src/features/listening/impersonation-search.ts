// Account search on Mastodon and Bluesky, for the impersonation scan, through the networks' own SDKs.
//
// - Mastodon: `GET /api/v2/search?type=accounts&q=…&resolve=false&limit=40` with masto@7, on the
//   official channel's instance, with the channel's token when it is connected (many instances
//   only let signed-in accounts search). The instance address is user-given (registry or
//   connection), so it is checked against the private-network rules first (assertReachableUrl).
// - Bluesky: `app.bsky.actor.searchActors` with @atproto/api against the AppView the installation
//   configured (KANAAL_BLUESKY_APPVIEW, default https://public.api.bsky.app): no account needed.
// Every failure becomes a SearchFailure: a code with its values (impersonation-error-text.ts), to
// say it in the reader's language, and its message, the same in plain English words.
import { AtpAgent } from '@atproto/api';
import { createRestAPIClient, MastoTimeoutError } from 'masto';
import { assertReachableUrl, DEFAULT_USER_AGENT, UnsafeUrlError } from '../../kit/safe-fetch.js';
import { toConnectorError as blueskyError } from '../../networks/bluesky/errors.js';
import type { ConnectorError } from '../../networks/connector.js';
import { toConnectorError as mastodonError } from '../../networks/mastodon/errors.js';
import type { CodedParams, ParamsArgs } from '../../kit/coded-text.js';
import { type SCAN_ERROR_TEXT, type ScanErrorCode, scanError } from './impersonation-error-text.js';
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

/** A search that did not work; `message` says why in English words a communicator can act on. */
export class SearchFailure<Code extends ScanErrorCode = ScanErrorCode> extends Error {
  readonly params: CodedParams;

  constructor(
    readonly code: Code,
    ...params: ParamsArgs<(typeof SCAN_ERROR_TEXT)[Code]>
  ) {
    const error = scanError(code, ...params);
    super(error.text);
    this.params = error.params;
  }
}

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
    if (error instanceof UnsafeUrlError) {
      throw /private or internal network/.test(error.message)
        ? new SearchFailure('instance_private_address', { address: instanceUrl })
        : new SearchFailure('instance_address_refused', { address: instanceUrl, message: error.message });
    }
    throw new SearchFailure('instance_not_found', { host: new URL(instanceUrl).host });
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
  if (error instanceof MastoTimeoutError) return new SearchFailure('instance_timeout', { seconds: seconds(timeoutMs) });
  const e = mastodonError(error, 'read');
  if (e.kind === 'auth_expired') return new SearchFailure(target.accessToken ? 'token_refused' : 'sign_in_required');
  if (e.kind === 'rejected' && e.details.status === 403) return new SearchFailure('token_not_permitted');
  return commonFailure(e, 'instance', timeoutMs);
}

async function searchBluesky(
  target: Extract<SearchTarget, { network: 'bluesky' }>,
  query: string,
  timeoutMs: number,
): Promise<RemoteAccount[]> {
  const agent = new AtpAgent({ service: target.appViewUrl, fetch: timedFetch(timeoutMs) });
  let actors: Array<{ did: string; handle: string; displayName?: string; avatar?: string }>;
  try {
    const { data } = await agent.app.bsky.actor.searchActors({ q: query, limit: SEARCH_LIMIT });
    actors = data.actors;
  } catch (error) {
    const e = blueskyError(error, 'read');
    if (e.kind === 'auth_expired') throw new SearchFailure('bluesky_refused_request', { status: e.details.status ?? 401 });
    throw commonFailure(e, 'bluesky', timeoutMs);
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

/** The failures a Mastodon instance and the Bluesky search service have in common, each with its server's code. */
function commonFailure(e: ConnectorError, server: 'instance' | 'bluesky', timeoutMs: number): SearchFailure {
  const status = e.details.status;
  const retryAfter = e.details.retryAfterSeconds;
  switch (e.kind) {
    case 'rate_limited':
      return retryAfter
        ? new SearchFailure(`${server}_rate_limited_retry`, { seconds: retryAfter })
        : new SearchFailure(`${server}_rate_limited`);
    case 'unavailable':
      return new SearchFailure(`${server}_unreachable`);
    case 'rejected':
      return new SearchFailure(`${server}_refused_search`, { status: status ?? '4xx', message: e.message });
    default:
      if (/timed out/.test(e.message)) return new SearchFailure(`${server}_timeout`, { seconds: seconds(timeoutMs) });
      return status
        ? new SearchFailure(`${server}_status`, { status })
        : new SearchFailure(`${server}_unusable_answer`, { message: e.message });
  }
}

/** In seconds, to a tenth (a test's 300 ms is 0.3 s). */
function seconds(ms: number): number {
  return Math.round(ms / 100) / 10;
}
