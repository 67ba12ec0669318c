import { sql } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import { unseal } from '../../kit/crypto.js';
import { DEFAULT_USER_AGENT, UnsafeUrlError } from '../../kit/safe-fetch.js';
import { rows } from '../../kit/sql.js';
import { signWebhook } from '../../networks/webhook/connector.js';
import { type GuardedResponse, guardedRequest, NotSentError, OutcomeUnknownError } from '../../networks/webhook/guarded-request.js';
import { type DeliveryError, deliveryError } from './alert-error-text.js';
import type { DeliveryChannel } from './alert-schema.js';

/**
 * Sending the pending e-mail and webhook deliveries of alert messages, after the transaction that
 * wrote them. Each attempt first claims its row (pending → sending, attempts + 1, claimed_at), so
 * two workers never send one delivery, then reports the outcome on that same claim.
 *
 * E-mail goes through kit/mail.ts (the outbox row is written first, then SMTP). The text carries
 * `Ref: <delivery id>/<attempt>`; when an attempt was interrupted (the worker died after the
 * claim), the row is reclaimed after LEASE_MS and the outbox is searched for that reference: found
 * means the mail was handed over (not sent again), not found means it never was (sent now). So an
 * alert e-mail reaches the outbox once. An SMTP error is retried with backoff as a new outbox row.
 *
 * Webhooks: POST with `X-Kanaal-Signature: sha256=<HMAC-SHA256(secret, timestamp + "." + body)>`
 * through the SSRF guard; anything but 2xx is retried with backoff (30 s, doubling, at most an
 * hour) up to the delivery's max_attempts; an address Kanaal may not reach fails at once. An
 * interrupted attempt is sent again (at least once): receivers deduplicate on `deliveryId`.
 *
 * Why an attempt failed is kept as a code with its values (alert-error-text.ts) next to the same
 * in English (`last_error_code`, `last_error_params`, `last_error`).
 */

const LEASE_MS = 5 * 60_000;
const WEBHOOK_TIMEOUT_MS = 15_000;
const CLAIM_BATCH = 25;
const MAX_ROUNDS = 20;

export function backoffMs(attempt: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempt - 1), 3_600_000);
}

type DeliveryRow = {
  id: string;
  message_id: string;
  rule_id: string;
  channel: DeliveryChannel;
  target: string | null;
  attempts: number;
  max_attempts: number;
  body: string | null;
};

export type DeliveryOutcome = {
  id: string;
  channel: DeliveryChannel;
  status: 'sent' | 'queued' | 'pending' | 'failed';
  /** Why the attempt failed, in English; null when it did not. */
  error: string | null;
};

type Result =
  | { kind: 'sent'; responseStatus?: number; outboxId?: string }
  | { kind: 'queued'; outboxId: string }
  | { kind: 'failed'; error: DeliveryError; responseStatus?: number; outboxId?: string; final?: boolean; notBeforeMs?: number };

/** Records an attempt's outcome, on the claim it was made under. */
async function finish(ctx: AppContext, d: DeliveryRow, result: Result, now: Date): Promise<DeliveryOutcome> {
  let status: DeliveryOutcome['status'];
  let error: DeliveryError | null = null;
  let next = now;
  if (result.kind === 'failed') {
    status = result.final === true || d.attempts >= d.max_attempts ? 'failed' : 'pending';
    // The sentence says why this attempt failed, nothing more: that it was the last one is in
    // `status`, `attempts` and `max_attempts`, which the delivery log shows beside it.
    error = result.error;
    next = new Date(now.getTime() + Math.max(backoffMs(d.attempts), result.notBeforeMs ?? 0));
  } else {
    status = result.kind;
  }
  await ctx.db.execute(
    sql`UPDATE alert_deliveries
           SET status = ${status}, last_error = ${error?.text ?? null}, last_error_code = ${error?.code ?? null},
               last_error_params = ${error ? JSON.stringify(error.params) : null}::jsonb, next_attempt_at = ${next.toISOString()}::timestamptz,
               response_status = ${'responseStatus' in result ? (result.responseStatus ?? null) : null},
               outbox_id = coalesce(${'outboxId' in result ? (result.outboxId ?? null) : null}::uuid, outbox_id),
               sent_at = CASE WHEN ${status} IN ('sent', 'queued') THEN now() ELSE sent_at END,
               claimed_at = NULL, updated_at = now()
         WHERE id = ${d.id}::uuid AND status = 'sending' AND attempts = ${d.attempts}`,
  );
  return { id: d.id, channel: d.channel, status, error: error?.text ?? null };
}

const refOf = (d: Pick<DeliveryRow, 'id' | 'attempts'>) => `${d.id}/${d.attempts}`;

async function findOutbox(ctx: AppContext, to: string, ref: string) {
  const [found] = await rows<{ id: string; sent_at: Date | null; last_error: string | null }>(
    ctx.db,
    sql`SELECT id, sent_at, last_error FROM mail_outbox
         WHERE to_address = ${to} AND position(${`Ref: ${ref}`} in body_text) > 0
         ORDER BY created_at DESC LIMIT 1`,
  );
  return found;
}

/**
 * What the outbox row says: sent; refused by the mail server (tried again as a new row); or kept
 * (no SMTP_URL on this installation, or a hand-over still under way): handed over either way.
 */
function outboxResult(row: { id: string; sent_at: Date | null; last_error: string | null }): Result {
  if (row.sent_at) return { kind: 'sent', outboxId: row.id };
  if (row.last_error) return { kind: 'failed', outboxId: row.id, error: deliveryError('mail_refused', { message: row.last_error }) };
  return { kind: 'queued', outboxId: row.id };
}

async function sendEmail(ctx: AppContext, d: DeliveryRow): Promise<Result> {
  const [message] = await rows<{ subject: string; body_text: string; body_html: string | null }>(
    ctx.db,
    sql`SELECT subject, body_text, body_html FROM alert_messages WHERE id = ${d.message_id}::bigint`,
  );
  if (!message || !d.target) return { kind: 'failed', error: deliveryError('message_gone'), final: true };
  const ref = refOf(d);
  const reference = `Ref: ${ref}`;
  try {
    await ctx.mailer.send({
      to: d.target,
      subject: message.subject,
      text: `${message.body_text}\n\n${reference}`,
      html: message.body_html?.replace('</body>', `<p><small>${reference}</small></p></body>`),
    });
  } catch (error) {
    // The outbox row may exist even so (written before the failure): it decides.
    const found = await findOutbox(ctx, d.target, ref);
    if (found) return outboxResult(found);
    return { kind: 'failed', error: deliveryError('outbox_write_failed', { message: messageOf(error) }) };
  }
  const found = await findOutbox(ctx, d.target, ref);
  return found ? outboxResult(found) : { kind: 'failed', error: deliveryError('outbox_missing') };
}

function receiverSaid(response: GuardedResponse): string {
  const text = response.body.toString('utf8');
  try {
    const parsed = JSON.parse(text) as { error?: unknown; message?: unknown };
    const said = parsed.error ?? parsed.message;
    if (typeof said === 'string' && said !== '') return said.slice(0, 300);
  } catch {
    // not JSON
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, 300) || `HTTP ${response.status}`;
}

function retryAfterMs(response: GuardedResponse): number {
  const raw = response.headers['retry-after'];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim() ?? '';
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? 60_000 : Math.max(0, at - Date.now());
}

async function sendWebhook(ctx: AppContext, d: DeliveryRow): Promise<Result> {
  const [rule] = await rows<{ webhook_url: string | null; webhook_secret_sealed: string | null }>(
    ctx.db,
    sql`SELECT webhook_url, webhook_secret_sealed FROM alert_rules WHERE id = ${d.rule_id}::uuid`,
  );
  if (!rule?.webhook_url || !rule.webhook_secret_sealed || !d.body) {
    return { kind: 'failed', error: deliveryError('webhook_removed'), final: true };
  }
  let secret: string;
  try {
    secret = unseal(ctx.keyring, rule.webhook_secret_sealed, `alert-rule:${d.rule_id}`);
  } catch {
    return { kind: 'failed', error: deliveryError('webhook_secret_unreadable'), final: true };
  }
  // The address as it is now: a corrected address takes effect on the next attempt.
  if (rule.webhook_url !== d.target) {
    await ctx.db.execute(sql`UPDATE alert_deliveries SET target = ${rule.webhook_url} WHERE id = ${d.id}::uuid`);
  }
  const timestamp = String(Math.floor(Date.now() / 1000));
  try {
    const response = await guardedRequest({
      method: 'POST',
      url: rule.webhook_url,
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        'user-agent': DEFAULT_USER_AGENT,
        'idempotency-key': d.id,
        'x-kanaal-event': 'alert',
        'x-kanaal-delivery': d.id,
        'x-kanaal-timestamp': timestamp,
        'x-kanaal-signature': signWebhook(secret, timestamp, d.body),
      },
      body: Buffer.from(d.body, 'utf8'),
      allow: ctx.config.allowUrls,
      timeoutMs: WEBHOOK_TIMEOUT_MS,
      maxResponseBytes: 64 * 1024,
    });
    const status = response.status;
    if (status >= 200 && status < 300) return { kind: 'sent', responseStatus: status };
    const said = receiverSaid(response);
    if (status === 429) {
      return {
        kind: 'failed',
        responseStatus: status,
        error: deliveryError('receiver_rate_limited', { message: said }),
        notBeforeMs: retryAfterMs(response),
      };
    }
    if (status === 401 || status === 403) {
      return { kind: 'failed', responseStatus: status, error: deliveryError('receiver_refused_signature', { status }) };
    }
    const location = response.headers.location;
    if (status >= 300 && status < 400 && location) {
      return { kind: 'failed', responseStatus: status, error: deliveryError('receiver_redirects', { location }) };
    }
    return { kind: 'failed', responseStatus: status, error: deliveryError('receiver_status', { status, message: said }) };
  } catch (error) {
    if (error instanceof UnsafeUrlError) return { kind: 'failed', error: unsafeAddress(error), final: true };
    // guarded-request gives a system error code nearly always; without one, these are the codes it
    // uses itself for "could not connect" and "the reply was cut off".
    if (error instanceof NotSentError)
      return { kind: 'failed', error: deliveryError('receiver_unreachable', { code: error.code ?? 'ECONNECT', message: error.message }) };
    if (error instanceof OutcomeUnknownError)
      return { kind: 'failed', error: deliveryError('receiver_no_answer', { code: error.code ?? 'ECONNRESET', message: error.message }) };
    return { kind: 'failed', error: deliveryError('webhook_failed', { message: messageOf(error) }) };
  }
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The SSRF guard's refusal: the everyday one (a private network) has a code of its own. */
function unsafeAddress(error: UnsafeUrlError): DeliveryError {
  return /private or internal network/.test(error.message)
    ? deliveryError('private_address')
    : deliveryError('address_refused', { message: error.message });
}

/**
 * Deliveries claimed by a worker that never reported back (it stopped): e-mail is settled from the
 * outbox (handed over or not), a webhook goes back to pending and is sent again.
 */
async function reclaimStale(ctx: AppContext, now: Date): Promise<void> {
  const stale = await rows<DeliveryRow>(
    ctx.db,
    sql`SELECT id, message_id::text AS message_id, rule_id, channel, target, attempts, max_attempts, NULL AS body
          FROM alert_deliveries
         WHERE status = 'sending' AND claimed_at < ${new Date(now.getTime() - LEASE_MS).toISOString()}::timestamptz
         LIMIT 100`,
  );
  for (const d of stale) {
    const found = d.channel === 'email' && d.target ? await findOutbox(ctx, d.target, refOf(d)) : undefined;
    if (found) {
      await finish(ctx, d, outboxResult(found), now);
      continue;
    }
    const interrupted = deliveryError('attempt_interrupted');
    await ctx.db.execute(
      sql`UPDATE alert_deliveries
             SET status = 'pending', next_attempt_at = ${now.toISOString()}::timestamptz, claimed_at = NULL, updated_at = now(),
                 attempts = CASE WHEN channel = 'email' THEN attempts - 1 ELSE attempts END,
                 last_error = ${interrupted.text}, last_error_code = ${interrupted.code}, last_error_params = ${JSON.stringify(interrupted.params)}::jsonb
           WHERE id = ${d.id}::uuid AND status = 'sending' AND attempts = ${d.attempts}`,
    );
  }
}

async function claim(ctx: AppContext, now: Date, ids: string[] | undefined): Promise<DeliveryRow[]> {
  const only = ids ? sql`AND id IN (SELECT value::uuid FROM json_array_elements_text(${JSON.stringify(ids)}::json))` : sql``;
  return rows<DeliveryRow>(
    ctx.db,
    sql`UPDATE alert_deliveries d
           SET status = 'sending', attempts = d.attempts + 1, claimed_at = ${now.toISOString()}::timestamptz, updated_at = now()
         WHERE d.id IN (SELECT id FROM alert_deliveries
                         WHERE status = 'pending' AND channel IN ('email', 'webhook')
                           AND next_attempt_at <= ${now.toISOString()}::timestamptz ${only}
                         ORDER BY next_attempt_at LIMIT ${CLAIM_BATCH} FOR UPDATE SKIP LOCKED)
        RETURNING d.id, d.message_id::text AS message_id, d.rule_id, d.channel, d.target, d.attempts, d.max_attempts, d.body`,
  );
}

/**
 * Sends every due pending delivery (or only `ids`), and settles interrupted ones. Never throws for
 * one delivery: its outcome is recorded on it.
 */
export async function deliverDue(ctx: AppContext, options: { now?: Date; ids?: string[] } = {}): Promise<DeliveryOutcome[]> {
  const now = options.now ?? new Date();
  if (!options.ids) await reclaimStale(ctx, now);
  const outcomes: DeliveryOutcome[] = [];
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    const claimed = await claim(ctx, now, options.ids);
    if (claimed.length === 0) break;
    // Webhooks in parallel (each waits on a receiver), e-mails one after the other (one SMTP server).
    const webhooks = claimed.filter((d) => d.channel === 'webhook');
    const emails = claimed.filter((d) => d.channel === 'email');
    const settle = async (d: DeliveryRow, send: (ctx: AppContext, d: DeliveryRow) => Promise<Result>) => {
      let result: Result;
      try {
        result = await send(ctx, d);
      } catch (error) {
        result = { kind: 'failed', error: deliveryError('delivery_failed', { message: messageOf(error) }) };
      }
      outcomes.push(await finish(ctx, d, result, now));
    };
    await Promise.all([
      Promise.all(webhooks.map((d) => settle(d, sendWebhook))),
      (async () => {
        for (const d of emails) await settle(d, sendEmail);
      })(),
    ]);
  }
  return outcomes;
}
