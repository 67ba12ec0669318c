import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation, buildUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { rows } from '../../kit/sql.js';
import { ALERT_JOBS, ALERTS_JOB } from './alert-jobs.js';
import { ingestItems } from './ingest.js';
import { item } from './test-items.js';

describe('alerts on the real job queue', () => {
  let t: TestApp;
  let org: { id: string };
  let ruleId: string;

  beforeAll(async () => {
    t = await createTestApp({ queue: true });
    org = await buildOrganisation(t.ctx.db);
    const admin = await buildUser(t.ctx.db, { roles: [[org.id, 'admin']] });
    const wl = await t.app.inject({
      method: 'POST',
      url: `/api/organisations/${org.id}/watchlists`,
      headers: admin.headers,
      payload: { name: 'Zwembad', query: 'zwembad' },
    });
    const rule = await t.app.inject({
      method: 'POST',
      url: `/api/watchlists/${(wl.json() as { id: string }).id}/alerts`,
      headers: admin.headers,
      payload: { mode: 'every' },
    });
    ruleId = (rule.json() as { id: string }).id;
  });
  afterAll(async () => t?.close());

  it('is scheduled every minute and woken right after an ingest that matched (debounced), not at the next minute', async () => {
    const queue = t.ctx.queue;
    if (!queue) throw new Error('queue not started');
    const ours = new Set(ALERT_JOBS.map((j) => j.name));
    const schedules = await queue.boss.getSchedules();
    expect(Object.fromEntries(schedules.filter((s) => ours.has(s.name)).map((s) => [s.name, s.cron]))).toEqual({
      'listening-alerts': '* * * * *',
      'listening-alerts-purge': '41 3 * * *',
    });

    const started = Date.now();
    for (let i = 0; i < 5; i += 1) await ingestItems(t.ctx, { organisationId: org.id }, [item(`at://z${i}`, `Zwembad ${i}`)]);
    let sent: Array<{ n: number }> = [];
    while (Date.now() - started < 15_000) {
      sent = await rows<{ n: number }>(
        t.ctx.db,
        sql`SELECT coalesce(sum(match_count), 0)::int AS n FROM alert_messages WHERE rule_id = ${ruleId}::uuid`,
      );
      if ((sent[0]?.n ?? 0) >= 5) break;
      await sleep(200);
    }
    expect(sent[0]?.n).toBe(5);
    // Five ingests woke the job at most a couple of times (one per debounce slot), not five.
    const woken = await rows<{ n: number }>(
      t.ctx.db,
      sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = ${ALERTS_JOB} AND singleton_key = 'after-ingest'`,
    );
    expect(woken[0]?.n).toBeGreaterThanOrEqual(1);
    expect(woken[0]?.n).toBeLessThanOrEqual(3);
  });
});
