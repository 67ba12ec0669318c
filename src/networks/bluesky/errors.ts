import { XRPCError } from '@atproto/api';
import { ConnectorError } from '../connector.js';

/**
 * Turns what @atproto/api (XRPCError) or fetch threw into a ConnectorError whose kind tells the
 * publisher what it may do next. As for Mastodon, the phase matters:
 * - `post`: createRecord. Once the request may have left, a failure without a clear answer (5xx,
 *   timeout, connection cut, unreadable reply) is `ambiguous`: the post may exist.
 * - `prepare`: login, session refresh, blob uploads, facet lookups. No post can exist yet, so the
 *   same failures mean "nothing was posted, safe to try again": `unavailable`.
 * - `read`: verify and lookups. Nothing is changed; an unclear failure is `ambiguous` (we could
 *   not find out), never a "not found".
 * Clear answers are the same in every phase: 429 → rate_limited (retry after `ratelimit-reset`),
 * 401 or ExpiredToken/InvalidToken → auth_expired, other 4xx → rejected with the PDS's message.
 */
export type Phase = 'post' | 'prepare' | 'read';

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

const AUTH_ERRORS = new Set(['ExpiredToken', 'InvalidToken', 'AuthenticationRequired', 'AccountTakedown', 'AuthMissing']);

function unclear(phase: Phase, message: string, status?: number): ConnectorError {
  return phase === 'prepare'
    ? new ConnectorError('unavailable', `${message}; no post was sent`, { status })
    : new ConnectorError('ambiguous', message, { status });
}

/** The first `code` / DOMException name along the cause chain (fetch hides the socket error in `cause`). */
function rootCause(error: unknown): { code?: string; name?: string; message?: string } {
  let current: unknown = error;
  let found: { code?: string; name?: string; message?: string } = {};
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth += 1) {
    const { code, name, message } = current as { code?: unknown; name?: unknown; message?: unknown };
    if (typeof code === 'string') return { code, name: String(name), message: String(message) };
    if (name === 'TimeoutError' || name === 'AbortError') return { name, message: String(message) };
    if (typeof message === 'string') found = { message };
    current = (current as { cause?: unknown }).cause;
  }
  return found;
}

/** Seconds until `ratelimit-reset` (Unix seconds, what Bluesky sends), else from Retry-After. */
export function retryAfterSeconds(headers: Record<string, string | undefined> | undefined, now = Date.now()): number | undefined {
  const get = (name: string) =>
    Object.entries(headers ?? {})
      .find(([key]) => key.toLowerCase() === name)?.[1]
      ?.trim();
  const reset = get('ratelimit-reset');
  if (reset && /^\d+$/.test(reset)) return Math.max(1, Math.ceil(Number(reset) - now / 1000));
  const retryAfter = get('retry-after');
  if (retryAfter && /^\d+$/.test(retryAfter)) return Number(retryAfter);
  if (retryAfter && !Number.isNaN(Date.parse(retryAfter))) return Math.max(1, Math.ceil((Date.parse(retryAfter) - now) / 1000));
  return undefined;
}

export function toConnectorError(error: unknown, phase: Phase): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (error instanceof XRPCError && error.status >= 400) {
    const status = error.status;
    const message = error.message || `HTTP ${status}`;
    if (status === 429) {
      return new ConnectorError('rate_limited', message, { status, retryAfterSeconds: retryAfterSeconds(error.headers) });
    }
    if (status === 401 || AUTH_ERRORS.has(error.error)) return new ConnectorError('auth_expired', message, { status });
    if (status >= 500) return unclear(phase, `${message} (HTTP ${status})`, status);
    return new ConnectorError('rejected', message, { status });
  }
  const cause = rootCause(error);
  if (cause.name === 'TimeoutError') return unclear(phase, 'timed out waiting for the reply');
  if (cause.name === 'AbortError') return unclear(phase, 'aborted before the reply arrived');
  if (cause.code && NOT_SENT_CODES.has(cause.code)) {
    return new ConnectorError('unavailable', `could not connect to the PDS (${cause.code})`);
  }
  // XRPCError status 1/2 (no usable reply, or a reply that failed lexicon validation), a socket
  // closed or reset once connected: the request may have been received and acted on.
  return unclear(phase, `connection failed${cause.code ? ` (${cause.code})` : ''}: ${cause.message ?? String(error)}`);
}
