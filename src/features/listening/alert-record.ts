import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { rows } from '../../kit/sql.js';
import { isoMicros } from './alert-cursor.js';
import { type AlertContent, type AlertMention, type AlertSetting, buildAlert } from './alert-message.js';
import { alertLanguageOf } from './alert-phrases.js';
import type { AlertMode } from './alert-schema.js';
import type { FiredTerm } from './matcher/index.js';
import type { SourceKind } from './sources/item.js';

/**
 * Writing one alert: the message and one delivery per target, in the caller's transaction (the
 * same one that moves the rule's cursor, so a message exists exactly when its matches count as
 * handed over). E-mail and webhook deliveries start `pending` and are sent after the commit by
 * alert-delivery.ts; in-app ones are done at once (the message is what the stream shows).
 */

/** Attempts before a delivery is given up (webhooks: 8 attempts spread over about an hour by the backoff). */
export const EMAIL_ATTEMPTS = 5;
export const WEBHOOK_ATTEMPTS = 8;

/** A rule as the runner and the test send read it (snake_case: raw SQL). */
export type RuleRow = {
  id: string;
  organisation_id: string;
  watchlist_id: string;
  name: string;
  mode: AlertMode;
  spike_factor: number;
  spike_minimum: number;
  spike_window_minutes: number;
  digest_hour: number;
  email_recipients: string[];
  webhook_url: string | null;
  in_app: boolean;
  cursor_at: string;
  cursor_mention_id: string;
  next_digest_at: Date | string | null;
  last_digest_at: Date | string | null;
  last_spike_at: Date | string | null;
  created_at: Date | string;
  watchlist_name: string;
  watchlist_created_at: Date | string;
  organisation_name: string;
  time_zone: string;
  default_language: string;
};

/** SELECT list for RuleRow over `alert_rules r JOIN watchlists w JOIN organisations o`. */
export const RULE_COLUMNS = sql`r.id, r.organisation_id, r.watchlist_id, r.name, r.mode, r.spike_factor, r.spike_minimum,
  r.spike_window_minutes, r.digest_hour, to_json(r.email_recipients) AS email_recipients, r.webhook_url, r.in_app,
  ${isoMicros(sql.raw('r.cursor_matched_at'))} AS cursor_at, r.cursor_mention_id, r.next_digest_at, r.last_digest_at,
  r.last_spike_at, r.created_at, w.name AS watchlist_name, w.created_at AS watchlist_created_at,
  o.name AS organisation_name, o.time_zone, o.default_language`;

export const toDate = (value: Date | string): Date => (value instanceof Date ? value : new Date(value));

export function settingOf(rule: RuleRow, publicUrl: string): AlertSetting {
  return {
    language: alertLanguageOf(rule.default_language),
    timeZone: rule.time_zone,
    publicUrl,
    organisation: { id: rule.organisation_id, name: rule.organisation_name },
    watchlist: { id: rule.watchlist_id, name: rule.watchlist_name },
    rule: { id: rule.id, name: rule.name, mode: rule.mode },
  };
}

/** A match joined with its mention (raw SQL row). */
export type MatchRow = {
  mention_id: string;
  at: string;
  fired: FiredTerm[];
  kind: SourceKind;
  url: string | null;
  author: string | null;
  author_display_name: string | null;
  title: string | null;
  text: string;
  language: string | null;
  occurred_at: Date | string;
};

/** SELECT list for MatchRow over `mention_matches mm JOIN mentions m`. */
export const MATCH_COLUMNS = sql`mm.mention_id, ${isoMicros(sql.raw('mm.matched_at'))} AS at, mm.fired, m.kind, m.url, m.author,
  m.author_display_name, m.title, m.text, m.language, m.occurred_at`;

export function mentionOf(row: MatchRow): AlertMention {
  return {
    id: row.mention_id,
    kind: row.kind,
    url: row.url,
    author: row.author,
    authorDisplayName: row.author_display_name,
    title: row.title,
    text: row.text,
    language: row.language,
    occurredAt: toDate(row.occurred_at),
    fired: row.fired,
  };
}

export type RecordedAlert = { messageId: number; deliveryIds: string[] };

/** Writes the message and its deliveries (see the module comment). */
export async function recordAlert(
  tx: Tx,
  rule: RuleRow,
  setting: AlertSetting,
  content: AlertContent,
  options: { maxAttempts?: number } = {},
): Promise<RecordedAlert> {
  const built = buildAlert(setting, content);
  const [message] = await rows<{ id: string; created_at: string }>(
    tx,
    sql`INSERT INTO alert_messages (organisation_id, rule_id, watchlist_id, trigger, match_count, mention_ids, period_from, period_to, spike,
                                    language, subject, body_text, body_html, in_app)
        VALUES (${rule.organisation_id}::uuid, ${rule.id}::uuid, ${rule.watchlist_id}::uuid, ${content.trigger}, ${content.matchCount},
                ARRAY(SELECT value::uuid FROM json_array_elements_text(${JSON.stringify(built.payload.mentions.map((m) => m.id))}::json)),
                ${content.periodFrom?.toISOString() ?? null}::timestamptz, ${content.periodTo?.toISOString() ?? null}::timestamptz,
                ${content.spike ? JSON.stringify(content.spike) : null}::jsonb, ${setting.language}, ${built.subject}, ${built.text},
                ${built.html}, ${rule.in_app})
        RETURNING id::text AS id, ${isoMicros(sql.raw('created_at'))} AS created_at`,
  );
  if (!message) throw new Error('alert message insert failed');
  const messageId = Number(message.id);
  const deliveryIds: string[] = [];
  const insert = async (
    channel: string,
    target: string | null,
    status: string,
    maxAttempts: number,
    body: string | null,
    id = randomUUID(),
  ) => {
    await tx.execute(
      sql`INSERT INTO alert_deliveries (id, message_id, rule_id, organisation_id, channel, target, status, attempts, max_attempts, body, sent_at)
          VALUES (${id}::uuid, ${messageId}, ${rule.id}::uuid, ${rule.organisation_id}::uuid, ${channel}, ${target}, ${status},
                  ${status === 'sent' ? 1 : 0}, ${maxAttempts}, ${body}, CASE WHEN ${status} = 'sent' THEN now() END)`,
    );
    deliveryIds.push(id);
  };
  for (const address of rule.email_recipients) await insert('email', address, 'pending', options.maxAttempts ?? EMAIL_ATTEMPTS, null);
  if (rule.webhook_url) {
    const id = randomUUID();
    const { type, alert, ...rest } = built.payload;
    const body = JSON.stringify({
      type,
      deliveryId: id,
      alert: { id: String(messageId), ...alert, createdAt: message.created_at },
      ...rest,
    });
    await insert('webhook', rule.webhook_url, 'pending', options.maxAttempts ?? WEBHOOK_ATTEMPTS, body, id);
  }
  if (rule.in_app) await insert('in_app', null, 'sent', 1, null);
  await tx.execute(sql`UPDATE alert_rules SET last_alert_at = now() WHERE id = ${rule.id}::uuid`);
  return { messageId, deliveryIds };
}
