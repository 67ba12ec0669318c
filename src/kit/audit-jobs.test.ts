import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support.js';
import { auditChecks } from './audit-schema.js';

describe('the nightly audit integrity job on pg-boss', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ queue: true });
  });
  afterAll(async () => t?.close());

  it('is scheduled with cron and runs through the real queue', async () => {
    const queue = t.ctx.queue;
    if (!queue) throw new Error('queue not started');
    const schedules = await queue.boss.getSchedules();
    expect(schedules.map((s: { name: string; cron: string }) => [s.name, s.cron])).toContainEqual(['audit-integrity-check', '17 2 * * *']);

    await queue.send('audit-integrity-check', {});
    const deadline = Date.now() + 20_000;
    let checks: (typeof auditChecks.$inferSelect)[] = [];
    while (Date.now() < deadline && checks.length === 0) {
      await new Promise((r) => setTimeout(r, 200));
      checks = await t.ctx.db.select().from(auditChecks);
    }
    expect(checks).toHaveLength(1);
    expect(checks[0]?.ok).toBe(true);
  });

  it('refuses a payload of the wrong shape before it reaches the queue', async () => {
    await expect(t.ctx.queue?.send('audit-integrity-check', 'not an object')).rejects.toThrow(/invalid payload/);
  });
});
