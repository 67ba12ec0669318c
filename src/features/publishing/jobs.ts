import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { defineJob } from '../../app/jobs.js';
import { claimDuePublications, leaseUnconfirmed } from './claim.js';
import { reconcileUnconfirmed } from './reconcile.js';
import { sweepStuckPublishing } from './sweep.js';
import type { PublicationRow } from './schema.js';
import { type PublishOptions, publishClaimedBatch } from './worker.js';

/**
 * Publishing's background work.
 *
 * Why a loop beside the cron job: pg-boss schedules at one-minute granularity, so a cron job alone
 * would send a post due at 09:00:01 at 09:01:00 — up to 59 s late. While a worker process runs, an
 * in-process loop polls the claim every 250 ms (one indexed query on `(state, due_at)` when nothing
 * is due), so posts leave within a fraction of a second of their time. The `publish-due` cron job
 * stays as the safety net (and starts the loop in a process that has not started it yet). Any
 * number of processes can run both: the claim uses FOR UPDATE SKIP LOCKED.
 */

export const PUBLISH_LOOP = {
  intervalMs: 250,
  /**
   * Sends in flight per drain (at most one per channel). They hold no connection of their own
   * (see send-gate.ts): the pool bounds their queries. Measured on the burst bench (3,000 posts due
   * within 5 s, PostgreSQL, 2 shared cores): 16 → ~180, 32 → ~190, 64 → ~240, 128 → ~230 posts/s;
   * the loop is bound by event-loop latency per send, so more in flight helps until that saturates.
   */
  concurrency: 64,
  /** Rows per claim statement: the drain claims when this many sends can start (or when idle). */
  batchSize: 32,
  /** Sends in flight per channel (account) and drain: one account's backlog never takes all the slots. */
  perChannel: 1,
  jobBudgetMs: 50_000,
};

/**
 * Claims and sends due publications until none is due or `budgetMs` has passed, with up to
 * `concurrency` sends in flight. Claims in batches (one statement for up to `batchSize` rows, or
 * as many as can start), and never claims a row of a channel it is still sending to: one account's
 * backlog goes one post at a time, in due order, while the other accounts' posts are claimed past
 * it. Returns how many rows were handled.
 */
export async function drainDuePublications(
  ctx: AppContext,
  options: { concurrency?: number; batchSize?: number; perChannel?: number; budgetMs?: number; publish?: PublishOptions } = {},
): Promise<number> {
  const deadline = Date.now() + (options.budgetMs ?? PUBLISH_LOOP.jobBudgetMs);
  const concurrency = Math.max(1, options.concurrency ?? PUBLISH_LOOP.concurrency);
  const batchSize = Math.max(1, Math.min(concurrency, options.batchSize ?? PUBLISH_LOOP.batchSize));
  const perChannel = Math.max(1, options.perChannel ?? PUBLISH_LOOP.perChannel);
  /** Channels with rows claimed here and not settled yet. */
  const busy = new Map<string, number>();
  const batches = new Set<Promise<unknown>>();
  let inFlight = 0;
  let handled = 0;
  /** The last claim found fewer rows than it asked for: wait until a send settles (frees a channel). */
  let dry = false;
  let wake: (() => void) | null = null;
  const settled = (row: PublicationRow) => {
    inFlight -= 1;
    handled += 1;
    const left = (busy.get(row.channelId) ?? 1) - 1;
    if (left > 0) busy.set(row.channelId, left);
    else busy.delete(row.channelId);
    dry = false;
    wake?.();
  };
  try {
    while (Date.now() < deadline) {
      const free = concurrency - inFlight;
      if (!dry && free > 0 && (free >= batchSize || inFlight === 0)) {
        const handledBefore = handled;
        const batch = await claimDuePublications(ctx.db, { limit: free, perChannel, inFlight: busy });
        // A send that settled while the claim ran may have freed its channel's next row, which this
        // claim skipped as busy: only a claim that nothing overtook may call the queue dry. (Before,
        // the drain could stop with due rows left when its last sends settled during a claim.)
        dry = batch.length < free && handled === handledBefore;
        if (batch.length > 0) {
          inFlight += batch.length;
          for (const row of batch) busy.set(row.channelId, (busy.get(row.channelId) ?? 0) + 1);
          const sending = publishClaimedBatch(ctx, batch, options.publish, settled);
          batches.add(sending);
          void sending.finally(() => batches.delete(sending));
          continue;
        }
      }
      if (inFlight === 0 && dry) break;
      // Wait for a send to settle, or look again after the loop interval: rows come due meanwhile.
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, PUBLISH_LOOP.intervalMs);
      });
      clearTimeout(timer);
      wake = null;
      if (inFlight < concurrency) dry = false;
    }
  } finally {
    await Promise.all(batches);
  }
  return handled;
}

/** Reconciles `unconfirmed` rows whose time has come, one lease at a time, until none is left or the budget is spent. */
export async function reconcileDue(ctx: AppContext, budgetMs = PUBLISH_LOOP.jobBudgetMs): Promise<number> {
  const deadline = Date.now() + budgetMs;
  let handled = 0;
  while (Date.now() < deadline) {
    const leased = await leaseUnconfirmed(ctx.db);
    if (!leased) break;
    await reconcileUnconfirmed(ctx, leased);
    handled += 1;
  }
  return handled;
}

export type PublishingWorker = { stop(): Promise<void> };

const running = new WeakMap<AppContext, PublishingWorker>();

/**
 * Starts this process's publishing worker once: the start-up sweep, then the 250 ms claim loop.
 * Stops with the job queue. Calling it again returns the running worker.
 */
export function startPublishingWorker(ctx: AppContext, options: { intervalMs?: number; publish?: PublishOptions } = {}): PublishingWorker {
  const existing = running.get(ctx);
  if (existing) return existing;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  const tick = async () => {
    try {
      await drainDuePublications(ctx, { budgetMs: 10_000, publish: options.publish });
    } catch (error) {
      ctx.log.error({ err: error }, 'publishing loop: claim failed');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      current = tick().finally(schedule);
    }, options.intervalMs ?? PUBLISH_LOOP.intervalMs);
    timer.unref();
  };
  const worker: PublishingWorker = {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      if (running.get(ctx) === worker) running.delete(ctx);
      await current;
    },
  };
  running.set(ctx, worker);
  current = sweepStuckPublishing(ctx.db)
    .then((swept) => {
      if (swept.unconfirmed.length + swept.held.length > 0) ctx.log.warn({ ...swept }, 'publishing: start-up sweep moved rows');
    })
    .catch((error: unknown) => ctx.log.error({ err: error }, 'publishing: start-up sweep failed'))
    .finally(schedule);
  ctx.queue?.boss.once('stopped', () => void worker.stop());
  return worker;
}

const ZNoPayload = z.object({}).passthrough();

/** Jobs must not fail on a bad network reply (every outcome is recorded); this guards against our own faults. */
async function guarded(ctx: AppContext, job: string, work: () => Promise<unknown>): Promise<void> {
  try {
    const result = await work();
    if (typeof result === 'number' && result > 0) ctx.log.info({ job, handled: result }, 'publishing job done');
  } catch (error) {
    ctx.log.error({ err: error, job }, 'publishing job failed');
  }
}

/** Every minute: the safety net for the in-process loop (BACKGROUND_LOOPS in app/job-list.ts). */
export const publishDueJob = defineJob({
  name: 'publish-due',
  payload: ZNoPayload,
  retry: { limit: 0, delaySeconds: 60 },
  cron: '* * * * *',
  async handler(ctx) {
    // A few sends at a time: the loop does the bulk. Sends share the send gate's sessions (at
    // most SEND_GATE_SESSIONS.maxSessions pooled connections per process), so this stays well
    // within the pool.
    await guarded(ctx, 'publish-due', () => drainDuePublications(ctx, { concurrency: 4 }));
  },
});

/** Every minute: look up `unconfirmed` rows whose backoff has passed (next_reconcile_at). */
export const reconcileUnconfirmedJob = defineJob({
  name: 'reconcile-unconfirmed',
  payload: ZNoPayload,
  retry: { limit: 0, delaySeconds: 60 },
  cron: '* * * * *',
  async handler(ctx) {
    await guarded(ctx, 'reconcile-unconfirmed', () => reconcileDue(ctx));
  },
});

/** On start (startPublishingWorker) and every 5 minutes: stale claims → unconfirmed, paused scheduled rows → held. */
export const sweepStuckPublishingJob = defineJob({
  name: 'sweep-stuck-publishing',
  payload: ZNoPayload,
  retry: { limit: 0, delaySeconds: 60 },
  cron: '*/5 * * * *',
  async handler(ctx) {
    await guarded(ctx, 'sweep-stuck-publishing', async () => {
      const swept = await sweepStuckPublishing(ctx.db);
      if (swept.unconfirmed.length + swept.held.length > 0) ctx.log.warn({ ...swept }, 'publishing: sweep moved rows');
    });
  },
});

export const PUBLISHING_JOBS = [publishDueJob, reconcileUnconfirmedJob, sweepStuckPublishingJob];
