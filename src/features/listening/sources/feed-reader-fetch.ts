/**
 * The one conditional GET both web sources make (feed reader and page watcher): through safeFetch,
 * with the previous ETag / Last-Modified, and every failure turned into a SourceError in plain
 * words. Named for the feed reader only because of file ownership; it is shared by design.
 */
import { FetchLimitError, type SafeFetchResult, safeFetch, UnsafeUrlError } from '../../../kit/safe-fetch.js';
import type { SourceErrorCode } from './error-text.js';
import { SourceError } from './item.js';

export type WebSourceOptions = {
  /** Hosts or CIDRs that may be reached although private (tests). Default: KANAAL_ALLOW_URLS. */
  allow?: string[];
  /** Total time limit, redirects and body included. Default 15 000 ms. */
  timeoutMs?: number;
  /** Body size limit after decompression. Default 5 MB. */
  maxBytes?: number;
};

/** What is being read, for the messages that name it ("the feed is larger than 5 MB"). */
export type WebSubject = 'feed' | 'page';

/** HTTP validators kept between two fetches of the same address. */
export type HttpValidators = { etag: string | null; lastModified: string | null };

export type ConditionalFetch =
  | { notModified: true; validators: HttpValidators }
  | { notModified: false; validators: HttpValidators; response: SafeFetchResult };

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

/** Statuses with a word of explanation; other 4xx are only their number. */
const STATUS_CODES: Record<number, SourceErrorCode & `http_${string}`> = {
  400: 'http_bad_request',
  401: 'http_sign_in_required',
  403: 'http_access_refused',
  404: 'http_not_found',
  410: 'http_gone',
  429: 'http_too_many_requests',
};

/**
 * GETs `url` with `If-None-Match` / `If-Modified-Since` from `previous`. A 304 is `notModified`;
 * any other status outside 2xx, and any fetch failure, throws a SourceError. `subject` picks the
 * size message ("the feed is larger than …").
 */
export async function fetchConditional(
  url: string,
  previous: HttpValidators | null,
  options: WebSourceOptions,
  accept: string,
  subject: WebSubject,
): Promise<ConditionalFetch> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const headers: Record<string, string> = { accept };
  if (previous?.etag) headers['if-none-match'] = previous.etag;
  if (previous?.lastModified) headers['if-modified-since'] = previous.lastModified;

  let response: SafeFetchResult;
  try {
    response = await safeFetch(url, { allow: options.allow, timeoutMs, maxBytes, headers });
  } catch (error) {
    throw fetchFailure(error, subject, timeoutMs, maxBytes);
  }

  const validators: HttpValidators = {
    etag: response.headers.get('etag') ?? previous?.etag ?? null,
    lastModified: response.headers.get('last-modified') ?? previous?.lastModified ?? null,
  };
  if (response.status === 304) return { notModified: true, validators };
  if (response.status < 200 || response.status > 299) throw statusFailure(response);
  // A fresh 200 without validators must not keep stale ones: they would describe another version.
  return {
    notModified: false,
    response,
    validators: { etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') },
  };
}

function statusFailure(response: SafeFetchResult): SourceError {
  const { status } = response;
  const code = STATUS_CODES[status] ?? (status >= 500 ? 'http_server_error' : 'http_status');
  const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
  return new SourceError(
    code,
    { status },
    {
      status,
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    },
  );
}

/** Retry-After as seconds (a number of seconds, or an HTTP date). */
function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.round((date - Date.now()) / 1000));
}

/** Whole seconds, or one decimal. */
function seconds(ms: number): number {
  const value = ms / 1000;
  return Number.isInteger(value) ? value : Number(value.toFixed(1));
}

/** One decimal; two significant digits for a limit below 0.05 MB. */
function megabytes(bytes: number): number {
  const value = bytes / (1024 * 1024);
  return Math.round(value * 10) / 10 || Number(value.toPrecision(2));
}

/** safeFetch's messages are already written for people; make them read as a reason ("could not …"). */
function asReason(message: string): string {
  const trimmed = message.trim().replace(/\.$/, '');
  return trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
}

/** An address safeFetch refused to reach. */
export function unsafeUrlFailure(error: UnsafeUrlError): SourceError {
  return withCause(
    /private or internal network/.test(error.message)
      ? new SourceError('private_address')
      : new SourceError('address_refused', { message: asReason(error.message) }),
    error,
  );
}

/**
 * safeFetch's own failures, in its words (kit/safe-fetch.ts): the two that happen every day (a
 * name that no longer resolves, a server that refuses) get a code of their own so they can be
 * translated; any other keeps safeFetch's English.
 */
function networkFailure(message: string): SourceError {
  const unknownHost = /^Could not find the server "(.+)"\.$/.exec(message);
  if (unknownHost) return new SourceError('host_not_found', { host: unknownHost[1] as string });
  const refused = /^Could not connect to "(.+)" \((\w+)\)\.$/.exec(message);
  if (refused) return new SourceError('connection_failed', { host: refused[1] as string, reason: refused[2] as string });
  return new SourceError('fetch_failed', { message: asReason(message) });
}

/** Turns whatever safeFetch threw into a SourceError, keeping the original as `cause` for logs. */
export function fetchFailure(error: unknown, subject: WebSubject, timeoutMs: number, maxBytes: number): SourceError {
  if (error instanceof SourceError) return error;
  if (error instanceof UnsafeUrlError) return unsafeUrlFailure(error);
  let failure: SourceError;
  if (error instanceof FetchLimitError) {
    failure =
      error.code === 'timeout'
        ? new SourceError('timeout', { seconds: seconds(timeoutMs) })
        : error.code === 'too_large'
          ? new SourceError(subject === 'feed' ? 'feed_too_large' : 'page_too_large', { megabytes: megabytes(maxBytes) })
          : new SourceError('too_many_redirects');
  } else if (error instanceof Error) {
    failure = networkFailure(error.message);
  } else {
    failure = new SourceError('fetch_failed', { message: 'the site could not be reached' });
  }
  return withCause(failure, error);
}

/** Attaches the underlying error for logs; the reason stays the only thing people see. */
export function withCause(sourceError: SourceError, cause: unknown): SourceError {
  sourceError.cause = cause;
  return sourceError;
}
