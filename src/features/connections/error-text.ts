import { type CodedParams, fillPlaceholders, type ParamsOfText } from '../../kit/coded-text.js';
import { ConnectorError } from '../../networks/connector.js';

/**
 * Why the last call with a channel's account failed, as a code and parameters, and the one English
 * sentence per code. The code and parameters are stored on the connection (`last_error_code`,
 * `last_error_params`) so the web app can say it in the reader's language
 * (web/src/features/connections/connection-errors/); the English sentence is `last_error`, for logs
 * and the API. Every translation uses exactly the placeholders of the English text
 * (error-text.test.ts checks it).
 *
 * The sentences follow "Last call failed (2 hours ago):" and "The connection with … does not work:"
 * on the health page, so they start in lower case. `{{message}}` carries the network's own words
 * (a ConnectorError's message): they stay as they came in every language. A placeholder whose name
 * ends in `At` holds an instant in ISO 8601: written in UTC here, in the organisation's time zone
 * by the web app.
 */
export const CONNECTION_ERROR_TEXT = {
  // What the network answered a check or a publication (ConnectorErrorKind, connectionProblemOf).
  credentials_refused: 'the network no longer accepts the channel’s access ({{message}}); reconnect the channel',
  /** A 403 that is not about the credentials: the account may not do what was asked. */
  permission_missing: 'the account is not allowed to do this at the network ({{message}})',
  rate_limited: 'the network asks Kanaal to slow down ({{message}})',
  rate_limited_wait: 'the network asks Kanaal to wait {{seconds}} s before calling again ({{message}})',
  unreachable: 'the network could not be reached ({{message}})',
  no_clear_answer: 'the network did not give a clear answer ({{message}})',
  request_refused: 'the network refused the request ({{message}})',
  post_refused: 'the network refused the post ({{message}})',
  post_unconfirmed: 'the network did not give a clear answer ({{message}}); Kanaal checks whether the post went out',
  /** Anything that is not a ConnectorError: a bug, or a reply no connector could read. */
  unexpected: 'an unexpected error occurred ({{message}})',

  // The token renewal job (jobs.ts).
  renewal_failed: 'the access could not be renewed ({{message}}); reconnect the channel before {{expiresAt}}',
} as const;

export type ConnectionErrorCode = keyof typeof CONNECTION_ERROR_TEXT;

/** What fills the placeholders, as stored in `last_error_params`. */
export type ConnectionErrorParams = CodedParams;

/** A failed call as stored on the connection: a code with exactly the values its sentence uses. */
export type ConnectionProblem = {
  [Code in ConnectionErrorCode]: { code: Code; params: ParamsOfText<(typeof CONNECTION_ERROR_TEXT)[Code]> };
}[ConnectionErrorCode];

/** `2026-12-01T09:30:00.000Z` → `2026-12-01 09:30 UTC`; anything else as it is. */
function instantInUtc(value: string): string {
  const instant = new Date(value);
  return Number.isNaN(instant.getTime()) ? value : `${instant.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The English sentence of a problem. */
export function connectionErrorText(problem: { code: ConnectionErrorCode; params: ConnectionErrorParams }): string {
  return fillPlaceholders(CONNECTION_ERROR_TEXT[problem.code], problem.params, (name, value) =>
    name.endsWith('At') && typeof value === 'string' ? instantInUtc(value) : String(value),
  );
}

/**
 * What a check (`verify`) or a publication threw, as a problem. The kind decides the sentence; the
 * same kind reads differently for a post, which may have been refused or may already be out.
 */
export function connectionProblemOf(error: unknown, during: 'check' | 'publish'): ConnectionProblem {
  if (!(error instanceof ConnectorError))
    return { code: 'unexpected', params: { message: error instanceof Error ? error.message : String(error) } };
  const message = error.message;
  switch (error.kind) {
    case 'auth_expired':
      return { code: 'credentials_refused', params: { message } };
    case 'rate_limited': {
      const seconds = error.details.retryAfterSeconds;
      return seconds === undefined
        ? { code: 'rate_limited', params: { message } }
        : { code: 'rate_limited_wait', params: { seconds, message } };
    }
    case 'unavailable':
      return { code: 'unreachable', params: { message } };
    case 'rejected':
      if (error.details.status === 403) return { code: 'permission_missing', params: { message } };
      return { code: during === 'publish' ? 'post_refused' : 'request_refused', params: { message } };
    case 'ambiguous':
      return { code: during === 'publish' ? 'post_unconfirmed' : 'no_clear_answer', params: { message } };
  }
}
