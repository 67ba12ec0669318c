/**
 * The one way the web app talks to the Kanaal API: same-origin cookies, JSON in and out, the
 * session's CSRF token on every state-changing request, and the error contract
 * (`{ error: { code, message, fields? } }`) turned into an `ApiError`.
 */

import type { SaidText } from '../i18n/coded-text.js';
import { translatedFieldError } from '../i18n/field-errors/field-error-text.js';
import { currentLocale } from '../i18n/index.js';
import type { FieldError } from './types.js';

export type { FieldError } from './types.js';

/** An answer from the API that was not a success, or a request that never got an answer (status 0). */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly fields: FieldError[];
  readonly retryAfterSeconds: number | null;

  constructor(status: number, code: string, message: string, fields: FieldError[] = [], retryAfterSeconds: number | null = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.fields = fields;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The server's message for one form field (matched on the first path segment), if any. */
  fieldMessage(field: string): string | undefined {
    return this.fieldProblem(field)?.text;
  }

  /** The same with its language: `lang: 'en'` when the server's English could not be translated. */
  fieldProblem(field: string): SaidText | undefined {
    const found = this.fields.find((f) => f.path === field || f.path.split('.')[0] === field);
    return found && { text: found.message, lang: found.lang };
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

let csrfToken: string | null = null;

/** Remembers the CSRF token of the current session (from `GET/POST /api/session`). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export type QueryParams = Record<string, string | number | boolean | null | undefined>;

/** Builds `path?query`, leaving out empty values so URLs stay short and readable. */
export function buildUrl(path: string, params?: QueryParams): string {
  if (!params) return path;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${path}?${query}` : path;
}

type RequestOptions = {
  params?: QueryParams;
  /** JSON body (serialised here). */
  json?: unknown;
  /** Raw text body with its content type, e.g. CSV. */
  text?: { body: string; contentType: string };
  signal?: AbortSignal;
};

const SAFE_METHODS = new Set(['GET', 'HEAD']);

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.text) {
    headers['Content-Type'] = options.text.contentType;
    body = options.text.body;
  }
  if (!SAFE_METHODS.has(method) && csrfToken) headers['X-CSRF-Token'] = csrfToken;

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.params), { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network', cause instanceof Error ? cause.message : 'Network error');
  }

  if (!response.ok) throw await toApiError(response);
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('application/json')) return (await response.json()) as T;
  return (await response.text()) as T;
}

/** An answer that was not a success as an ApiError, its field messages in the interface language. */
export async function toApiError(response: Response): Promise<ApiError> {
  const retryAfter = Number(response.headers.get('retry-after'));
  const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null;
  try {
    const payload: unknown = await response.json();
    if (isErrorPayload(payload)) {
      const { code, message, fields } = payload.error;
      const translated = (fields ?? []).map((field) => translatedFieldError(currentLocale(), field));
      return new ApiError(response.status, code, message, translated, retryAfterSeconds);
    }
  } catch {
    // Not JSON (a proxy page, an empty body): fall through to a generic error.
  }
  return new ApiError(
    response.status,
    fallbackCode(response.status),
    response.statusText || `HTTP ${response.status}`,
    [],
    retryAfterSeconds,
  );
}

function isErrorPayload(value: unknown): value is { error: { code: string; message: string; fields?: FieldError[] } } {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { code?: unknown }).code === 'string';
}

function fallbackCode(status: number): string {
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 422) return 'unprocessable';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'internal';
  return 'bad_request';
}

/** Typed helpers, one per HTTP method. */
export const api = {
  get: <T>(path: string, params?: QueryParams, signal?: AbortSignal) => request<T>('GET', path, { params, signal }),
  post: <T>(path: string, json?: unknown, params?: QueryParams) => request<T>('POST', path, { json: json ?? {}, params }),
  patch: <T>(path: string, json: unknown) => request<T>('PATCH', path, { json }),
  put: <T>(path: string, json: unknown) => request<T>('PUT', path, { json }),
  delete: <T>(path: string) => request<T>('DELETE', path),
  postText: <T>(path: string, body: string, contentType: string, params?: QueryParams) =>
    request<T>('POST', path, { text: { body, contentType }, params }),
};
