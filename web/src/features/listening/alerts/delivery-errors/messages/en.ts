import type { DeliveryErrorMessages } from './nl.js';

/** The server's English (src/features/listening/alert-error-text.ts), word for word: a test checks it. */
export const en: DeliveryErrorMessages = {
  mail_refused: 'the mail server did not take the message: {{message}}',
  message_gone: 'the alert message is gone',
  outbox_write_failed: 'could not write the e-mail to the mail outbox: {{message}}',
  outbox_missing: 'the e-mail did not reach the mail outbox',

  webhook_removed: 'the rule no longer has a webhook',
  webhook_secret_unreadable: 'the webhook secret can no longer be read (was KANAAL_SECRET_KEY changed?); set the secret on the rule again',
  private_address: 'the webhook address points to a private or internal network, which Kanaal is not allowed to reach',
  address_refused: '{{message}}',

  receiver_rate_limited: 'the receiver asked to slow down (HTTP 429): {{message}}',
  receiver_refused_signature: 'the receiver refused the signature (HTTP {{status}}): is the secret the same on both sides?',
  receiver_redirects: 'the receiver redirects to {{location}}; set that address on the rule',
  receiver_status: 'the receiver answered {{status}}: {{message}}',

  receiver_unreachable: 'could not reach the receiver ({{code}}): {{message}}',
  receiver_no_answer: 'no answer from the receiver ({{code}}): {{message}}',
  webhook_failed: 'the webhook call failed: {{message}}',

  attempt_interrupted: 'an attempt was interrupted (the worker stopped); trying again',
  delivery_failed: 'delivery failed: {{message}}',
};
