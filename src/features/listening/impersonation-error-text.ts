import { type CodedFailure, codedFailure, type ParamsArgs } from '../../kit/coded-text.js';

/**
 * Why an impersonation scan could not search for a channel, as a code and parameters, and the one
 * English sentence per code. The code and parameters are stored on the scan (`error_code`,
 * `error_params`) so the web app can say it in the reader's language
 * (web/src/features/listening/misuse/scan-errors/); the English sentence is `error`, for logs
 * and the API. Every translation uses exactly the placeholders of the English text
 * (impersonation-error-text.test.ts checks it).
 *
 * `{{message}}` carries words Kanaal did not write itself (a server's reply, a library's error):
 * they stay as they came in every language. The same failures on a Mastodon instance and on the
 * Bluesky search service have a code each (`instance_…`, `bluesky_…`), as they read differently.
 */
export const SCAN_ERROR_TEXT = {
  // Where to search (impersonation-scan.ts, impersonation-search.ts).
  handle_not_mastodon: 'the handle {{handle}} is not a Mastodon address (@user@instance)',
  instance_private_address:
    'the instance address {{address}} cannot be used: it points to a private or internal network, which Kanaal is not allowed to reach',
  /** The SSRF guard's other refusals, in its English. */
  instance_address_refused: 'the instance address {{address}} cannot be used: {{message}}',
  instance_not_found: 'the instance {{host}} could not be found',

  // Mastodon's answers about the channel's token.
  token_refused: "the instance refused the channel's token: connect the channel again",
  sign_in_required: 'the instance only lets signed-in accounts search: connect the channel so Kanaal can search with its token',
  token_not_permitted: "the channel's token may not search (it needs the read or read:search permission): connect the channel again",

  // A Mastodon instance's other answers.
  instance_timeout: 'the instance did not answer within {{seconds}} s',
  instance_rate_limited: 'the instance asks to slow down (HTTP 429)',
  instance_rate_limited_retry: 'the instance asks to slow down (HTTP 429); try again in {{seconds}} s',
  instance_unreachable: 'could not connect to the instance',
  instance_refused_search: 'the instance refused the search (HTTP {{status}}): {{message}}',
  instance_status: 'the instance answered with an error (HTTP {{status}})',
  instance_unusable_answer: "the instance's answer could not be used ({{message}})",

  // The Bluesky search service (the AppView).
  bluesky_timeout: 'the Bluesky search service did not answer within {{seconds}} s',
  bluesky_rate_limited: 'the Bluesky search service asks to slow down (HTTP 429)',
  bluesky_rate_limited_retry: 'the Bluesky search service asks to slow down (HTTP 429); try again in {{seconds}} s',
  bluesky_unreachable: 'could not connect to the Bluesky search service',
  bluesky_refused_request: 'the Bluesky search service refused the request (HTTP {{status}})',
  bluesky_refused_search: 'the Bluesky search service refused the search (HTTP {{status}}): {{message}}',
  bluesky_status: 'the Bluesky search service answered with an error (HTTP {{status}})',
  bluesky_unusable_answer: "the Bluesky search service's answer could not be used ({{message}})",

  unexpected: 'the search failed for a reason Kanaal did not expect (see the server log)',
} as const;

export type ScanErrorCode = keyof typeof SCAN_ERROR_TEXT;

/** Why a search failed: the code, the values of its sentence, and that sentence in English. */
export type ScanError = CodedFailure<ScanErrorCode>;

/** A scan error from its code and exactly the values its sentence needs. */
export function scanError<Code extends ScanErrorCode>(code: Code, ...[params]: ParamsArgs<(typeof SCAN_ERROR_TEXT)[Code]>): ScanError {
  return codedFailure(SCAN_ERROR_TEXT, code, params);
}
