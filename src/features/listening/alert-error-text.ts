import { type CodedFailure, codedFailure, type ParamsArgs } from '../../kit/coded-text.js';

/**
 * Why an alert delivery's last attempt failed, as a code and parameters, and the one English
 * sentence per code. The code and parameters are stored on the delivery (`last_error_code`,
 * `last_error_params`) so the web app can say it in the reader's language
 * (web/src/features/listening/alerts/delivery-errors/); the English sentence is `last_error`, for
 * logs and the API. Every translation uses exactly the placeholders of the English text
 * (alert-error-text.test.ts checks it).
 *
 * `{{message}}` carries words Kanaal did not write itself (a receiver's reply, a mail server's or a
 * library's error): they stay as they came in every language.
 */
export const ALERT_DELIVERY_ERROR_TEXT = {
  // E-mail (kit/mail.ts writes the outbox row, then hands it to SMTP).
  mail_refused: 'the mail server did not take the message: {{message}}',
  message_gone: 'the alert message is gone',
  outbox_write_failed: 'could not write the e-mail to the mail outbox: {{message}}',
  outbox_missing: 'the e-mail did not reach the mail outbox',

  // Webhooks: the rule.
  webhook_removed: 'the rule no longer has a webhook',
  webhook_secret_unreadable: 'the webhook secret can no longer be read (was KANAAL_SECRET_KEY changed?); set the secret on the rule again',
  private_address: 'the webhook address points to a private or internal network, which Kanaal is not allowed to reach',
  /** The SSRF guard's other refusals, in its English. */
  address_refused: '{{message}}',

  // Webhooks: what the receiver answered.
  receiver_rate_limited: 'the receiver asked to slow down (HTTP 429): {{message}}',
  receiver_refused_signature: 'the receiver refused the signature (HTTP {{status}}): is the secret the same on both sides?',
  receiver_redirects: 'the receiver redirects to {{location}}; set that address on the rule',
  receiver_status: 'the receiver answered {{status}}: {{message}}',

  // Webhooks: the connection. `code` is the system's error code (ECONNREFUSED, ETIMEDOUT…).
  receiver_unreachable: 'could not reach the receiver ({{code}}): {{message}}',
  receiver_no_answer: 'no answer from the receiver ({{code}}): {{message}}',
  webhook_failed: 'the webhook call failed: {{message}}',

  attempt_interrupted: 'an attempt was interrupted (the worker stopped); trying again',
  delivery_failed: 'delivery failed: {{message}}',
} as const;

export type AlertDeliveryErrorCode = keyof typeof ALERT_DELIVERY_ERROR_TEXT;

/** Why an attempt failed: the code, the values of its sentence, and that sentence in English. */
export type DeliveryError = CodedFailure<AlertDeliveryErrorCode>;

/** A delivery error from its code and exactly the values its sentence needs. */
export function deliveryError<Code extends AlertDeliveryErrorCode>(
  code: Code,
  ...[params]: ParamsArgs<(typeof ALERT_DELIVERY_ERROR_TEXT)[Code]>
): DeliveryError {
  return codedFailure(ALERT_DELIVERY_ERROR_TEXT, code, params);
}
