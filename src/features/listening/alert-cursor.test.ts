import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation, buildUser } from '../../../test/factories.js';
import { createTestApp, type TestApp, usingPostgres } from '../../../test/support.js';
import { rows } from '../../kit/sql.js';
import { runAlerts } from './alert-process.js';
import { ingestItems } from './ingest.js';
import { item } from './test-items.js';

/**
 * The arrival horizon (alert-cursor.ts) against a real late commit. Only PostgreSQL has concurrent
 * sessions; PGlite runs one transaction at a time, so there the case cannot arise.
 */
describe.skipIf(!usingPostgres)('alert cursor: a match that commits late is neither lost nor sent twice', () => {
  let t: TestApp;
  let org: { id: string };
  let watchlistId: string;
  let ruleId: string;

  beforeAll(async () => {
    t = await createTestApp();
    org = await buildOrganisation(t.ctx.db);
    const admin = await buildUser(t.ctx.db, { roles: [[org.id, 'admin']] });
    const wl = await t.app.inject({
      method: 'POST',
      url: `/api/organisations/${org.id}/watchlists`,
      headers: admin.headers,
      payload: { name: 'Zwembad', query: 'zwembad' },
    });
    watchlistId = (wl.json() as { id: string }).id;
    const rule = await t.app.inject({
      method: 'POST',
      url: `/api/watchlists/${watchlistId}/alerts`,
      headers: admin.headers,
      payload: { mode: 'every' },
    });
    ruleId = (rule.json() as { id: string }).id;
  });
  afterAll(async () => t?.close());

  const alerted = async () =>
    (
      await rows<{ mention_ids: string[] }>(
        t.ctx.db,
        sql`SELECT to_json(mention_ids) AS mention_ids FROM alert_messages WHERE rule_id = ${ruleId}::uuid ORDER BY id`,
      )
    ).flatMap((r) => r.mention_ids);

  it('holds the cursor below an open ingest transaction, then sends both matches once', async () => {
    let lateId = '';
    await t.database.withConnection(async (query) => {
      // An ingest that began first and commits last.
      await query('BEGIN');
      const [mention] = await query<{ id: string }>(
        `INSERT INTO mentions (organisation_id, dedup_key, kind, external_id, text, occurred_at)
         VALUES ($1, 'x:late', 'bluesky', 'late', 'Het zwembad (laat)', now()) RETURNING id`,
        [org.id],
      );
      lateId = mention?.id ?? '';
      await query(
        `INSERT INTO mention_matches (mention_id, watchlist_id, organisation_id, fired, occurred_at) VALUES ($1, $2, $3, '[]', now())`,
        [lateId, watchlistId, org.id],
      );
      await sleep(50);
      // One that began later and commits first.
      await ingestItems(t.ctx, { organisationId: org.id }, [item('at://early', 'Het zwembad (vroeg)')]);
      await sleep(300);
      await runAlerts(t.ctx);
      expect(await alerted()).toEqual([]); // held back, not skipped
      await query('COMMIT');
    });
    await sleep(300);
    await runAlerts(t.ctx);
    await runAlerts(t.ctx);
    const sent = await alerted();
    expect(sent).toHaveLength(2);
    expect(sent[0]).toBe(lateId);
  });
});
