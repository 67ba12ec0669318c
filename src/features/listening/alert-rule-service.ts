import { randomBytes, randomUUID } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import type { DbOrTx } from '../../db/client.js';
import { type Caller, requireAccess } from '../../kit/access.js';
import { actorOf, recordAudit } from '../../kit/audit.js';
import { seal } from '../../kit/crypto.js';
import { badRequest, notFound } from '../../kit/errors.js';
import { assertReachableUrl } from '../../kit/safe-fetch.js';
import { rows } from '../../kit/sql.js';
import { organisations } from '../registry/schema.js';
import { NIL_UUID } from './alert-cursor.js';
import { nextDigestAt } from './alert-schedule.js';
import { type AlertMode, type AlertRuleRow, alertRules } from './alert-schema.js';
import type { TAlertRule, TAlertRuleInput, TAlertRulePatch } from './alert-schemas.js';
import { watchlists } from './schema.js';
import { codedFieldError } from '../../kit/field-errors.js';

/**
 * Alert rules: one watchlist, one mode, its targets. Reading needs `listening.read`, changing
 * `listening.manage`; every change is audited (without the webhook secret, which is sealed with
 * kit/crypto under the associated data "alert-rule:<id>" and never shown again after it is set).
 * Changing the mode or switching a rule back on starts it from now: no backlog is sent.
 */

const MODE_NAMES: Record<AlertMode, string> = {
  every: 'Every match',
  digest_hourly: 'Hourly digest',
  digest_daily: 'Daily digest',
  spike: 'Spike',
};
const SPIKE_DEFAULTS = { factor: 3, minimumCount: 5, windowMinutes: 60 };
const DIGEST_HOUR_DEFAULT = 8;

export const webhookSecretAad = (ruleId: string) => `alert-rule:${ruleId}`;
const generateSecret = () => randomBytes(32).toString('base64url');

/** The rule in one English sentence (the API's `description`). */
export function describeRule(
  row: Pick<AlertRuleRow, 'mode' | 'spikeFactor' | 'spikeMinimum' | 'spikeWindowMinutes' | 'digestHour'>,
): string {
  if (row.mode === 'every') return 'Sends each new match; more than 20 within a minute come together in one message.';
  if (row.mode === 'digest_hourly')
    return 'Sends at the top of every hour what matched since the previous digest (nothing for an empty hour).';
  if (row.mode === 'digest_daily') {
    return `Sends every day at ${String(row.digestHour).padStart(2, '0')}:00 (organisation time) what matched since the previous digest.`;
  }
  return (
    `Alerts when the last ${row.spikeWindowMinutes} minutes hold at least ${row.spikeMinimum} matches and at least ${row.spikeFactor} times ` +
    `the usual number: the average per ${row.spikeWindowMinutes} minutes over the 7 days before. Then quiet for ${row.spikeWindowMinutes} minutes.`
  );
}

type Stats = { pending: number; failedLast24h: number };

async function deliveryStats(db: DbOrTx, ruleIds: string[]): Promise<Map<string, Stats>> {
  if (ruleIds.length === 0) return new Map();
  const found = await rows<{ rule_id: string; pending: number; failed: number }>(
    db,
    sql`SELECT rule_id, count(*) FILTER (WHERE status IN ('pending', 'sending'))::int AS pending,
               count(*) FILTER (WHERE status = 'failed' AND updated_at > now() - interval '24 hours')::int AS failed
          FROM alert_deliveries
         WHERE rule_id IN (SELECT value::uuid FROM json_array_elements_text(${JSON.stringify(ruleIds)}::json))
           AND (status IN ('pending', 'sending') OR (status = 'failed' AND updated_at > now() - interval '24 hours'))
         GROUP BY rule_id`,
  );
  return new Map(found.map((r) => [r.rule_id, { pending: r.pending, failedLast24h: r.failed }]));
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function present(row: AlertRuleRow, watchlistName: string, stats: Stats | undefined): TAlertRule {
  return {
    id: row.id,
    organisationId: row.organisationId,
    watchlistId: row.watchlistId,
    watchlistName,
    name: row.name,
    mode: row.mode,
    spike: { factor: row.spikeFactor, minimumCount: row.spikeMinimum, windowMinutes: row.spikeWindowMinutes },
    digestHour: row.digestHour,
    emailRecipients: row.emailRecipients,
    webhook: row.webhookUrl ? { url: row.webhookUrl, secretSet: row.webhookSecretSealed !== null } : null,
    inApp: row.inApp,
    active: row.active,
    deliveredThrough: row.cursorMatchedAt.toISOString(),
    nextDigestAt: iso(row.nextDigestAt),
    lastDigestAt: iso(row.lastDigestAt),
    lastSpikeAt: iso(row.lastSpikeAt),
    lastAlertAt: iso(row.lastAlertAt),
    deliveries: stats ?? { pending: 0, failedLast24h: 0 },
    description: describeRule(row),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const auditView = (row: AlertRuleRow) => ({
  watchlistId: row.watchlistId,
  name: row.name,
  mode: row.mode,
  spike: { factor: row.spikeFactor, minimumCount: row.spikeMinimum, windowMinutes: row.spikeWindowMinutes },
  digestHour: row.digestHour,
  emailRecipients: row.emailRecipients,
  webhookUrl: row.webhookUrl,
  inApp: row.inApp,
  active: row.active,
});

async function loadWatchlist(db: DbOrTx, id: string) {
  const [row] = await db
    .select({ id: watchlists.id, organisationId: watchlists.organisationId, name: watchlists.name })
    .from(watchlists)
    .where(eq(watchlists.id, id));
  if (!row) throw notFound('Watchlist');
  return row;
}

export async function loadRule(db: DbOrTx, id: string): Promise<AlertRuleRow> {
  const [row] = await db.select().from(alertRules).where(eq(alertRules.id, id));
  if (!row) throw notFound('Alert rule');
  return row;
}

async function timeZoneOf(db: DbOrTx, organisationId: string): Promise<string> {
  const [org] = await db.select({ timeZone: organisations.timeZone }).from(organisations).where(eq(organisations.id, organisationId));
  return org?.timeZone ?? 'Europe/Brussels';
}

async function checkWebhookUrl(ctx: AppContext, url: string): Promise<void> {
  try {
    await assertReachableUrl(url, { allow: ctx.config.allowUrls, timeoutMs: 5000 });
  } catch (error) {
    const message = error instanceof Error ? error.message : 'This address cannot be used.';
    throw badRequest('The webhook address cannot be used.', [{ path: 'webhook.url', message }]);
  }
}

const normaliseEmails = (list: string[]) => [...new Set(list.map((e) => e.trim().toLowerCase()))];

function assertSomeTarget(emails: string[], webhookUrl: string | null, inApp: boolean): void {
  if (emails.length === 0 && !webhookUrl && !inApp) {
    throw badRequest('An alert rule needs a way to deliver.', [codedFieldError('emailRecipients', 'no_delivery')]);
  }
}

export async function listAlertRules(ctx: AppContext, caller: Caller, watchlistId: string): Promise<TAlertRule[]> {
  const watchlist = await loadWatchlist(ctx.db, watchlistId);
  await requireAccess(ctx.db, caller, watchlist.organisationId, 'listening.read');
  const list = await ctx.db.select().from(alertRules).where(eq(alertRules.watchlistId, watchlistId)).orderBy(asc(alertRules.createdAt));
  const stats = await deliveryStats(
    ctx.db,
    list.map((r) => r.id),
  );
  return list.map((r) => present(r, watchlist.name, stats.get(r.id)));
}

export async function getAlertRule(ctx: AppContext, caller: Caller, id: string): Promise<TAlertRule> {
  const row = await loadRule(ctx.db, id);
  await requireAccess(ctx.db, caller, row.organisationId, 'listening.read');
  const watchlist = await loadWatchlist(ctx.db, row.watchlistId);
  return present(row, watchlist.name, (await deliveryStats(ctx.db, [id])).get(id));
}

export async function createAlertRule(ctx: AppContext, caller: Caller, watchlistId: string, input: TAlertRuleInput): Promise<TAlertRule> {
  const watchlist = await loadWatchlist(ctx.db, watchlistId);
  await requireAccess(ctx.db, caller, watchlist.organisationId, 'listening.manage');
  const emails = normaliseEmails(input.emailRecipients ?? []);
  const inApp = input.inApp ?? true;
  assertSomeTarget(emails, input.webhook?.url ?? null, inApp);
  if (input.webhook) await checkWebhookUrl(ctx, input.webhook.url);
  const id = randomUUID();
  const generated = input.webhook && !input.webhook.secret ? generateSecret() : undefined;
  const secret = input.webhook ? (input.webhook.secret ?? generated) : undefined;
  const spike = { ...SPIKE_DEFAULTS, ...input.spike };
  const digestHour = input.digestHour ?? DIGEST_HOUR_DEFAULT;
  const timeZone = await timeZoneOf(ctx.db, watchlist.organisationId);
  const row = await ctx.db.transaction(async (tx) => {
    const [created] = await tx
      .insert(alertRules)
      .values({
        id,
        organisationId: watchlist.organisationId,
        watchlistId,
        name: input.name ?? MODE_NAMES[input.mode],
        mode: input.mode,
        spikeFactor: spike.factor,
        spikeMinimum: spike.minimumCount,
        spikeWindowMinutes: spike.windowMinutes,
        digestHour,
        emailRecipients: emails,
        webhookUrl: input.webhook?.url ?? null,
        webhookSecretSealed: secret ? seal(ctx.keyring, secret, webhookSecretAad(id)) : null,
        inApp,
        active: input.active ?? true,
        cursorMentionId: NIL_UUID,
        nextDigestAt: nextDigestAt(input.mode, new Date(), timeZone, digestHour),
        createdBy: caller.userId,
      })
      .returning();
    if (!created) throw new Error('insert failed');
    await recordAudit(tx, actorOf(caller), {
      organisationId: created.organisationId,
      action: 'create',
      entity: 'alert_rule',
      entityId: id,
      after: auditView(created),
    });
    return created;
  });
  return { ...present(row, watchlist.name, undefined), ...(generated ? { generatedWebhookSecret: generated } : {}) };
}

export async function updateAlertRule(ctx: AppContext, caller: Caller, id: string, patch: TAlertRulePatch): Promise<TAlertRule> {
  const before = await loadRule(ctx.db, id);
  await requireAccess(ctx.db, caller, before.organisationId, 'listening.manage');
  const watchlist = await loadWatchlist(ctx.db, before.watchlistId);
  const mode = patch.mode ?? before.mode;
  const emails = patch.emailRecipients !== undefined ? normaliseEmails(patch.emailRecipients) : before.emailRecipients;
  const inApp = patch.inApp ?? before.inApp;
  const active = patch.active ?? before.active;
  const webhookUrl = patch.webhook === undefined ? before.webhookUrl : (patch.webhook?.url ?? null);
  assertSomeTarget(emails, webhookUrl, inApp);
  if (patch.webhook && patch.webhook.url !== before.webhookUrl) await checkWebhookUrl(ctx, patch.webhook.url);
  if (patch.regenerateWebhookSecret && !webhookUrl) {
    throw badRequest('This rule has no webhook.', [codedFieldError('regenerateWebhookSecret', 'webhook_first')]);
  }
  // The secret: given, regenerated, kept, or (a first webhook without one) generated.
  let generated: string | undefined;
  let sealed = webhookUrl ? before.webhookSecretSealed : null;
  if (webhookUrl && patch.webhook?.secret) sealed = seal(ctx.keyring, patch.webhook.secret, webhookSecretAad(id));
  else if (webhookUrl && (patch.regenerateWebhookSecret || !sealed)) {
    generated = generateSecret();
    sealed = seal(ctx.keyring, generated, webhookSecretAad(id));
  }
  const spike = {
    factor: patch.spike?.factor ?? before.spikeFactor,
    minimumCount: patch.spike?.minimumCount ?? before.spikeMinimum,
    windowMinutes: patch.spike?.windowMinutes ?? before.spikeWindowMinutes,
  };
  const digestHour = patch.digestHour ?? before.digestHour;
  const restart = mode !== before.mode || (active && !before.active);
  const reschedule = restart || digestHour !== before.digestHour;
  const timeZone = await timeZoneOf(ctx.db, before.organisationId);
  const row = await ctx.db.transaction(async (tx) => {
    const [updated] = await tx
      .update(alertRules)
      .set({
        name: patch.name ?? before.name,
        mode,
        spikeFactor: spike.factor,
        spikeMinimum: spike.minimumCount,
        spikeWindowMinutes: spike.windowMinutes,
        digestHour,
        emailRecipients: emails,
        webhookUrl,
        webhookSecretSealed: sealed,
        inApp,
        active,
        ...(restart ? { cursorMatchedAt: sql`now()`, cursorMentionId: NIL_UUID, lastDigestAt: sql`now()` } : {}),
        ...(reschedule ? { nextDigestAt: nextDigestAt(mode, new Date(), timeZone, digestHour) } : {}),
        updatedAt: new Date(),
      })
      .where(eq(alertRules.id, id))
      .returning();
    if (!updated) throw notFound('Alert rule');
    await recordAudit(tx, actorOf(caller), {
      organisationId: updated.organisationId,
      action: 'update',
      entity: 'alert_rule',
      entityId: id,
      before: auditView(before),
      after: { ...auditView(updated), ...(sealed !== before.webhookSecretSealed && sealed ? { webhookSecret: 'changed' } : {}) },
    });
    return updated;
  });
  return {
    ...present(row, watchlist.name, (await deliveryStats(ctx.db, [id])).get(id)),
    ...(generated ? { generatedWebhookSecret: generated } : {}),
  };
}

/** Removes a rule with its messages and delivery log (pending deliveries are not sent). */
export async function deleteAlertRule(ctx: AppContext, caller: Caller, id: string): Promise<void> {
  const before = await loadRule(ctx.db, id);
  await requireAccess(ctx.db, caller, before.organisationId, 'listening.manage');
  await ctx.db.transaction(async (tx) => {
    await tx.delete(alertRules).where(eq(alertRules.id, id));
    await recordAudit(tx, actorOf(caller), {
      organisationId: before.organisationId,
      action: 'delete',
      entity: 'alert_rule',
      entityId: id,
      before: auditView(before),
    });
  });
}
