import { ConnectorError } from '../connector.js';

/**
 * Turns a LinkedIn reply or a fetch failure into a ConnectorError whose kind tells the publisher
 * what it may do next. LinkedIn errors are `{status, serviceErrorCode, code, message}`
 * (learn.microsoft.com/linkedin/shared/api-guide/concepts/error-handling); the message is kept
 * as LinkedIn's own words. Phases, as in the X and Graph connectors:
 * - `post`: `POST /rest/posts`. Once the request may have left, an unclear failure (5xx, 408,
 *   timeout, connection cut, unreadable reply) is `ambiguous`: the post may exist. So is 422
 *   "Content is a duplicate of urn:li:share:…": LinkedIn says the same commentary is already
 *   live for this page, most likely our own earlier attempt whose reply was lost; reconcile
 *   (findPublished) decides rather than failing a post that is in fact out.
 * - `media`: image upload (initializeUpload, PUT to the upload URL). No post can exist yet:
 *   unclear failures are `unavailable`.
 * - `read`: organization lookup and post lookups. Unclear failures are `ambiguous`, never "not found".
 * Clear answers everywhere: 429 → rate_limited (after `Retry-After` when LinkedIn sends one; it
 * documents daily quotas reset at midnight UTC and usually sends none, so the publisher's own
 * back-off applies), 401 → auth_expired, other 4xx (400, 403, 404, 422, 426 version sunset)
 * → rejected.
 */
export type Phase = 'post' | 'media' | 'read';

export const DUPLICATE_CONTENT = /duplicate of (urn:li:(?:share|ugcPost):\d+)/i;

const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function unclear(phase: Phase, message: string, status?: number, requestId?: string): ConnectorError {
  return phase === 'media'
    ? new ConnectorError('unavailable', `image upload failed, no post was sent: ${message}`, { status, requestId })
    : new ConnectorError('ambiguous', message, { status, requestId });
}

/** LinkedIn's own words: `message`, else the OAuth `error_description`, else the fallback. */
export function linkedinMessage(body: unknown, fallback: string): string {
  if (body && typeof body === 'object') {
    const { message, error_description: description, error } = body as Record<string, unknown>;
    if (typeof message === 'string' && message !== '') return message;
    if (typeof description === 'string' && description !== '') return description;
    if (typeof error === 'string' && error !== '') return error;
  }
  return fallback;
}

/** `Retry-After` as seconds or an HTTP date, at least 1; undefined when absent or unreadable. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (header.trim() !== '' && Number.isFinite(seconds)) return Math.max(1, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(1, Math.ceil((date - now) / 1000));
}

export function classifyResponse(status: number, body: unknown, headers: Headers, phase: Phase): ConnectorError {
  const requestId = headers.get('x-li-uuid') ?? undefined;
  const message = linkedinMessage(body, `HTTP ${status}`);
  if (status === 429) {
    return new ConnectorError('rate_limited', message, {
      status,
      requestId,
      retryAfterSeconds: retryAfterSeconds(headers.get('retry-after')),
    });
  }
  if (status === 401) return new ConnectorError('auth_expired', message, { status, requestId });
  if (status === 422 && phase === 'post' && DUPLICATE_CONTENT.test(message)) {
    return new ConnectorError(
      'ambiguous',
      `LinkedIn refused the text as a duplicate of a live post (probably an earlier attempt): ${message}`,
      {
        status,
        requestId,
      },
    );
  }
  if (status >= 500 || status === 408) return unclear(phase, message, status, requestId);
  if (status >= 400) return new ConnectorError('rejected', message, { status, requestId });
  return unclear(phase, `unexpected reply: HTTP ${status}`, status, requestId);
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

/** The error code when a fetch failed before anything was sent (refused, no such host…), else undefined. */
export function notSentCode(error: unknown): string | undefined {
  const code = errorCode(error);
  return code && NOT_SENT_CODES.has(code) ? code : undefined;
}

/** A fetch that threw: refused before sending → unavailable; anything after → unclear for the phase. */
export function classifyNetworkError(error: unknown, phase: Phase): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return unclear(phase, error.name === 'TimeoutError' ? 'timed out waiting for the reply' : 'aborted before the reply arrived');
  }
  const refused = notSentCode(error);
  if (refused) return new ConnectorError('unavailable', `could not connect to LinkedIn (${refused})`);
  const code = errorCode(error);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  // Socket closed, reset or hung up once connected: the request may have been received.
  return unclear(
    phase,
    `connection failed${code ? ` (${code})` : ''}: ${cause ?? (error instanceof Error ? error.message : String(error))}`,
  );
}
