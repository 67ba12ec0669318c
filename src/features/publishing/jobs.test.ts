import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { PUBLISHING_JOBS, startPublishingWorker } from './jobs.js';
import { createTestApp } from '../../../test/support.js';
import { type PublishingFixture, publishingFixture } from './test-fixtures.js';

/** The publishing loop and the pg-boss jobs, in a running worker. */

let f: PublishingFixture | undefined;
afterEach(async () => {
  await f?.close();
  f = undefined;
});

async function waitForState(fixture: PublishingFixture, id: string, state: string, timeoutMs = 8000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await fixture.row(id);
    if (row.state === state || Date.now() > deadline) return row;
    await sleep(25);
  }
}

describe('publishing in a running worker', () => {
  it('the loop sends a post within a fraction of a second of its time, not at the next cron minute', async () => {
    f = await publishingFixture(await createTestApp(), { ownsApp: true });
    const dueAt = new Date(Date.now() + 400);
    const row = await f.schedule({ dueAt });
    const worker = startPublishingWorker(f.t.ctx);
    expect(startPublishingWorker(f.t.ctx)).toBe(worker);
    try {
      const published = await waitForState(f, row.id, 'published');
      expect(published.state).toBe('published');
      const lateness = (published.publishedAt?.getTime() ?? Number.POSITIVE_INFINITY) - dueAt.getTime();
      expect(lateness).toBeGreaterThanOrEqual(0);
      expect(lateness).toBeLessThan(1500);
    } finally {
      await worker.stop();
    }
    expect(f.statuses()).toHaveLength(1);
  });

  it('the jobs are registered with the queue; a publish-due run starts the loop, which stops with the queue', async () => {
    f = await publishingFixture(await createTestApp({ queue: true }), { ownsApp: true });
    const queue = f.t.ctx.queue;
    if (!queue) throw new Error('no queue');
    const row = await f.schedule();
    // The cron schedules exist (every minute, and every five minutes for the sweep).
    const schedules = await queue.boss.getSchedules();
    // Publishing's own schedules (other features register theirs beside them).
    const ours = new Set(PUBLISHING_JOBS.map((j) => j.name));
    expect(Object.fromEntries(schedules.filter((s) => ours.has(s.name)).map((s) => [s.name, s.cron]))).toEqual({
      'publish-due': '* * * * *',
      'reconcile-unconfirmed': '* * * * *',
      'sweep-stuck-publishing': '*/5 * * * *',
    });
    await queue.send('publish-due', {});
    expect((await waitForState(f, row.id, 'published')).state).toBe('published');
    // Once started by the job, the loop keeps sending without another job run.
    const next = await f.schedule({ dueAt: new Date(Date.now() + 300) });
    expect((await waitForState(f, next.id, 'published', 3000)).state).toBe('published');
    expect(f.statuses()).toHaveLength(2);

    await queue.stop();
    const after = await f.schedule();
    await sleep(1000);
    expect((await f.row(after.id)).state).toBe('scheduled');
  });
});
