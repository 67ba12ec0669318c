import { ApiPartialResponseError, ApiRequestError, ApiResponseError } from 'twitter-api-v2';
import { ConnectorError } from '../connector.js';

/**
 * Turns what twitter-api-v2 (or fetch) threw into a ConnectorError whose kind tells the publisher
 * what it may do next, with the same phases as the Mastodon connector:
 * - `tweet`: `POST /2/tweets`. Once the request may have left, an unclear failure (5xx, timeout,
 *   connection cut, unreadable reply) is `ambiguous`: the tweet may exist. So is X's 403
 *   "You are not allowed to create a Tweet with duplicate content.": X says the same text is
 *   already live on this account — most likely our own earlier attempt whose reply was lost — so
 *   reconcile (findPublished) decides, rather than failing a post that is in fact out.
 * - `media`: upload and alt text. No tweet can exist yet: unclear failures are `unavailable`.
 * - `read`: verify and timeline lookups. An unclear failure is `ambiguous`, never "not found".
 * Clear answers everywhere: 429 → rate_limited (retry after `x-rate-limit-reset`), 401 →
 * auth_expired, other 4xx → rejected with X's own `detail` (or `errors[0].message`).
 */
export type Phase = 'tweet' | 'media' | 'read';

export const DUPLICATE_CONTENT = /duplicate content/i;

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
    ? new ConnectorError('unavailable', `media upload failed, no tweet was sent: ${message}`, { status })
    : new ConnectorError('ambiguous', message, { status });
}

/**
 * The socket error under an ApiRequestError. twitter-api-v2@1.29 stores it as `_options.error`
 * while its `requestError` getter reads `_options.requestError` (always undefined), so read both.
 */
function requestErrorOf(error: ApiRequestError): unknown {
  return error.requestError ?? (error as unknown as { _options?: { error?: unknown } })._options?.error;
}

export function errorCode(error: unknown): string | undefined {
  let current: unknown = error instanceof ApiRequestError ? requestErrorOf(error) : error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause ?? (current as { requestError?: unknown }).requestError;
  }
  return undefined;
}

/** Seconds until `x-rate-limit-reset` (Unix seconds), at least 1. */
export function retryAfterFromReset(reset: string | number | undefined, now = Date.now()): number | undefined {
  const seconds = typeof reset === 'number' ? reset : Number(reset);
  if (reset === undefined || reset === '' || !Number.isFinite(seconds)) return undefined;
  return Math.max(1, Math.ceil(seconds - now / 1000));
}

/** X's own words: v2 problem `detail`, else the first `errors[].message`, else the OAuth `error_description`. */
export function xMessage(data: unknown, fallback: string): string {
  if (data && typeof data === 'object') {
    const body = data as { detail?: unknown; errors?: Array<{ message?: unknown }>; error_description?: unknown; title?: unknown };
    const first = body.errors?.[0]?.message;
    if (typeof first === 'string' && first !== '') return first;
    if (typeof body.detail === 'string' && body.detail !== '') return body.detail;
    if (typeof body.error_description === 'string') return body.error_description;
    if (typeof body.title === 'string') return body.title;
  }
  return fallback;
}

function header(headers: Record<string, string | string[] | undefined> | undefined, name: string): string | undefined {
  const value = headers?.[name];
  return Array.isArray(value) ? value[0] : value;
}

export function toConnectorError(error: unknown, phase: Phase): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (error instanceof ApiResponseError) {
    const status = error.code;
    const requestId = header(error.headers, 'x-transaction-id');
    const message = xMessage(error.data, `HTTP ${status}`);
    if (status === 429) {
      const reset = error.rateLimit?.reset ?? header(error.headers, 'x-rate-limit-reset');
      return new ConnectorError('rate_limited', message, { status, retryAfterSeconds: retryAfterFromReset(reset), requestId });
    }
    if (status === 401) return new ConnectorError('auth_expired', message, { status, requestId });
    if (status === 403 && phase === 'tweet' && DUPLICATE_CONTENT.test(message)) {
      return new ConnectorError(
        'ambiguous',
        `X refused the text as a duplicate of a live tweet (probably an earlier attempt): ${message}`,
        {
          status,
          requestId,
        },
      );
    }
    if (status >= 500 || status === 408) return unclear(phase, message, status);
    return new ConnectorError('rejected', message, { status, requestId });
  }
  if (error instanceof ApiPartialResponseError) return unclear(phase, `unreadable reply: ${error.message}`);
  const code = errorCode(error);
  if (code && NOT_SENT_CODES.has(code)) return new ConnectorError('unavailable', `could not connect to X (${code})`);
  const inner = error instanceof ApiRequestError ? requestErrorOf(error) : error;
  const message = inner instanceof Error ? inner.message : String(inner);
  if (message === 'Request timeout.' || (inner instanceof Error && inner.name === 'TimeoutError')) {
    return unclear(phase, 'timed out waiting for the reply');
  }
  // Socket closed, reset or hung up once connected: the request may have been received.
  return unclear(phase, `connection failed${code ? ` (${code})` : ''}: ${message}`);
}
