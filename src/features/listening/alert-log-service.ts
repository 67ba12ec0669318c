import { type SQL, sql } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import type { DbOrTx } from '../../db/client.js';
import { type Caller, requireAccess } from '../../kit/access.js';
import { actorOf, recordAudit } from '../../kit/audit.js';
import { badRequest, notFound } from '../../kit/errors.js';
import { rows } from '../../kit/sql.js';
import { isoMicros } from './alert-cursor.js';
import { deliverDue } from './alert-delivery.js';
import type { AlertDeliveryErrorCode } from './alert-error-text.js';
import { MATCH_COLUMNS, type MatchRow, mentionOf, RULE_COLUMNS, type RuleRow, recordAlert, settingOf } from './alert-record.js';
import type { SpikeNumbers } from './alert-schema.js';
import type { TAlertDelivery, TAlertMessage } from './alert-schemas.js';
import { loadRule } from './alert-rule-service.js';
import type { CodedParams } from '../../kit/coded-text.js';

/** The accountability side of alerts: the delivery log of a rule, the in-app notifications, the test send. */

export type MessageDbRow = {
  id: string;
  rule_id: string;
  watchlist_id: string;
  trigger: TAlertMessage['trigger'];
  match_count: number;
  mention_ids: string[];
  period_from: Date | string | null;
  period_to: Date | string | null;
  spike: SpikeNumbers | null;
  subject: string;
  language: string;
  created_at: Date | string;
};

/** SELECT list for MessageDbRow over `alert_messages am`. */
export const MESSAGE_COLUMNS = sql`am.id::text AS id, am.rule_id, am.watchlist_id, am.trigger, am.match_count,
  to_json(am.mention_ids) AS mention_ids, am.period_from, am.period_to, am.spike, am.subject, am.language, am.created_at`;

const isoOf = (value: Date | string | null): string | null => (value === null ? null : new Date(value).toISOString());

export function presentMessage(row: MessageDbRow): TAlertMessage {
  return {
    id: row.id,
    ruleId: row.rule_id,
    watchlistId: row.watchlist_id,
    trigger: row.trigger,
    matchCount: row.match_count,
    mentionIds: row.mention_ids,
    periodFrom: isoOf(row.period_from),
    periodTo: isoOf(row.period_to),
    spike: row.spike,
    subject: row.subject,
    language: row.language,
    createdAt: new Date(row.created_at).toISOString(),
  };
}

type DeliveryDbRow = MessageDbRow & {
  d_id: string;
  channel: TAlertDelivery['channel'];
  target: string | null;
  status: TAlertDelivery['status'];
  attempts: number;
  max_attempts: number;
  next_attempt_at: Date | string;
  last_error: string | null;
  last_error_code: AlertDeliveryErrorCode | null;
  last_error_params: CodedParams | null;
  response_status: number | null;
  d_created_at: Date | string;
  sent_at: Date | string | null;
  position: string;
};

function presentDelivery(row: DeliveryDbRow): TAlertDelivery {
  return {
    id: row.d_id,
    ruleId: row.rule_id,
    channel: row.channel,
    target: row.target,
    status: row.status,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
    nextAttemptAt: row.status === 'pending' ? isoOf(row.next_attempt_at) : null,
    lastError: row.last_error,
    lastErrorCode: row.last_error_code,
    lastErrorParams: row.last_error_params,
    responseStatus: row.response_status,
    createdAt: new Date(row.d_created_at).toISOString(),
    sentAt: isoOf(row.sent_at),
    message: presentMessage(row),
  };
}

/** Keyset cursor over (created_at to the microsecond, id). */
function encodeCursor(position: string, id: string): string {
  return Buffer.from(JSON.stringify([position, id])).toString('base64url');
}

function decodeCursor(cursor: string): { at: string; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof at === 'string' && !Number.isNaN(Date.parse(at)) && typeof id === 'string' && /^[0-9a-f-]{1,36}$/i.test(id))
      return { at, id };
  } catch {
    // fall through
  }
  throw badRequest('The cursor is not valid.', [{ path: 'cursor', message: 'Use nextCursor from the previous page.' }]);
}

async function deliveriesWhere(db: DbOrTx, condition: SQL, limit: number): Promise<DeliveryDbRow[]> {
  return rows<DeliveryDbRow>(
    db,
    sql`SELECT ${MESSAGE_COLUMNS}, d.id AS d_id, d.channel, d.target, d.status, d.attempts, d.max_attempts, d.next_attempt_at, d.last_error,
               d.last_error_code, d.last_error_params, d.response_status, d.created_at AS d_created_at, d.sent_at, ${isoMicros(sql.raw('d.created_at'))} AS position
          FROM alert_deliveries d JOIN alert_messages am ON am.id = d.message_id
         WHERE ${condition}
         ORDER BY d.created_at DESC, d.id DESC
         LIMIT ${limit}`,
  );
}

/** A rule's delivery log, newest first, with the message each delivery carried. */
export async function listAlertDeliveries(
  ctx: AppContext,
  caller: Caller,
  ruleId: string,
  query: { limit: number; cursor?: string; status?: TAlertDelivery['status'] },
): Promise<{ items: TAlertDelivery[]; nextCursor: string | null }> {
  const rule = await loadRule(ctx.db, ruleId);
  await requireAccess(ctx.db, caller, rule.organisationId, 'listening.read');
  const conditions: SQL[] = [sql`d.rule_id = ${ruleId}::uuid`];
  if (query.status) conditions.push(sql`d.status = ${query.status}`);
  if (query.cursor) {
    const c = decodeCursor(query.cursor);
    conditions.push(sql`(d.created_at, d.id) < (${c.at}::timestamptz, ${c.id}::uuid)`);
  }
  const found = await deliveriesWhere(ctx.db, sql.join(conditions, sql` AND `), query.limit + 1);
  const page = found.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map(presentDelivery),
    nextCursor: found.length > query.limit && last ? encodeCursor(last.position, last.d_id) : null,
  };
}

/** The organisation's in-app alerts, newest first (the bell; the live stream sends new ones). */
export async function listAlertNotifications(
  ctx: AppContext,
  caller: Caller,
  organisationId: string,
  query: { limit: number; cursor?: string },
): Promise<{ items: Array<TAlertMessage & { watchlistName: string }>; nextCursor: string | null }> {
  await requireAccess(ctx.db, caller, organisationId, 'listening.read');
  const before = query.cursor ? decodeCursor(query.cursor) : null;
  const found = await rows<MessageDbRow & { watchlist_name: string; position: string }>(
    ctx.db,
    sql`SELECT ${MESSAGE_COLUMNS}, w.name AS watchlist_name, ${isoMicros(sql.raw('am.created_at'))} AS position
          FROM alert_messages am JOIN watchlists w ON w.id = am.watchlist_id
         WHERE am.organisation_id = ${organisationId}::uuid AND am.in_app
           ${before ? sql`AND (am.created_at, am.id) < (${before.at}::timestamptz, ${before.id}::bigint)` : sql``}
         ORDER BY am.created_at DESC, am.id DESC
         LIMIT ${query.limit + 1}`,
  );
  const page = found.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    items: page.map((r) => ({ ...presentMessage(r), watchlistName: r.watchlist_name })),
    nextCursor: found.length > query.limit && last ? encodeCursor(last.position, last.id) : null,
  };
}

/**
 * Sends a test message to every target of the rule now (active or not), with the watchlist's
 * latest match as its example, and answers with each delivery's outcome. One attempt only; the
 * rule's cursor and schedule are not touched.
 */
export async function sendTestAlert(
  ctx: AppContext,
  caller: Caller,
  ruleId: string,
): Promise<{ message: TAlertMessage; deliveries: TAlertDelivery[] }> {
  const [rule] = await rows<RuleRow>(
    ctx.db,
    sql`SELECT ${RULE_COLUMNS} FROM alert_rules r JOIN watchlists w ON w.id = r.watchlist_id JOIN organisations o ON o.id = r.organisation_id
         WHERE r.id = ${ruleId}::uuid`,
  );
  if (!rule) throw notFound('Alert rule');
  await requireAccess(ctx.db, caller, rule.organisation_id, 'listening.manage');
  const latest = await rows<MatchRow>(
    ctx.db,
    sql`SELECT ${MATCH_COLUMNS} FROM mention_matches mm JOIN mentions m ON m.id = mm.mention_id
         WHERE mm.watchlist_id = ${rule.watchlist_id}::uuid ORDER BY mm.occurred_at DESC, mm.mention_id DESC LIMIT 1`,
  );
  const recorded = await ctx.db.transaction(async (tx) => {
    const done = await recordAlert(
      tx,
      rule,
      settingOf(rule, ctx.config.publicUrl),
      { trigger: 'test', matchCount: latest.length, mentions: latest.map(mentionOf), periodFrom: null, periodTo: null, spike: null },
      { maxAttempts: 1 },
    );
    await recordAudit(tx, actorOf(caller), {
      organisationId: rule.organisation_id,
      action: 'test',
      entity: 'alert_rule',
      entityId: rule.id,
      after: {
        messageId: String(done.messageId),
        emailRecipients: rule.email_recipients,
        webhookUrl: rule.webhook_url,
        inApp: rule.in_app,
      },
    });
    return done;
  });
  await deliverDue(ctx, { ids: recorded.deliveryIds });
  const deliveries = await deliveriesWhere(ctx.db, sql`d.message_id = ${recorded.messageId}::bigint`, 100);
  const [message] = await rows<MessageDbRow>(
    ctx.db,
    sql`SELECT ${MESSAGE_COLUMNS} FROM alert_messages am WHERE am.id = ${recorded.messageId}::bigint`,
  );
  if (!message) throw notFound('Alert message');
  return { message: presentMessage(message), deliveries: deliveries.map(presentDelivery) };
}
