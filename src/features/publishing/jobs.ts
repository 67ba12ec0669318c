import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { defineJob } from '../../app/jobs.js';
import { claimDuePublication, leaseUnconfirmed } from './claim.js';
import { reconcileUnconfirmed } from './reconcile.js';
import { sweepStuckPublishing } from './sweep.js';
import { type PublishOptions, publishClaimed } from './worker.js';

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

export const PUBLISH_LOOP = { intervalMs: 250, concurrency: 4, jobBudgetMs: 50_000 };

/**
 * Claims and sends due publications until none is due or `budgetMs` has passed, `concurrency` at a
 * time. Returns how many were handled.
 */
export async function drainDuePublications(
  ctx: AppContext,
  options: { concurrency?: number; budgetMs?: number; publish?: PublishOptions } = {},
): Promise<number> {
  const deadline = Date.now() + (options.budgetMs ?? PUBLISH_LOOP.jobBudgetMs);
  let handled = 0;
  const lane = async () => {
    while (Date.now() < deadline) {
      const claimed = await claimDuePublication(ctx.db, randomUUID());
      if (!claimed) return;
      await publishClaimed(ctx, claimed, options.publish);
      handled += 1;
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? PUBLISH_LOOP.concurrency }, lane));
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
    // One lane: the loop does the bulk. Each send holds a pooled connection (the send gate), so
    // loop lanes + this lane (5) stay well under the pool's 10 connections.
    await guarded(ctx, 'publish-due', () => drainDuePublications(ctx, { concurrency: 1 }));
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
