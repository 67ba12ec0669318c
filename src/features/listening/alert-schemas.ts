import { z } from 'zod';
import { ALERT_MODES, ALERT_TRIGGERS, DELIVERY_CHANNELS, DELIVERY_STATUSES } from './alert-schema.js';

/** HTTP shapes of alerts (alert-routes.ts). Dates are ISO strings; message ids are strings (64-bit). */

export const MODE_HELP =
  'every: each match as it arrives; more than 20 matches within a minute come as one grouped message (trigger "burst"). ' +
  'digest_hourly: at the top of every hour in the organisation’s time zone, everything since the previous digest (nothing is sent for an empty hour). ' +
  'digest_daily: every day at digestHour:00 in the organisation’s time zone, everything since the previous digest. ' +
  'spike: when the matches of the last spike.windowMinutes (by publication time) are at least spike.minimumCount and at least ' +
  'spike.factor × the baseline — the mean number per window over the 7 days before the window (or since the watchlist exists, if younger; ' +
  'with less than one window of history only the minimum counts). After firing, the rule is quiet for one window.';

export const ZAlertMode = z.enum(ALERT_MODES).describe(MODE_HELP);

export const ZSpikeSettings = z.object({
  factor: z.number().min(1.5).max(100).describe('Fire when the window holds at least this many times the baseline. Default 3.'),
  minimumCount: z.number().int().min(1).max(100_000).describe('…and at least this many matches. Default 5.'),
  windowMinutes: z.number().int().min(15).max(1440).describe('Length of the rolling window in minutes. Default 60.'),
});

const ZWebhookInput = z.object({
  url: z.string().trim().url().max(2000).describe('http(s) address; private networks are refused unless KANAAL_ALLOW_URLS allows them.'),
  secret: z
    .string()
    .min(24)
    .max(500)
    .optional()
    .describe('Shared secret for X-Kanaal-Signature (at least 24 characters). Left out: Kanaal keeps the current one or generates one.'),
});

const ZEmail = z.email().max(320);

export const ZAlertRuleInput = z.object({
  name: z.string().trim().min(1).max(200).optional().describe('Default: the mode in words.'),
  mode: ZAlertMode,
  spike: ZSpikeSettings.partial().optional(),
  digestHour: z.number().int().min(0).max(23).optional().describe('digest_daily: local hour of the day. Default 8.'),
  emailRecipients: z.array(ZEmail).max(50).optional(),
  webhook: ZWebhookInput.nullable().optional(),
  inApp: z.boolean().optional().describe('Show alerts in the live stream and the notifications list. Default true.'),
  active: z.boolean().optional(),
});
export type TAlertRuleInput = z.infer<typeof ZAlertRuleInput>;

export const ZAlertRulePatch = ZAlertRuleInput.partial().extend({
  regenerateWebhookSecret: z.boolean().optional().describe('Replace the webhook secret by a new random one (returned once).'),
});
export type TAlertRulePatch = z.infer<typeof ZAlertRulePatch>;

export const ZAlertRule = z.object({
  id: z.string().uuid(),
  organisationId: z.string().uuid(),
  watchlistId: z.string().uuid(),
  watchlistName: z.string(),
  name: z.string(),
  mode: ZAlertMode,
  spike: ZSpikeSettings,
  digestHour: z.number().int(),
  emailRecipients: z.array(z.string()),
  webhook: z.object({ url: z.string(), secretSet: z.boolean() }).nullable(),
  inApp: z.boolean(),
  active: z.boolean(),
  /** Matches that arrived before this moment are handled (sent, or part of a digest or spike evaluation). */
  deliveredThrough: z.string().describe('Matches that arrived before this moment have been handled.'),
  nextDigestAt: z.string().nullable(),
  lastDigestAt: z.string().nullable(),
  lastSpikeAt: z.string().nullable(),
  lastAlertAt: z.string().nullable(),
  deliveries: z.object({
    pending: z.number().int().describe('Waiting to be sent or retried.'),
    failedLast24h: z.number().int().describe('Given up in the last 24 hours.'),
  }),
  /** The rule in one English sentence (the interface may compose its own from the fields). */
  description: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  generatedWebhookSecret: z.string().optional().describe('Only in the answer that generated it: shown once, store it in the receiver.'),
});
export type TAlertRule = z.infer<typeof ZAlertRule>;

export const ZSpikeNumbers = z.object({
  count: z.number().int(),
  baseline: z.number().describe('Mean matches per window over the baseline period; 0 without history.'),
  factor: z.number(),
  ratio: z.number().nullable().describe('count / baseline; null when the baseline is 0.'),
  windowMinutes: z.number().int(),
  minimumCount: z.number().int(),
  windowFrom: z.string(),
  windowTo: z.string(),
  baselineFrom: z.string(),
  baselineTo: z.string(),
});

export const ZAlertMessage = z.object({
  id: z.string(),
  ruleId: z.string().uuid(),
  watchlistId: z.string().uuid(),
  trigger: z.enum(ALERT_TRIGGERS),
  matchCount: z.number().int(),
  /** The mentions shown in the message (at most 20). */
  mentionIds: z.array(z.string()),
  periodFrom: z.string().nullable(),
  periodTo: z.string().nullable(),
  spike: ZSpikeNumbers.nullable(),
  subject: z.string(),
  language: z.string(),
  createdAt: z.string(),
});
export type TAlertMessage = z.infer<typeof ZAlertMessage>;

export const ZAlertDelivery = z.object({
  id: z.string().uuid(),
  ruleId: z.string().uuid(),
  channel: z.enum(DELIVERY_CHANNELS),
  /** E-mail address or webhook address; null for in-app. */
  target: z.string().nullable(),
  status: z
    .enum(DELIVERY_STATUSES)
    .describe(
      'pending: waiting for an attempt (see nextAttemptAt); sending: under way; sent; queued: kept in the mail outbox (no SMTP server configured); failed: given up, see lastError.',
    ),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable().describe('Why the last attempt failed, in plain English words.'),
  lastErrorCode: z
    .string()
    .nullable()
    .describe(
      'The same as a code (receiver_status) with the values of its sentence in lastErrorParams ({ status: 500, message: "…" }), ' +
        'to say it in another language; null when no attempt failed or the error predates codes.',
    ),
  lastErrorParams: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
  responseStatus: z.number().int().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  message: ZAlertMessage,
});
export type TAlertDelivery = z.infer<typeof ZAlertDelivery>;

export const ZPageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** nextCursor of the previous page. */
  cursor: z.string().max(200).optional(),
});
export const ZDeliveryQuery = ZPageQuery.extend({ status: z.enum(DELIVERY_STATUSES).optional() });

export const ZDeliveryPage = z.object({ items: z.array(ZAlertDelivery), nextCursor: z.string().nullable() });
export const ZNotificationPage = z.object({
  items: z.array(ZAlertMessage.extend({ watchlistName: z.string() })),
  nextCursor: z.string().nullable(),
});

export const ZTestResult = z.object({ message: ZAlertMessage, deliveries: z.array(ZAlertDelivery) });

export const STREAM_HELP =
  'Server-Sent Events (text/event-stream) for EventSource with the session cookie. Events: `match` (data: {key, mentionId, watchlistId, ' +
  'watchlistName, excerpt, highlights[{start,end,term}] in the excerpt, url, author, authorDisplayName, title, kind, occurredAt}) for every ' +
  'new match of the organisation; `alert` (data: an alert message as in the notifications list, with watchlistName) for rules with inApp; ' +
  '`cursor` (no data of interest: moves the event id). Comments (`: heartbeat`) every 15 s. Reconnecting with the Last-Event-ID header (or ' +
  '?lastEventId=) resumes after the last event seen; events may then repeat: deduplicate on `key` (match) or `id` (alert). The server closes ' +
  'the stream after 30 minutes (the browser reconnects).';

export const ZStreamQuery = z.object({ lastEventId: z.string().max(500).optional() });
