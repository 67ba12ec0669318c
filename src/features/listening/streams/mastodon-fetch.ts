/**
 * The REST side of Mastodon listening, all through safeFetch (the instance URL is user-given):
 * finding the streaming server and the instance's account domain, and polling a timeline for the
 * statuses a stream missed while it was disconnected (Mastodon streaming has no cursor).
 */
import { type SafeFetchOptions, safeFetch, UnsafeUrlError } from '../../../kit/safe-fetch.js';
import { type SourceItem, SourceError } from '../sources/item.js';
import { compareStatusIds, instanceDomain, type MastodonStatus, statusToItem } from './mastodon-status.js';

export type MastodonStreamSpec =
  | { stream: 'hashtag' | 'hashtag:local'; tag: string }
  | { stream: 'public' | 'public:local' | 'public:remote' };

/** One string per stream (`hashtag:wijk`, `public:local`), for maps and logs. Tags compare case-insensitively. */
export function streamKey(spec: MastodonStreamSpec): string {
  return 'tag' in spec ? `${spec.stream}:${spec.tag.toLowerCase()}` : spec.stream;
}

export type MastodonRestOptions = {
  accessToken?: string;
  /** Hosts or CIDRs that may be reached even if private. Default: KANAAL_ALLOW_URLS. */
  allow?: string[];
  timeoutMs?: number;
};

function fetchOptions(options: MastodonRestOptions): SafeFetchOptions {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.accessToken) headers.authorization = `Bearer ${options.accessToken}`;
  return { headers, allow: options.allow, timeoutMs: options.timeoutMs ?? 15_000, maxBytes: 4 * 1024 * 1024 };
}

export type InstanceInfo = {
  /** Account domain for local accounts (Mastodon's LOCAL_DOMAIN, may differ from the web host). */
  domain: string;
  /** Where the streaming API lives (often the instance itself, sometimes a separate host). */
  streamingUrl: string;
};

/**
 * Reads /api/v2/instance for the account domain and `configuration.urls.streaming`. When the instance
 * does not answer usefully, falls back to the instance URL's host for both. A refused (private)
 * address is not a fallback case: UnsafeUrlError is thrown.
 */
export async function discoverInstance(instanceUrl: string, options: MastodonRestOptions = {}): Promise<InstanceInfo> {
  const fallback: InstanceInfo = { domain: instanceDomain(instanceUrl), streamingUrl: instanceUrl };
  try {
    const response = await safeFetch(new URL('/api/v2/instance', instanceUrl).toString(), fetchOptions(options));
    if (response.status !== 200) return fallback;
    const body = JSON.parse(response.body.toString('utf8')) as {
      domain?: unknown;
      configuration?: { urls?: { streaming?: unknown } };
    };
    const streaming = body.configuration?.urls?.streaming;
    return {
      domain: typeof body.domain === 'string' && body.domain !== '' ? body.domain.toLowerCase() : fallback.domain,
      streamingUrl: typeof streaming === 'string' && /^(wss?|https?):\/\//i.test(streaming) ? streaming : fallback.streamingUrl,
    };
  } catch (error) {
    if (error instanceof UnsafeUrlError) throw error;
    return fallback;
  }
}

/** REST timeline for a stream: `/api/v1/timelines/tag/:tag` or `/api/v1/timelines/public`, with its flags. */
export function timelineUrl(instanceUrl: string, spec: MastodonStreamSpec): URL {
  const url =
    'tag' in spec
      ? new URL(`/api/v1/timelines/tag/${encodeURIComponent(spec.tag)}`, instanceUrl)
      : new URL('/api/v1/timelines/public', instanceUrl);
  if (spec.stream === 'hashtag:local' || spec.stream === 'public:local') url.searchParams.set('local', 'true');
  if (spec.stream === 'public:remote') url.searchParams.set('remote', 'true');
  return url;
}

export type FetchSinceResult = {
  /** Oldest first. */
  items: SourceItem[];
  /** Newest status id seen: pass it as `sinceId` next time. Null when nothing new. */
  newestId: string | null;
  /** False when `maxPages` ran out before the gap was filled: call again with `newestId`. */
  complete: boolean;
};

function refusal(status: number, retryAfter: string | null): SourceError {
  if (status === 401 || status === 403) return new SourceError('token_required', {}, { status });
  if (status === 404) return new SourceError('timeline_missing', {}, { status });
  if (status === 429) {
    const seconds = Number(retryAfter);
    return new SourceError(
      'rate_limited',
      {},
      {
        status,
        retryAfterSeconds: Number.isFinite(seconds) && seconds >= 0 ? seconds : undefined,
      },
    );
  }
  return new SourceError('instance_status', { status }, { status });
}

/**
 * Statuses of a stream's timeline newer than `sinceId`, to fill the gap a reconnect left. Pages with
 * `min_id` rather than `since_id`: both mean "newer than", but `since_id` answers the newest page
 * only, so a gap longer than one page would silently lose its middle; `min_id` answers the page just
 * after the id, so walking forward covers any gap. `localDomain` is added to local authors (see
 * statusToItem); default the instance URL's host.
 */
export async function fetchSince(
  instanceUrl: string,
  stream: MastodonStreamSpec,
  sinceId: string,
  options: MastodonRestOptions & { localDomain?: string; maxPages?: number; limit?: number } = {},
): Promise<FetchSinceResult> {
  const domain = options.localDomain ?? instanceDomain(instanceUrl);
  const limit = options.limit ?? 40;
  const maxPages = options.maxPages ?? 5;
  const items: SourceItem[] = [];
  let cursor = sinceId;
  let newestId: string | null = null;

  for (let page = 0; page < maxPages; page++) {
    const url = timelineUrl(instanceUrl, stream);
    url.searchParams.set('min_id', cursor);
    url.searchParams.set('limit', String(limit));
    const response = await safeFetch(url.toString(), fetchOptions(options));
    if (response.status !== 200) throw refusal(response.status, response.headers.get('retry-after'));
    let statuses: MastodonStatus[];
    try {
      statuses = JSON.parse(response.body.toString('utf8')) as MastodonStatus[];
    } catch {
      throw new SourceError('invalid_json');
    }
    if (!Array.isArray(statuses)) throw new SourceError('not_a_status_list');

    const fresh = statuses
      .filter(
        (status): status is MastodonStatus & { id: string } => typeof status?.id === 'string' && compareStatusIds(status.id, cursor) > 0,
      )
      .sort((a, b) => compareStatusIds(a.id, b.id));
    for (const status of fresh) {
      const item = statusToItem(status, domain);
      if (item !== null) items.push(item);
    }
    const last = fresh[fresh.length - 1];
    if (last === undefined) return { items, newestId, complete: true };
    newestId = last.id;
    cursor = last.id;
    if (statuses.length < limit) return { items, newestId, complete: true };
  }
  return { items, newestId, complete: false };
}
