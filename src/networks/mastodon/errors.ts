import { MastoDeserializeError, MastoHttpError, MastoTimeoutError, MastoUnexpectedError } from 'masto';
import { ConnectorError } from '../connector.js';

/**
 * Turns what masto (or fetch) threw into a ConnectorError whose kind tells the publisher what it
 * may do next. The phase matters:
 * - `status`: creating the status. Once the request may have left, a failure without a clear
 *   answer (5xx, timeout, connection cut, unreadable reply) is `ambiguous`: the post may exist.
 * - `media`: uploading or polling media. No status can exist yet, so the same failures mean
 *   "nothing was posted, safe to try again" and are reported as `unavailable`.
 * - `read`: verify and lookups. Nothing is changed; an unclear failure is `ambiguous` (we could
 *   not find out), never a "not found".
 * Clear answers are the same in every phase: 429 → rate_limited, 401 → auth_expired, other 4xx →
 * rejected with Mastodon's own error text.
 */
export type Phase = 'status' | 'media' | 'read';

/** Connection failures that happen before a request is sent: nothing reached the server. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function unclear(phase: Phase, message: string, status?: number): ConnectorError {
  return phase === 'media'
    ? new ConnectorError('unavailable', `media upload failed, no status was sent: ${message}`, { status })
    : new ConnectorError('ambiguous', message, { status });
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

/** Seconds from Retry-After (seconds or HTTP date), else from X-RateLimit-Reset (ISO 8601). */
export function retryAfterSeconds(headers: Headers | undefined, now = Date.now()): number | undefined {
  const retryAfter = headers?.get('retry-after');
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter.trim())) return Number(retryAfter.trim());
    const at = Date.parse(retryAfter);
    if (!Number.isNaN(at)) return Math.max(1, Math.ceil((at - now) / 1000));
  }
  const reset = headers?.get('x-ratelimit-reset');
  if (reset) {
    const at = Date.parse(reset);
    if (!Number.isNaN(at)) return Math.max(1, Math.ceil((at - now) / 1000));
  }
  return undefined;
}

export function toConnectorError(error: unknown, phase: Phase): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (error instanceof MastoHttpError) {
    const status = error.statusCode;
    const response = error.cause instanceof Response ? error.cause : undefined;
    const requestId = response?.headers.get('x-request-id') ?? undefined;
    const message = error.message || `HTTP ${status}`;
    if (status === 429) {
      return new ConnectorError('rate_limited', message, { status, retryAfterSeconds: retryAfterSeconds(response?.headers), requestId });
    }
    if (status === 401) return new ConnectorError('auth_expired', message, { status, requestId });
    // 408: the server gave up waiting for the request; whether it acted on a part is unknown.
    if (status >= 500 || status === 408) return unclear(phase, message, status);
    return new ConnectorError('rejected', message, { status, requestId });
  }
  if (error instanceof MastoTimeoutError) return unclear(phase, 'timed out waiting for the reply');
  if (error instanceof MastoUnexpectedError || error instanceof MastoDeserializeError) {
    return unclear(phase, `unreadable reply: ${error.message}`);
  }
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return unclear(phase, error.name === 'TimeoutError' ? 'timed out waiting for the reply' : 'aborted before the reply arrived');
  }
  const code = errorCode(error);
  if (code && NOT_SENT_CODES.has(code)) {
    return new ConnectorError('unavailable', `could not connect to the instance (${code})`);
  }
  if (error instanceof TypeError && !code && error.message !== 'fetch failed') {
    // masto@7 reads an error reply served as text/html (a proxy's 502 page, Mastodon's own 500
    // page) as no data and then fails destructuring it: the status code is lost with it.
    return unclear(phase, `unreadable error reply (not JSON, status unknown): ${error.message}`);
  }
  // Socket closed, reset or hung up once connected: the request may have been received.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  const message = cause ?? (error instanceof Error ? error.message : String(error));
  return unclear(phase, `connection failed${code ? ` (${code})` : ''}: ${message}`);
}
