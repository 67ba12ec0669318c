/**
 * The API's shapes for listening alerts (src/features/listening/alert-schemas.ts). Dates are ISO
 * strings; alert message ids are strings (64-bit numbers).
 */

export const ALERT_MODES = ['every', 'digest_hourly', 'digest_daily', 'spike'] as const;
/** every: each match as it comes; digest_hourly / digest_daily: a summary on the hour or at `digestHour`; spike: an unusual rise. */
export type AlertMode = (typeof ALERT_MODES)[number];

/** Why a message was sent: one match, a burst of more than 20 within a minute, a digest, a spike, or a test. */
export type AlertTrigger = 'match' | 'burst' | 'digest' | 'spike' | 'test';
export type DeliveryChannel = 'email' | 'webhook' | 'in_app';
/** pending: waiting for an attempt; sending: under way; sent; queued: kept in the mail outbox (no SMTP server); failed: given up. */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'queued' | 'failed';

export type SpikeSettings = {
  /** Fire when the window holds at least this many times the baseline (1.5 to 100). */
  factor: number;
  /** …and at least this many matches. */
  minimumCount: number;
  /** Length of the rolling window in minutes (15 to 1440). */
  windowMinutes: number;
};

export type AlertRule = {
  id: string;
  organisationId: string;
  watchlistId: string;
  watchlistName: string;
  name: string;
  mode: AlertMode;
  spike: SpikeSettings;
  /** digest_daily: the local hour (organisation time zone). */
  digestHour: number;
  emailRecipients: string[];
  webhook: { url: string; secretSet: boolean } | null;
  inApp: boolean;
  active: boolean;
  deliveredThrough: string;
  nextDigestAt: string | null;
  lastDigestAt: string | null;
  lastSpikeAt: string | null;
  lastAlertAt: string | null;
  deliveries: { pending: number; failedLast24h: number };
  /** The rule in one English sentence (the interface composes its own). */
  description: string;
  createdAt: string;
  updatedAt: string;
  /** Only in the answer that generated it: shown once. */
  generatedWebhookSecret?: string;
};

export type AlertRuleInput = {
  name?: string;
  mode: AlertMode;
  spike?: Partial<SpikeSettings>;
  digestHour?: number;
  emailRecipients?: string[];
  /** `secret` left out: Kanaal keeps the current one or generates one. `null` removes the webhook. */
  webhook?: { url: string; secret?: string } | null;
  inApp?: boolean;
  active?: boolean;
};

export type AlertRulePatch = Partial<AlertRuleInput> & { regenerateWebhookSecret?: boolean };

export type SpikeNumbers = {
  count: number;
  baseline: number;
  factor: number;
  ratio: number | null;
  windowMinutes: number;
  minimumCount: number;
  windowFrom: string;
  windowTo: string;
  baselineFrom: string;
  baselineTo: string;
};

export type AlertMessage = {
  id: string;
  ruleId: string;
  watchlistId: string;
  trigger: AlertTrigger;
  matchCount: number;
  /** The mentions shown in the message (at most 20). */
  mentionIds: string[];
  periodFrom: string | null;
  periodTo: string | null;
  spike: SpikeNumbers | null;
  /** The e-mail subject, in the organisation's language. */
  subject: string;
  language: string;
  createdAt: string;
};

/** An in-app alert: the message with its watchlist's name (the notifications list and the stream's `alert` event). */
export type AlertNotification = AlertMessage & { watchlistName: string };

export type AlertDelivery = {
  id: string;
  ruleId: string;
  channel: DeliveryChannel;
  /** E-mail address or webhook address; null for in-app. */
  target: string | null;
  status: DeliveryStatus;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: string | null;
  /** Why the last attempt failed, in plain words (English, from the server). */
  lastError: string | null;
  /** The same as a code and its values, to say it in the interface language (delivery-errors/). */
  lastErrorCode: string | null;
  lastErrorParams: Record<string, string | number> | null;
  responseStatus: number | null;
  createdAt: string;
  sentAt: string | null;
  message: AlertMessage;
};

export type AlertDeliveryPage = { items: AlertDelivery[]; nextCursor: string | null };
export type AlertNotificationPage = { items: AlertNotification[]; nextCursor: string | null };
export type AlertTestResult = { message: AlertMessage; deliveries: AlertDelivery[] };
