import type { ScanErrorMessages } from './nl.js';

/** The server's English (src/features/listening/impersonation-error-text.ts), word for word: a test checks it. */
export const en: ScanErrorMessages = {
  handle_not_mastodon: 'the handle {{handle}} is not a Mastodon address (@user@instance)',
  instance_private_address:
    'the instance address {{address}} cannot be used: it points to a private or internal network, which Kanaal is not allowed to reach',
  instance_address_refused: 'the instance address {{address}} cannot be used: {{message}}',
  instance_not_found: 'the instance {{host}} could not be found',

  token_refused: "the instance refused the channel's token: connect the channel again",
  sign_in_required: 'the instance only lets signed-in accounts search: connect the channel so Kanaal can search with its token',
  token_not_permitted: "the channel's token may not search (it needs the read or read:search permission): connect the channel again",

  instance_timeout: 'the instance did not answer within {{seconds}} s',
  instance_rate_limited: 'the instance asks to slow down (HTTP 429)',
  instance_rate_limited_retry: 'the instance asks to slow down (HTTP 429); try again in {{seconds}} s',
  instance_unreachable: 'could not connect to the instance',
  instance_refused_search: 'the instance refused the search (HTTP {{status}}): {{message}}',
  instance_status: 'the instance answered with an error (HTTP {{status}})',
  instance_unusable_answer: "the instance's answer could not be used ({{message}})",

  bluesky_timeout: 'the Bluesky search service did not answer within {{seconds}} s',
  bluesky_rate_limited: 'the Bluesky search service asks to slow down (HTTP 429)',
  bluesky_rate_limited_retry: 'the Bluesky search service asks to slow down (HTTP 429); try again in {{seconds}} s',
  bluesky_unreachable: 'could not connect to the Bluesky search service',
  bluesky_refused_request: 'the Bluesky search service refused the request (HTTP {{status}})',
  bluesky_refused_search: 'the Bluesky search service refused the search (HTTP {{status}}): {{message}}',
  bluesky_status: 'the Bluesky search service answered with an error (HTTP {{status}})',
  bluesky_unusable_answer: "the Bluesky search service's answer could not be used ({{message}})",

  unexpected: 'the search failed for a reason Kanaal did not expect (see the server log)',
};
