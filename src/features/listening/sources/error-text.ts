import { type CodedParams, fillPlaceholders, type ParamsOfText } from '../../../kit/coded-text.js';

/**
 * Why a listening source failed, as a code and parameters, and the one English sentence per code.
 * The code and parameters are stored on the source (`last_error_code`, `last_error_params`) so the
 * web app can say it in the reader's language (web/src/features/listening/source-errors/); the
 * English sentence is what logs, the CLI and `last_error` keep. Placeholders are written
 * `{{name}}`, as in the web's translations, and every translation uses exactly the placeholders of
 * the English text (error-text.test.ts checks it).
 *
 * A code whose text is only `{{message}}` carries words Kanaal did not write itself (a library's
 * or another server's): they stay English in every language.
 */
export const SOURCE_ERROR_TEXT = {
  // Fetching a feed or a page (feed-reader-fetch.ts).
  http_status: 'the address answered {{status}}',
  http_bad_request: 'the address answered {{status}} (bad request)',
  http_sign_in_required: 'the address answered {{status}} (sign-in required)',
  http_access_refused: 'the address answered {{status}} (access refused)',
  http_not_found: 'the address answered {{status}} (not found)',
  http_gone: 'the address answered {{status}} (gone)',
  http_too_many_requests: 'the address answered {{status}} (too many requests)',
  http_server_error: 'the address answered {{status}} (server error)',
  private_address: 'the address points to a private network',
  address_refused: '{{message}}',
  host_not_found: 'could not find the server "{{host}}"',
  connection_failed: 'could not connect to "{{host}}" ({{reason}})',
  fetch_failed: '{{message}}',
  timeout: 'the site did not answer within {{seconds}} s',
  too_many_redirects: 'the address redirects too many times',
  feed_too_large: 'the feed is larger than {{megabytes}} MB',
  page_too_large: 'the page is larger than {{megabytes}} MB',
  feed_charset_unknown: 'the feed uses a character set Kanaal cannot read ("{{charset}}")',
  page_charset_unknown: 'the page uses a character set Kanaal cannot read ("{{charset}}")',
  feed_charset_invalid: 'the feed says it is written in {{encodings}} but contains bytes that are not valid there',
  page_charset_invalid: 'the page says it is written in {{encodings}} but contains bytes that are not valid there',

  // Feeds (feed-reader.ts).
  feed_unreadable: 'the feed could not be read',
  not_a_feed: 'the reply is not an RSS, Atom or JSON feed',
  feed_empty: 'the reply is not an RSS, Atom or JSON feed (the reply is empty)',
  feed_is_web_page: 'the reply is not an RSS, Atom or JSON feed (it is a web page)',
  feed_invalid_json: 'the feed is not valid JSON',
  feed_invalid_xml: 'the feed is not well-formed XML',

  // Watched pages (page-watcher.ts).
  page_not_modified_first: 'the address answered 304 (not modified) to a first request',
  page_not_html: 'the address does not return a web page (it returns {{mediaType}})',
  page_unreadable: 'the page could not be read',
  selector_invalid: 'the selector “{{selector}}” is not a valid CSS selector',
  selector_empty: 'the selector “{{selector}}” matches nothing on the page',

  // Mastodon timelines (streams/mastodon-fetch.ts).
  token_required: 'the instance wants an access token for this timeline',
  timeline_missing: 'the instance does not have this timeline (HTTP 404)',
  rate_limited: 'the instance asks to slow down (HTTP 429)',
  instance_status: 'the instance answered HTTP {{status}}',
  invalid_json: "the instance's answer was not valid JSON",
  not_a_status_list: "the instance's answer was not a list of posts",

  // Own mentions: the notifications of one Mastodon channel (own-mentions.ts).
  access_refused: '{{channel}}: the account refused access (reconnect the channel)',
  notifications_status: '{{channel}}: the instance answered {{status}}',
  notifications_invalid_json: "{{channel}}: the instance's answer was not valid JSON",
  notifications_not_a_list: "{{channel}}: the instance's answer was not a list of notifications",
  notifications_address_refused: '{{channel}}: {{message}}',
  notifications_unreadable: '{{channel}}: the notifications could not be read',
  /** Several channels failed: their sentences, joined. */
  channels_failed: '{{message}}',

  // Streams (stream-loop.ts): the readers describe a lost connection in their own words.
  stream_start_failed: 'the stream could not be started',
  bluesky_stream: 'Bluesky stream: {{message}}',
  mastodon_stream: 'Mastodon stream: {{message}}',
  mastodon_catch_up: 'Mastodon catch-up: {{message}}',

  internal_error: 'the source could not be read (an internal error; it has been logged)',
} as const;

export type SourceErrorCode = keyof typeof SOURCE_ERROR_TEXT;

/** What fills the placeholders, as stored in `last_error_params`. */
export type SourceErrorParams = CodedParams;

/** The parameters one code needs: exactly its placeholders. */
export type ParamsOf<Code extends SourceErrorCode> = ParamsOfText<(typeof SOURCE_ERROR_TEXT)[Code]>;

/** The English sentence of a code with its parameters. */
export function sourceErrorText(code: SourceErrorCode, params: SourceErrorParams): string {
  return fillPlaceholders(SOURCE_ERROR_TEXT[code], params);
}
