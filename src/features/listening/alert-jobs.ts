import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { defineJob } from '../../app/jobs.js';
import { rows } from '../../kit/sql.js';
import { runAlerts } from './alert-process.js';
import { listeningEvents } from './ingest.js';

/**
 * Alerts as pg-boss jobs. `listening-alerts` runs every minute (cron) and, soon after an ingest
 * that matched, once more: the `matched` event of ingest.ts (emitted after its commit, in the
 * ingesting process) sends the same job, debounced to one per few seconds (a pg-boss singleton
 * slot), and started a second later so the fresh matches are below the arrival horizon
 * (alert-cursor.ts). The event is only a wake-up call: the job reads the database, so a match
 * whose event was lost (a crash right after the commit, another process) goes out with the next
 * minute's run. All state (cursors, schedules, pending deliveries) is in the database, so jobs
 * survive a restart and any number of workers can run them (rules are locked one at a time).
 */

export const ALERTS_JOB = 'listening-alerts';
const DEBOUNCE_SECONDS = 3;

const ZNoPayload = z.object({}).passthrough();

export const alertsJob = defineJob({
  name: ALERTS_JOB,
  payload: ZNoPayload,
  retry: { limit: 0, delaySeconds: 60 },
  cron: '* * * * *',
  async handler(ctx) {
    try {
      const summary = await runAlerts(ctx);
      if (summary.messages > 0 || summary.deliveries > 0) ctx.log.info({ job: ALERTS_JOB, ...summary }, 'listening alerts sent');
    } catch (error) {
      ctx.log.error({ err: error, job: ALERTS_JOB }, 'listening alerts run failed; the next run tries again');
    }
  },
});

/** Daily: alert messages (and their delivery log) older than the organisation's mention retention go. */
export const purgeAlertsJob = defineJob({
  name: 'listening-alerts-purge',
  payload: ZNoPayload,
  retry: { limit: 2, delaySeconds: 600 },
  cron: '41 3 * * *',
  async handler(ctx) {
    const removed = await rows<{ id: string }>(
      ctx.db,
      sql`DELETE FROM alert_messages am
           USING organisations o LEFT JOIN listening_settings ls ON ls.organisation_id = o.id
           WHERE o.id = am.organisation_id
             AND am.created_at < now() - make_interval(days => coalesce(ls.retention_days, 365))
         RETURNING am.id::text AS id`,
    );
    if (removed.length > 0) ctx.log.info({ job: 'listening-alerts-purge', removed: removed.length }, 'old alert messages removed');
  },
});

export const ALERT_JOBS = [alertsJob, purgeAlertsJob];

/** Sends the alert job soon (debounced). Never throws: the cron run is the safety net. */
export async function wakeAlerts(ctx: AppContext): Promise<void> {
  if (!ctx.queue) return;
  try {
    await ctx.queue.boss.sendDebounced(ALERTS_JOB, {}, { startAfter: 1 }, DEBOUNCE_SECONDS, 'after-ingest');
  } catch (error) {
    ctx.log.warn({ err: error }, 'listening alerts: could not wake the alert job; the next minute’s run sends');
  }
}

const triggers = new WeakMap<AppContext, { users: number; listener: () => void }>();

/**
 * Subscribes to ingest's `matched` event in this process (once per app, however many callers:
 * the alert routes in web processes and the worker loop both ask). `stop` unsubscribes.
 */
export function startAlertTrigger(ctx: AppContext): { stop(): Promise<void> } {
  let entry = triggers.get(ctx);
  if (!entry) {
    const listener = () => void wakeAlerts(ctx);
    entry = { users: 0, listener };
    triggers.set(ctx, entry);
    listeningEvents.on('matched', listener);
  }
  entry.users += 1;
  let stopped = false;
  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      const current = triggers.get(ctx);
      if (!current) return;
      current.users -= 1;
      if (current.users === 0) {
        listeningEvents.off('matched', current.listener);
        triggers.delete(ctx);
      }
    },
  };
}
