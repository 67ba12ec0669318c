import type { CodedParams } from './coded-text.js';

/**
 * A field that failed validation: a dotted path (`languages.1`) and a message a person can act on,
 * in English; with a `code` and its `params` when kit/field-errors.ts has a sentence for it.
 */
export type FieldError = { path: string; message: string; code?: string; params?: CodedParams };

export type ErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'totp_required'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'unprocessable'
  | 'rate_limited'
  | 'internal';

/** Every error a route may answer with; the server turns it into `{ error: { code, message, fields? } }`. */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

export const badRequest = (message: string, fields?: FieldError[]) => new AppError(400, 'bad_request', message, fields);
export const unauthorized = (message = 'Sign in first.') => new AppError(401, 'unauthorized', message);
export const forbidden = (message = 'You do not have access to this.') => new AppError(403, 'forbidden', message);
export const notFound = (what: string) => new AppError(404, 'not_found', `${what} not found.`);
export const conflict = (message: string, fields?: FieldError[]) => new AppError(409, 'conflict', message, fields);
export const unprocessable = (message: string, fields?: FieldError[]) => new AppError(422, 'unprocessable', message, fields);
export const rateLimited = (retryAfterSeconds: number) =>
  new AppError(429, 'rate_limited', `Too many attempts. Try again in ${retryAfterSeconds} seconds.`, undefined, retryAfterSeconds);

function pgErrorCode(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code ?? (error as { cause?: { code?: string } } | null)?.cause?.code;
}

/** Postgres unique violation (a duplicate the caller can fix). */
export function isUniqueViolation(error: unknown): boolean {
  return pgErrorCode(error) === '23505';
}

/** Postgres foreign-key or RESTRICT violation: the row is still referenced (e.g. a channel with publications). */
export function isForeignKeyViolation(error: unknown): boolean {
  const code = pgErrorCode(error);
  return code === '23503' || code === '23001';
}
