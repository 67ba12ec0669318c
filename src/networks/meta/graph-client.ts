import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_USER_AGENT } from '../../kit/safe-fetch.js';
import { ConnectorError, type ConnectedAccount, type ConnectorOptions, type MediaItem } from '../connector.js';

/**
 * The Graph API over plain `fetch`, shared by the Facebook, Instagram and Threads connectors.
 * Meta publishes no maintained official Node SDK for publishing (facebook-nodejs-business-sdk is
 * the Marketing API SDK; there is none for Threads), and the calls are simple form posts, so
 * Kanaal speaks HTTP itself.
 *
 * Classification (developers.facebook.com/docs/graph-api/guides/error-handling, rate-limiting):
 * - throttling codes 4 (app), 17 (user), 32 (page), 613 (custom), 80001–80014 (Business Use
 *   Case), and HTTP 429 → `rate_limited`, retry after `estimated_time_to_regain_access` (minutes)
 *   from `X-Business-Use-Case-Usage`, else a conservative hour (platform limits are a rolling
 *   hour; `X-App-Usage` gives percentages, no time). Instagram's 25/100-posts-a-day publishing
 *   cap (code 9, subcode 2207042) is rate_limited too, retried after an hour.
 * - 190 (expired/invalid token) and 102 (session) → `auth_expired`.
 * - 5xx, `is_transient` errors, codes 1/2, timeouts and connections cut after sending →
 *   unclear: `ambiguous` in the `publish` phase (the post may exist), `unavailable` in `prepare`
 *   (uploading photos, making containers: nothing is public yet), `ambiguous` in `read`.
 * - refused connections / DNS failures → `unavailable` (nothing left).
 * - any other 4xx (code 100 etc.) → `rejected` with Graph's own message.
 */

export type Phase = 'prepare' | 'publish' | 'read';

export type GraphError = {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  is_transient?: boolean;
  error_user_msg?: string;
  fbtrace_id?: string;
};

/** Where Instagram and Threads fetch an image from: Kanaal's signed public URL for that media item. */
export type ImageUrlFor = (media: MediaItem, context: { channelId: string; index: number }) => string | Promise<string>;

const DEFAULT_TIMEOUT_MS = 30_000;
const THROTTLE_CODES = new Set([4, 17, 32, 613, 80001, 80002, 80004, 80005, 80006, 80008, 80014]);
const AUTH_CODES = new Set([190, 102]);
export const DEFAULT_RETRY_AFTER_SECONDS = 3600;
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function unclear(phase: Phase, message: string, status?: number, requestId?: string): ConnectorError {
  return phase === 'prepare'
    ? new ConnectorError('unavailable', `preparing the post failed, nothing was published: ${message}`, { status, requestId })
    : new ConnectorError('ambiguous', message, { status, requestId });
}

/** Seconds until Meta lets the account call again, from the usage headers; undefined when they say nothing. */
export function retryAfterFromUsage(headers: Headers): number | undefined {
  let minutes: number | undefined;
  for (const name of ['x-business-use-case-usage', 'x-ad-account-usage']) {
    const raw = headers.get(name);
    if (!raw) continue;
    try {
      const parsed: unknown = JSON.parse(raw);
      const entries = Array.isArray(parsed) ? parsed : Object.values(parsed as Record<string, unknown>).flat();
      for (const entry of entries) {
        const value = (entry as { estimated_time_to_regain_access?: unknown })?.estimated_time_to_regain_access;
        if (typeof value === 'number' && value > 0) minutes = Math.max(minutes ?? 0, value);
      }
    } catch {
      // An unreadable header tells us nothing; the default applies.
    }
  }
  return minutes === undefined ? undefined : minutes * 60;
}

export function classifyGraphError(status: number, error: GraphError | undefined, headers: Headers, phase: Phase): ConnectorError {
  const requestId = error?.fbtrace_id ?? headers.get('x-fb-trace-id') ?? undefined;
  const code = error?.code;
  const base = error?.message ?? `HTTP ${status}`;
  const message = error?.error_user_msg && error.error_user_msg !== base ? `${base} (${error.error_user_msg})` : base;
  if (status === 429 || (code !== undefined && THROTTLE_CODES.has(code))) {
    return new ConnectorError('rate_limited', message, {
      status,
      requestId,
      retryAfterSeconds: retryAfterFromUsage(headers) ?? DEFAULT_RETRY_AFTER_SECONDS,
    });
  }
  if (code === 9 && error?.error_subcode === 2207042) {
    return new ConnectorError('rate_limited', message, { status, requestId, retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS });
  }
  if ((code !== undefined && AUTH_CODES.has(code)) || status === 401)
    return new ConnectorError('auth_expired', message, { status, requestId });
  if (status >= 500 || status === 408 || error?.is_transient === true || code === 1 || code === 2)
    return unclear(phase, message, status, requestId);
  if (status >= 400 && error) return new ConnectorError('rejected', message, { status, requestId });
  return unclear(phase, `unexpected reply: HTTP ${status}`, status, requestId);
}

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function classifyNetworkError(error: unknown, phase: Phase): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return unclear(phase, error.name === 'TimeoutError' ? 'timed out waiting for the reply' : 'aborted before the reply arrived');
  }
  const code = errorCode(error);
  if (code && NOT_SENT_CODES.has(code)) return new ConnectorError('unavailable', `could not connect to the Graph API (${code})`);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  return unclear(
    phase,
    `connection failed${code ? ` (${code})` : ''}: ${cause ?? (error instanceof Error ? error.message : String(error))}`,
  );
}

export type GraphCall = {
  method: 'GET' | 'POST';
  /** Path after the version: `/{page-id}/feed`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  /** Form fields (url-encoded), or a FormData for multipart uploads. */
  form?: Record<string, string | undefined> | FormData;
};

export type GraphClient = {
  call<T>(call: GraphCall, phase: Phase): Promise<T>;
  /** Follows an absolute `paging.next` URL (same host; the token is sent again as a header). */
  next<T>(url: string, phase: Phase): Promise<T>;
};

/**
 * A client for one account. The token travels as `Authorization: Bearer` (Graph accepts it like
 * the `access_token` parameter) so it never lands in URLs and proxy logs.
 */
export function graphClient(account: ConnectedAccount, accessToken: string, version: string, options: ConnectorOptions = {}): GraphClient {
  if (!URL.canParse(account.apiBaseUrl) || !/^https?:$/.test(new URL(account.apiBaseUrl).protocol)) {
    throw new ConnectorError('rejected', `"${account.apiBaseUrl}" is not an API address`);
  }
  const base = new URL(account.apiBaseUrl);
  const prefix = `${base.origin}${base.pathname.replace(/\/$/, '')}/${version}`;

  async function send<T>(url: URL, init: RequestInit, phase: Phase): Promise<T> {
    const signals = [AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS), ...(options.signal ? [options.signal] : [])];
    let response: Response;
    let text: string;
    try {
      response = await fetch(url, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${accessToken}`, 'User-Agent': DEFAULT_USER_AGENT },
        signal: AbortSignal.any(signals),
      });
      text = await response.text();
    } catch (error) {
      throw classifyNetworkError(error, phase);
    }
    let parsed: unknown;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    const graphError = (parsed as { error?: GraphError } | undefined)?.error;
    if (!response.ok || graphError) throw classifyGraphError(response.status, graphError, response.headers, phase);
    if (parsed === undefined || typeof parsed !== 'object')
      throw unclear(phase, `unreadable reply (HTTP ${response.status})`, response.status);
    return parsed as T;
  }

  return {
    call<T>({ method, path, query, form }: GraphCall, phase: Phase) {
      const url = new URL(`${prefix}${path}`);
      for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
      let body: URLSearchParams | FormData | undefined;
      if (form instanceof FormData) body = form;
      else if (form) {
        body = new URLSearchParams();
        for (const [key, value] of Object.entries(form)) if (value !== undefined) body.append(key, value);
      }
      return send<T>(url, { method, ...(body ? { body } : {}) }, phase);
    },
    next<T>(nextUrl: string, phase: Phase) {
      const url = new URL(nextUrl);
      if (url.origin !== base.origin) throw new ConnectorError('ambiguous', `paging left the API host: ${url.origin}`);
      url.searchParams.delete('access_token');
      return send<T>(url, { method: 'GET' }, phase);
    },
  };
}

/** Container polling: first read after 250 ms, doubling up to 10 s, for at most 5 minutes (Meta: "no more than 5 minutes"). */
export const CONTAINER_POLL = { firstDelayMs: 250, maxDelayMs: 10_000, totalMs: 5 * 60_000 };

/**
 * Waits until an Instagram or Threads container is FINISHED. ERROR → `rejected` with Meta's
 * reason (the image could not be fetched or is not accepted); EXPIRED or still IN_PROGRESS at
 * the deadline → `unavailable` (nothing was published; a new attempt makes a new container).
 */
export async function waitForContainer(
  client: GraphClient,
  containerId: string,
  field: 'status_code' | 'status',
  signal: AbortSignal | undefined,
): Promise<void> {
  const deadline = Date.now() + CONTAINER_POLL.totalMs;
  let delay = CONTAINER_POLL.firstDelayMs;
  for (;;) {
    const fields = field === 'status_code' ? 'status_code,status' : 'status,error_message';
    const reply = await client.call<{ status_code?: string; status?: string; error_message?: string }>(
      { method: 'GET', path: `/${containerId}`, query: { fields } },
      'prepare',
    );
    const status = field === 'status_code' ? reply.status_code : reply.status;
    if (status === 'FINISHED') return;
    if (status === 'ERROR') {
      const reason = field === 'status_code' ? reply.status : reply.error_message;
      throw new ConnectorError('rejected', `Meta could not process the media: ${reason ?? 'ERROR'}`);
    }
    if (status !== 'IN_PROGRESS')
      throw new ConnectorError('unavailable', `media container ${containerId} is ${status ?? 'unknown'}; nothing was published`);
    if (Date.now() + delay > deadline) {
      throw new ConnectorError(
        'unavailable',
        `media container ${containerId} still processing after ${CONTAINER_POLL.totalMs / 1000} s; nothing was published`,
      );
    }
    try {
      await sleep(delay, undefined, signal ? { signal } : {});
    } catch (error) {
      throw classifyNetworkError(error, 'prepare');
    }
    delay = Math.min(delay * 2, CONTAINER_POLL.maxDelayMs);
  }
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Text as networks compare it: line endings unified, outer whitespace ignored. */
export function comparable(text: string | undefined): string {
  return (text ?? '').replace(/\r\n?/g, '\n').normalize('NFC').trim();
}

/** Recent-posts lookup window: from `since` minus a clock-skew margin; pages of 50, at most 10 pages. */
export const LOOKUP = { pageSize: 50, maxPages: 10, clockSkewMs: 5 * 60_000 };

export type GraphPage<T> = { data?: T[]; paging?: { next?: string } };

/**
 * Walks a newest-first edge (`/feed`, `/media`, `/threads`) from `since` (minus skew) and returns
 * the first item `isOurs` accepts; null when the window holds none. If the window is larger than
 * the lookup may read, it says so (`ambiguous`) instead of "not published".
 */
export async function findInRecent<T extends { id: string }>(
  client: GraphClient,
  call: GraphCall,
  since: Date,
  createdAt: (item: T) => string | undefined,
  isOurs: (item: T) => boolean,
): Promise<T | null> {
  const floor = since.getTime() - LOOKUP.clockSkewMs;
  let page = await client.call<GraphPage<T>>(
    { ...call, query: { ...call.query, limit: LOOKUP.pageSize, since: Math.floor(floor / 1000) } },
    'read',
  );
  for (let n = 0; n < LOOKUP.maxPages; n += 1) {
    for (const item of page.data ?? []) {
      const at = Date.parse((createdAt(item) ?? '').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
      if (!Number.isNaN(at) && at < floor) return null;
      if (isOurs(item)) return item;
    }
    if (!page.paging?.next || (page.data ?? []).length === 0) return null;
    page = await client.next<GraphPage<T>>(page.paging.next, 'read');
  }
  throw new ConnectorError(
    'ambiguous',
    `more than ${LOOKUP.maxPages * LOOKUP.pageSize} posts since ${since.toISOString()}; cannot rule out an earlier post`,
  );
}

/** The signer given to the connector factory wins; else one the caller put in the credentials at call time. */
export function imageUrlSource(account: ConnectedAccount, fromFactory: ImageUrlFor | undefined): ImageUrlFor {
  const fromCredentials = account.credentials.imageUrlFor;
  const chosen = fromFactory ?? (typeof fromCredentials === 'function' ? (fromCredentials as ImageUrlFor) : undefined);
  if (!chosen) {
    throw new ConnectorError(
      'rejected',
      'no public media URL is configured for Meta: Instagram and Threads fetch images from a URL, so Kanaal must expose media at a signed public URL',
    );
  }
  return chosen;
}
