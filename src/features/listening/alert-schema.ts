import { bigint, bigserial, boolean, doublePrecision, integer, jsonb, pgTable, smallint, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { AlertDeliveryErrorCode } from './alert-error-text.js';
import type { CodedParams } from '../../kit/coded-text.js';

/** Alerts per watchlist: rules, messages, deliveries (migration 0009_listening_alerts.sql, 0014 adds error codes). */

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const ALERT_MODES = ['every', 'digest_hourly', 'digest_daily', 'spike'] as const;
export type AlertMode = (typeof ALERT_MODES)[number];

export const ALERT_TRIGGERS = ['match', 'burst', 'digest', 'spike', 'test'] as const;
export type AlertTrigger = (typeof ALERT_TRIGGERS)[number];

export const DELIVERY_CHANNELS = ['email', 'webhook', 'in_app'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'queued', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** The numbers behind a spike alert, kept so the interface can explain it. */
export type SpikeNumbers = {
  /** Matches in the window (by publication time). */
  count: number;
  /** Mean matches per window over the baseline period; 0 when there is no history yet. */
  baseline: number;
  factor: number;
  /** count / baseline; null when the baseline is 0. */
  ratio: number | null;
  windowMinutes: number;
  minimumCount: number;
  windowFrom: string;
  windowTo: string;
  baselineFrom: string;
  baselineTo: string;
};

export const alertRules = pgTable('alert_rules', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull(),
  watchlistId: uuid('watchlist_id').notNull(),
  name: text('name').notNull(),
  mode: text('mode').$type<AlertMode>().notNull(),
  spikeFactor: doublePrecision('spike_factor').notNull().default(3),
  spikeMinimum: integer('spike_minimum').notNull().default(5),
  spikeWindowMinutes: integer('spike_window_minutes').notNull().default(60),
  digestHour: smallint('digest_hour').notNull().default(8),
  emailRecipients: text('email_recipients').array().notNull().default([]),
  webhookUrl: text('webhook_url'),
  webhookSecretSealed: text('webhook_secret_sealed'),
  inApp: boolean('in_app').notNull().default(true),
  active: boolean('active').notNull().default(true),
  // The cursor is read and written in SQL only (microseconds matter): see alert-cursor.ts.
  cursorMatchedAt: ts('cursor_matched_at').notNull().defaultNow(),
  cursorMentionId: uuid('cursor_mention_id').notNull(),
  nextDigestAt: ts('next_digest_at'),
  lastDigestAt: ts('last_digest_at'),
  lastSpikeAt: ts('last_spike_at'),
  lastAlertAt: ts('last_alert_at'),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
export type AlertRuleRow = typeof alertRules.$inferSelect;

export const alertMessages = pgTable('alert_messages', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  organisationId: uuid('organisation_id').notNull(),
  ruleId: uuid('rule_id').notNull(),
  watchlistId: uuid('watchlist_id').notNull(),
  trigger: text('trigger').$type<AlertTrigger>().notNull(),
  matchCount: integer('match_count').notNull(),
  mentionIds: uuid('mention_ids').array().notNull().default([]),
  periodFrom: ts('period_from'),
  periodTo: ts('period_to'),
  spike: jsonb('spike').$type<SpikeNumbers>(),
  language: text('language').notNull(),
  subject: text('subject').notNull(),
  bodyText: text('body_text').notNull(),
  bodyHtml: text('body_html'),
  inApp: boolean('in_app').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});
export type AlertMessageRow = typeof alertMessages.$inferSelect;

export const alertDeliveries = pgTable('alert_deliveries', {
  id: uuid('id').primaryKey().defaultRandom(),
  messageId: bigint('message_id', { mode: 'number' }).notNull(),
  ruleId: uuid('rule_id').notNull(),
  organisationId: uuid('organisation_id').notNull(),
  channel: text('channel').$type<DeliveryChannel>().notNull(),
  target: text('target'),
  status: text('status').$type<DeliveryStatus>().notNull(),
  attempts: integer('attempts').notNull().default(0),
  maxAttempts: integer('max_attempts').notNull().default(1),
  nextAttemptAt: ts('next_attempt_at').notNull().defaultNow(),
  claimedAt: ts('claimed_at'),
  /** The English sentence of the code below (or, written before codes existed, alone). */
  lastError: text('last_error'),
  lastErrorCode: text('last_error_code').$type<AlertDeliveryErrorCode>(),
  lastErrorParams: jsonb('last_error_params').$type<CodedParams>(),
  responseStatus: integer('response_status'),
  body: text('body'),
  outboxId: uuid('outbox_id'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  sentAt: ts('sent_at'),
});
export type AlertDeliveryRow = typeof alertDeliveries.$inferSelect;
