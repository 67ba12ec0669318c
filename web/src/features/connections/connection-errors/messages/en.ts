import type { ConnectionErrorMessages } from './nl.js';

/** The server's English (src/features/connections/error-text.ts), word for word. */
export const en: ConnectionErrorMessages = {
  credentials_refused: 'the network no longer accepts the channel’s access ({{message}}); reconnect the channel',
  permission_missing: 'the account is not allowed to do this at the network ({{message}})',
  rate_limited: 'the network asks Kanaal to slow down ({{message}})',
  rate_limited_wait: 'the network asks Kanaal to wait {{seconds}} s before calling again ({{message}})',
  unreachable: 'the network could not be reached ({{message}})',
  no_clear_answer: 'the network did not give a clear answer ({{message}})',
  request_refused: 'the network refused the request ({{message}})',
  post_refused: 'the network refused the post ({{message}})',
  post_unconfirmed: 'the network did not give a clear answer ({{message}}); Kanaal checks whether the post went out',
  unexpected: 'an unexpected error occurred ({{message}})',

  renewal_failed: 'the access could not be renewed ({{message}}); reconnect the channel before {{expiresAt}}',
};
