import { sql } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import type { Tx } from '../../db/client.js';
import { rows } from '../../kit/sql.js';
import { arrivalHorizon, type Horizon, NIL_UUID } from './alert-cursor.js';
import { deliverDue } from './alert-delivery.js';
import { MAX_SHOWN } from './alert-message.js';
import { MATCH_COLUMNS, type MatchRow, mentionOf, RULE_COLUMNS, type RuleRow, recordAlert, settingOf, toDate } from './alert-record.js';
import { judgeSpike, nextDigestAt, spikeWindows } from './alert-schedule.js';
import type { SpikeNumbers } from './alert-schema.js';

/**
 * The alert runner: for every active rule, in its own transaction with the rule row locked (FOR
 * UPDATE SKIP LOCKED, so two workers never handle one rule at once), reads the watchlist's new
 * matches after the rule's cursor and up to the arrival horizon (alert-cursor.ts), writes the
 * messages and their deliveries, and moves the cursor — all in that one commit. Then it sends the
 * pending e-mail and webhook deliveries (alert-delivery.ts).
 *
 * Why nothing is sent twice or lost: a match is "handed over" exactly when the transaction that
 * wrote its message (and the outbox-bound deliveries) committed together with the cursor past it.
 * A crash before the commit leaves the cursor where it was and writes nothing; a crash after it
 * leaves pending deliveries that the next run sends. The horizon keeps the cursor from passing a
 * match whose ingest transaction had not committed yet.
 *
 * Every match: each match is one message, unless the rule already produced 20 single-match
 * messages in the last minute or this run brings more than that: then the run's matches go out
 * together as one `burst` message (a storm gives a handful of messages, not hundreds).
 */

/** Single-match messages per rule per rolling minute before matches are grouped. */
export const BURST_LIMIT = 20;
/** Matches read per transaction for an every-match rule. */
const EVERY_BATCH = 500;
/** Batches per rule per run (a long backlog continues on the next run). */
const MAX_BATCHES = 10;
const LAG_WARNING_SECONDS = 600;

export type AlertRunSummary = { rules: number; messages: number; deliveries: number };

async function dueRuleIds(ctx: AppContext, now: Date): Promise<string[]> {
  const found = await rows<{ id: string }>(
    ctx.db,
    sql`SELECT r.id FROM alert_rules r
         WHERE r.active
           AND (   (r.mode = 'spike')
                OR (r.mode IN ('digest_hourly', 'digest_daily') AND (r.next_digest_at IS NULL OR r.next_digest_at <= ${now.toISOString()}::timestamptz))
                OR (r.mode = 'every' AND EXISTS (
                      SELECT 1 FROM mention_matches mm
                       WHERE mm.organisation_id = r.organisation_id AND mm.watchlist_id = r.watchlist_id
                         AND mm.matched_at >= r.cursor_matched_at
                         AND (mm.matched_at, mm.mention_id) > (r.cursor_matched_at, r.cursor_mention_id))))
         ORDER BY r.id`,
  );
  return found.map((r) => r.id);
}

async function lockRule(tx: Tx, ruleId: string): Promise<RuleRow | undefined> {
  const [rule] = await rows<RuleRow>(
    tx,
    sql`SELECT ${RULE_COLUMNS} FROM alert_rules r JOIN watchlists w ON w.id = r.watchlist_id JOIN organisations o ON o.id = r.organisation_id
         WHERE r.id = ${ruleId}::uuid AND r.active FOR UPDATE OF r SKIP LOCKED`,
  );
  return rule;
}

/** The rule's new matches after its cursor and below the horizon, oldest first. */
function newMatches(tx: Tx, rule: RuleRow, horizon: Horizon, limit: number, order: 'asc' | 'desc' = 'asc'): Promise<MatchRow[]> {
  const direction = sql.raw(order === 'asc' ? 'ASC' : 'DESC');
  return rows<MatchRow>(
    tx,
    sql`SELECT ${MATCH_COLUMNS} FROM mention_matches mm JOIN mentions m ON m.id = mm.mention_id
         WHERE mm.organisation_id = ${rule.organisation_id}::uuid AND mm.watchlist_id = ${rule.watchlist_id}::uuid
           AND mm.matched_at >= ${rule.cursor_at}::timestamptz
           AND (mm.matched_at, mm.mention_id) > (${rule.cursor_at}::timestamptz, ${rule.cursor_mention_id}::uuid)
           AND mm.matched_at < ${horizon.at}::timestamptz
         ORDER BY mm.matched_at ${direction}, mm.mention_id ${direction}
         LIMIT ${limit}`,
  );
}

/** Moves the cursor forward (never back) to (at, mentionId). */
async function moveCursor(tx: Tx, ruleId: string, at: string, mentionId: string): Promise<void> {
  await tx.execute(
    sql`UPDATE alert_rules SET cursor_matched_at = ${at}::timestamptz, cursor_mention_id = ${mentionId}::uuid
         WHERE id = ${ruleId}::uuid AND (cursor_matched_at, cursor_mention_id) < (${at}::timestamptz, ${mentionId}::uuid)`,
  );
}

type Step = { messages: number; more: boolean };

async function runEvery(ctx: AppContext, tx: Tx, rule: RuleRow, horizon: Horizon): Promise<Step> {
  const batch = await newMatches(tx, rule, horizon, EVERY_BATCH);
  if (batch.length === 0) return { messages: 0, more: false };
  const [recent] = await rows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM alert_messages
         WHERE rule_id = ${rule.id}::uuid AND trigger = 'match' AND created_at > now() - interval '1 minute'`,
  );
  const setting = settingOf(rule, ctx.config.publicUrl);
  let messages = 0;
  if (batch.length <= BURST_LIMIT - (recent?.n ?? 0)) {
    for (const row of batch) {
      const mention = mentionOf(row);
      await recordAlert(tx, rule, setting, {
        trigger: 'match',
        matchCount: 1,
        mentions: [mention],
        periodFrom: null,
        periodTo: null,
        spike: null,
      });
      messages += 1;
    }
  } else {
    await recordAlert(tx, rule, setting, {
      trigger: 'burst',
      matchCount: batch.length,
      mentions: batch.slice(0, MAX_SHOWN).map(mentionOf),
      periodFrom: null,
      periodTo: null,
      spike: null,
    });
    messages = 1;
  }
  const full = batch.length === EVERY_BATCH;
  const last = batch[batch.length - 1] as MatchRow;
  // A full batch stops at its last row; otherwise everything below the horizon has been read.
  if (full) await moveCursor(tx, rule.id, last.at, last.mention_id);
  else await moveCursor(tx, rule.id, horizon.at, NIL_UUID);
  return { messages, more: full };
}

async function runDigest(ctx: AppContext, tx: Tx, rule: RuleRow, horizon: Horizon, now: Date): Promise<Step> {
  const next = nextDigestAt(rule.mode, now, rule.time_zone, rule.digest_hour);
  const due = rule.next_digest_at !== null && toDate(rule.next_digest_at).getTime() <= now.getTime();
  if (!due) {
    // Just created, re-activated or switched to a digest: schedule the first one.
    if (rule.next_digest_at === null) {
      await tx.execute(
        sql`UPDATE alert_rules SET next_digest_at = ${next?.toISOString() ?? null}::timestamptz WHERE id = ${rule.id}::uuid`,
      );
    }
    return { messages: 0, more: false };
  }
  const [counted] = await rows<{ n: number }>(
    tx,
    sql`SELECT count(*)::int AS n FROM mention_matches mm
         WHERE mm.organisation_id = ${rule.organisation_id}::uuid AND mm.watchlist_id = ${rule.watchlist_id}::uuid
           AND mm.matched_at >= ${rule.cursor_at}::timestamptz
           AND (mm.matched_at, mm.mention_id) > (${rule.cursor_at}::timestamptz, ${rule.cursor_mention_id}::uuid)
           AND mm.matched_at < ${horizon.at}::timestamptz`,
  );
  const count = counted?.n ?? 0;
  let messages = 0;
  if (count > 0) {
    const newest = await newMatches(tx, rule, horizon, MAX_SHOWN, 'desc');
    await recordAlert(tx, rule, settingOf(rule, ctx.config.publicUrl), {
      trigger: 'digest',
      matchCount: count,
      mentions: newest.map(mentionOf),
      periodFrom: toDate(rule.last_digest_at ?? rule.created_at),
      periodTo: now,
      spike: null,
    });
    messages = 1;
  }
  await moveCursor(tx, rule.id, horizon.at, NIL_UUID);
  await tx.execute(
    sql`UPDATE alert_rules SET next_digest_at = ${next?.toISOString() ?? null}::timestamptz, last_digest_at = ${now.toISOString()}::timestamptz
         WHERE id = ${rule.id}::uuid`,
  );
  return { messages, more: false };
}

async function runSpike(ctx: AppContext, tx: Tx, rule: RuleRow, horizon: Horizon, now: Date): Promise<Step> {
  // The cursor follows along, so that switching this rule to another mode starts from now.
  await moveCursor(tx, rule.id, horizon.at, NIL_UUID);
  const windowMs = rule.spike_window_minutes * 60_000;
  if (rule.last_spike_at !== null && toDate(rule.last_spike_at).getTime() > now.getTime() - windowMs) return { messages: 0, more: false };
  const w = spikeWindows(now, rule.spike_window_minutes, toDate(rule.watchlist_created_at));
  const [counts] = await rows<{ current: number; base: number }>(
    tx,
    sql`SELECT count(*) FILTER (WHERE occurred_at >= ${w.windowFrom.toISOString()}::timestamptz)::int AS current,
               count(*) FILTER (WHERE occurred_at < ${w.windowFrom.toISOString()}::timestamptz)::int AS base
          FROM mention_matches
         WHERE watchlist_id = ${rule.watchlist_id}::uuid
           AND occurred_at >= ${w.baselineFrom.toISOString()}::timestamptz AND occurred_at < ${w.windowTo.toISOString()}::timestamptz`,
  );
  const count = counts?.current ?? 0;
  const verdict = judgeSpike({
    count,
    baselineCount: counts?.base ?? 0,
    baselineMinutes: (w.baselineTo.getTime() - w.baselineFrom.getTime()) / 60_000,
    windowMinutes: rule.spike_window_minutes,
    factor: rule.spike_factor,
    minimumCount: rule.spike_minimum,
  });
  if (!verdict.fires) return { messages: 0, more: false };
  const spike: SpikeNumbers = {
    count,
    baseline: verdict.baseline,
    factor: rule.spike_factor,
    ratio: verdict.ratio,
    windowMinutes: rule.spike_window_minutes,
    minimumCount: rule.spike_minimum,
    windowFrom: w.windowFrom.toISOString(),
    windowTo: w.windowTo.toISOString(),
    baselineFrom: w.baselineFrom.toISOString(),
    baselineTo: w.baselineTo.toISOString(),
  };
  const examples = await rows<MatchRow>(
    tx,
    sql`SELECT ${MATCH_COLUMNS} FROM mention_matches mm JOIN mentions m ON m.id = mm.mention_id
         WHERE mm.watchlist_id = ${rule.watchlist_id}::uuid
           AND mm.occurred_at >= ${w.windowFrom.toISOString()}::timestamptz AND mm.occurred_at < ${w.windowTo.toISOString()}::timestamptz
         ORDER BY mm.occurred_at DESC, mm.mention_id DESC LIMIT 10`,
  );
  await recordAlert(tx, rule, settingOf(rule, ctx.config.publicUrl), {
    trigger: 'spike',
    matchCount: count,
    mentions: examples.map(mentionOf),
    periodFrom: w.windowFrom,
    periodTo: w.windowTo,
    spike,
  });
  await tx.execute(sql`UPDATE alert_rules SET last_spike_at = ${now.toISOString()}::timestamptz WHERE id = ${rule.id}::uuid`);
  return { messages: 1, more: false };
}

/** One transaction for one rule; null when another worker holds it (or it is no longer active). */
async function runRuleOnce(ctx: AppContext, ruleId: string, now: Date): Promise<Step | null> {
  return ctx.db.transaction(async (tx) => {
    const rule = await lockRule(tx, ruleId);
    if (!rule) return null;
    const horizon = await arrivalHorizon(tx);
    if (horizon.lagSeconds > LAG_WARNING_SECONDS) {
      ctx.log.warn(
        { rule: rule.id, lagSeconds: Math.round(horizon.lagSeconds) },
        'listening alerts held back: a database transaction has been open for a long time',
      );
    }
    if (rule.mode === 'every') return runEvery(ctx, tx, rule, horizon);
    if (rule.mode === 'spike') return runSpike(ctx, tx, rule, horizon, now);
    return runDigest(ctx, tx, rule, horizon, now);
  });
}

/**
 * One pass: every due rule, then every due delivery. A rule that fails is logged and left for the
 * next pass (its transaction rolled back: nothing written, cursor unmoved); never throws for one rule.
 */
export async function runAlerts(ctx: AppContext, now: Date = new Date()): Promise<AlertRunSummary> {
  const ids = await dueRuleIds(ctx, now);
  let messages = 0;
  for (const id of ids) {
    try {
      for (let batch = 0; batch < MAX_BATCHES; batch += 1) {
        const step = await runRuleOnce(ctx, id, now);
        messages += step?.messages ?? 0;
        if (!step?.more) break;
      }
    } catch (error) {
      ctx.log.error({ err: error, rule: id }, 'listening alert rule failed; it is tried again on the next run');
    }
  }
  const delivered = await deliverDue(ctx, { now });
  return { rules: ids.length, messages, deliveries: delivered.length };
}
