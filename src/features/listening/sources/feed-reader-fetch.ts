/**
 * The one conditional GET both web sources make (feed reader and page watcher): through safeFetch,
 * with the previous ETag / Last-Modified, and every failure turned into a SourceError in plain
 * words. Named for the feed reader only because of file ownership; it is shared by design.
 */
import { FetchLimitError, type SafeFetchResult, safeFetch, UnsafeUrlError } from '../../../kit/safe-fetch.js';
import { SourceError } from './item.js';

export type WebSourceOptions = {
  /** Hosts or CIDRs that may be reached although private (tests). Default: KANAAL_ALLOW_URLS. */
  allow?: string[];
  /** Total time limit, redirects and body included. Default 15 000 ms. */
  timeoutMs?: number;
  /** Body size limit after decompression. Default 5 MB. */
  maxBytes?: number;
};

/** HTTP validators kept between two fetches of the same address. */
export type HttpValidators = { etag: string | null; lastModified: string | null };

export type ConditionalFetch =
  | { notModified: true; validators: HttpValidators }
  | { notModified: false; validators: HttpValidators; response: SafeFetchResult };

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

const STATUS_WORDS: Record<number, string> = {
  400: 'bad request',
  401: 'sign-in required',
  403: 'access refused',
  404: 'not found',
  410: 'gone',
  429: 'too many requests',
};

/**
 * GETs `url` with `If-None-Match` / `If-Modified-Since` from `previous`. A 304 is `notModified`;
 * any other status outside 2xx, and any fetch failure, throws a SourceError. `noun` ("the feed",
 * "the page") is used in the size message.
 */
export async function fetchConditional(
  url: string,
  previous: HttpValidators | null,
  options: WebSourceOptions,
  accept: string,
  noun: string,
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
    throw fetchFailure(error, noun, timeoutMs, maxBytes);
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
  const words = STATUS_WORDS[status] ?? (status >= 500 ? 'server error' : null);
  const retryAfterSeconds = parseRetryAfter(response.headers.get('retry-after'));
  return new SourceError(`the address answered ${status}${words ? ` (${words})` : ''}`, {
    status,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });
}

/** Retry-After as seconds (a number of seconds, or an HTTP date). */
function parseRetryAfter(value: string | null): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.round((date - Date.now()) / 1000));
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

function formatMegabytes(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  if (mb >= 1) return `${+mb.toFixed(1)} MB`;
  return `${+(bytes / 1024).toFixed(1)} kB`;
}

/** safeFetch's messages are already written for people; make them read as a reason ("could not …"). */
function asReason(message: string): string {
  const trimmed = message.trim().replace(/\.$/, '');
  return trimmed.charAt(0).toLowerCase() + trimmed.slice(1);
}

/** Turns whatever safeFetch threw into a SourceError, keeping the original as `cause` for logs. */
export function fetchFailure(error: unknown, noun: string, timeoutMs: number, maxBytes: number): SourceError {
  if (error instanceof SourceError) return error;
  let reason: string;
  if (error instanceof UnsafeUrlError) {
    reason = /private or internal network/.test(error.message) ? 'the address points to a private network' : asReason(error.message);
  } else if (error instanceof FetchLimitError) {
    reason =
      error.code === 'timeout'
        ? `the site did not answer within ${formatSeconds(timeoutMs)}`
        : error.code === 'too_large'
          ? `${noun} is larger than ${formatMegabytes(maxBytes)}`
          : 'the address redirects too many times';
  } else if (error instanceof Error) {
    reason = asReason(error.message);
  } else {
    reason = 'the site could not be reached';
  }
  return withCause(new SourceError(reason), error);
}

/** Attaches the underlying error for logs; the reason stays the only thing people see. */
export function withCause(sourceError: SourceError, cause: unknown): SourceError {
  sourceError.cause = cause;
  return sourceError;
}
