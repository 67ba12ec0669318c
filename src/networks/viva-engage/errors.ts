import { ConnectorError } from '../connector.js';

/**
 * Turns what a Yammer REST call (or fetch itself) answered into a ConnectorError whose kind tells
 * the publisher what it may do next, with the phases of the Mastodon and X connectors:
 * - `message`: `POST /api/v1/messages.json`. Once the request may have left, an unclear outcome
 *   (5xx, 408, timeout, connection cut, unreadable reply) is `ambiguous`: the message may exist.
 * - `media`: `uploadSmallFile` and the network lookup before it. No message can exist yet: the
 *   same failures are `unavailable` (an orphan file in the group's library at worst).
 * - `read`: verify and feed lookups. Unclear is `ambiguous` — "could not find out", never "absent".
 * Clear answers in every phase: 429 → rate_limited (Retry-After, else the 30-second window Yammer
 * documents for message endpoints), 401 → auth_expired, other 4xx (400, 403, 404, 413…) → rejected
 * with Yammer's own words.
 */
export type Phase = 'message' | 'media' | 'read';

/** Yammer: "Messages: 10 requests in 30 seconds" per user per app — the longest documented window. */
export const DEFAULT_RETRY_AFTER_SECONDS = 30;

/** Connection failures that happen before a request is sent: nothing reached Yammer. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function unclear(phase: Phase, message: string, status?: number): ConnectorError {
  return phase === 'media'
    ? new ConnectorError('unavailable', `file upload failed, no message was sent: ${message}`, { status })
    : new ConnectorError('ambiguous', message, { status });
}

export function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Seconds from Retry-After (delta seconds or an HTTP date), at least 1; undefined when absent or unreadable. */
export function retryAfterSeconds(value: string | null | undefined, now = Date.now()): number | undefined {
  const raw = value?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Math.max(1, Number(raw));
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(1, Math.ceil((at - now) / 1000));
}

/**
 * Yammer's own words from an error body. The REST API answers in a few shapes:
 * `{"response": {"message": "Token not found.", "code": 16, "stat": "fail"}}` (auth, rate limits),
 * Rails validation errors `{"body": ["is too long"]}` or `{"base": ["…"]}`, `{"message": "…"}`
 * (files service), and OAuth `{"error", "error_description"}` from the Microsoft identity platform.
 */
export function yammerMessage(data: unknown, fallback: string): string {
  if (!data || typeof data !== 'object') return fallback;
  const body = data as Record<string, unknown>;
  const response = body.response as { message?: unknown } | undefined;
  if (typeof response?.message === 'string' && response.message !== '') return response.message;
  if (typeof body.error_description === 'string' && body.error_description !== '') return body.error_description;
  if (typeof body.message === 'string' && body.message !== '') return body.message;
  if (typeof body.error === 'string' && body.error !== '') return body.error;
  const fields = Object.entries(body).filter(([, value]) => Array.isArray(value) && value.every((v) => typeof v === 'string'));
  if (fields.length > 0) return fields.map(([key, value]) => `${key} ${(value as string[]).join(', ')}`).join('; ');
  return fallback;
}

/** A clear HTTP answer that is not a success. */
export function fromStatus(phase: Phase, status: number, data: unknown, headers: Headers): ConnectorError {
  const message = yammerMessage(data, `HTTP ${status}`);
  const requestId = headers.get('x-request-id') ?? headers.get('request-id') ?? undefined;
  if (status === 429) {
    const retryAfter = retryAfterSeconds(headers.get('retry-after')) ?? DEFAULT_RETRY_AFTER_SECONDS;
    return new ConnectorError('rate_limited', message, { status, retryAfterSeconds: retryAfter, requestId });
  }
  if (status === 401) return new ConnectorError('auth_expired', message, { status, requestId });
  // 408: the server gave up waiting for the request; whether it acted on a part is unknown.
  if (status >= 500 || status === 408) return unclear(phase, message, status);
  return new ConnectorError('rejected', message, { status, requestId });
}

/** What fetch threw (no HTTP answer at all). */
export function fromThrown(phase: Phase, error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return unclear(phase, error.name === 'TimeoutError' ? 'timed out waiting for the reply' : 'aborted before the reply arrived');
  }
  const code = errorCode(error);
  if (code && NOT_SENT_CODES.has(code)) return new ConnectorError('unavailable', `could not connect to Viva Engage (${code})`);
  // Socket closed, reset or hung up once connected: the request may have been received.
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  const message = cause ?? (error instanceof Error ? error.message : String(error));
  return unclear(phase, `connection failed${code ? ` (${code})` : ''}: ${message}`);
}
