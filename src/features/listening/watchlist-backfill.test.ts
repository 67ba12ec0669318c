import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { rows } from '../../kit/sql.js';
import { runAlerts } from './alert-process.js';
import { ingestItems } from './ingest.js';
import { item } from './test-items.js';
import { backfillWatchlist } from './watchlist-backfill.js';

describe('a new or changed watchlist runs over the stored mentions (on the real job queue)', () => {
  let t: TestApp;
  let org: { id: string };
  let admin: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ queue: true });
    org = await buildOrganisation(t.ctx.db);
    admin = await buildUser(t.ctx.db, { roles: [[org.id, 'admin']] });
    await ingestItems(t.ctx, { organisationId: org.id }, [
      item('at://b/1', 'Het zwembad aan de Kouter gaat dicht'),
      item('at://b/2', 'Nieuwe fietsstraat in Ledeberg'),
      item('at://b/3', 'Zwembad Rooigem: nieuwe openingsuren'),
    ]);
  });
  afterAll(async () => t?.close());

  const matchesOf = (watchlistId: string) =>
    rows<{ text: string; same_time: boolean }>(
      t.ctx.db,
      sql`SELECT m.text, mm.matched_at = m.seen_at AS same_time FROM mention_matches mm JOIN mentions m ON m.id = mm.mention_id
           WHERE mm.watchlist_id = ${watchlistId}::uuid ORDER BY m.text`,
    );
  const alertedMentions = async (ruleId: string) =>
    (
      await rows<{ mention_ids: string[] }>(
        t.ctx.db,
        sql`SELECT to_json(mention_ids) AS mention_ids FROM alert_messages WHERE rule_id = ${ruleId}::uuid`,
      )
    ).flatMap((r) => r.mention_ids);
  async function waitForMatches(watchlistId: string, count: number) {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const found = await matchesOf(watchlistId);
      if (found.length >= count || Date.now() > deadline) return found;
      await sleep(100);
    }
  }

  it('finds earlier mentions for a changed query without alerting on them as new; a new mention alerts', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/organisations/${org.id}/watchlists`,
      headers: admin.headers,
      payload: { name: 'Zwemmen', query: 'zwemles' },
    });
    const watchlistId = (created.json() as { id: string }).id;
    const rule = await t.app.inject({
      method: 'POST',
      url: `/api/watchlists/${watchlistId}/alerts`,
      headers: admin.headers,
      payload: { mode: 'every' },
    });
    const ruleId = (rule.json() as { id: string }).id;
    await runAlerts(t.ctx);

    const changed = await t.app.inject({
      method: 'PATCH',
      url: `/api/watchlists/${watchlistId}`,
      headers: admin.headers,
      payload: { query: 'zwembad' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const found = await waitForMatches(watchlistId, 2);
    // Recorded at the time the mention arrived, which the alert cursor has passed.
    expect(found).toEqual([
      { text: 'Het zwembad aan de Kouter gaat dicht', same_time: true },
      { text: 'Zwembad Rooigem: nieuwe openingsuren', same_time: true },
    ]);
    const listed = await t.app.inject({
      method: 'GET',
      url: `/api/mentions?organisationId=${org.id}&watchlistId=${watchlistId}`,
      headers: admin.headers,
    });
    expect(listed.json().items).toHaveLength(2);
    await sleep(300);
    await runAlerts(t.ctx);
    expect(await alertedMentions(ruleId)).toEqual([]);

    const [fresh] = (await ingestItems(t.ctx, { organisationId: org.id }, [item('at://b/4', 'Zwembad Strop blijft open')])).matched;
    await sleep(300);
    await runAlerts(t.ctx);
    expect(await alertedMentions(ruleId)).toEqual([fresh?.mentionId]);
  });

  it('writes nothing when the query changed again while it ran, and reads only the newest mentions up to its limit', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/organisations/${org.id}/watchlists`,
      headers: admin.headers,
      payload: { name: 'Fiets', query: 'fietsstraat OR zwembad', active: false },
    });
    const watchlistId = (created.json() as { id: string }).id;
    expect(await backfillWatchlist(t.ctx, watchlistId)).toEqual({ checked: 0, matched: 0 }); // inactive: not run

    await t.ctx.db.execute(sql`UPDATE watchlists SET active = true WHERE id = ${watchlistId}::uuid`);
    // The newest two of the four stored mentions: "Zwembad Strop" and "Zwembad Rooigem".
    expect(await backfillWatchlist(t.ctx, watchlistId, 2)).toEqual({ checked: 2, matched: 2 });
    expect(await backfillWatchlist(t.ctx, watchlistId)).toEqual({ checked: 4, matched: 2 }); // the other two; none twice

    const other = await t.app.inject({
      method: 'POST',
      url: `/api/organisations/${org.id}/watchlists`,
      headers: admin.headers,
      payload: { name: 'Ander', query: 'zwembad', active: false },
    });
    const otherId = (other.json() as { id: string }).id;
    await t.ctx.db.execute(sql`UPDATE watchlists SET active = true WHERE id = ${otherId}::uuid`);
    // The query changes right after the run has read it (the first statement it sends), on PGlite and on
    // PostgreSQL alike: its two matches for "zwembad" must not be written for a watchlist that now says "rooigem".
    let changed = false;
    const db = new Proxy(t.ctx.db, {
      get(target, property, receiver) {
        if (property !== 'execute') return Reflect.get(target, property, receiver);
        return async (...args: Parameters<typeof target.execute>) => {
          const result = await target.execute(...args);
          if (!changed) {
            changed = true;
            await target.execute(sql`UPDATE watchlists SET query = 'rooigem' WHERE id = ${otherId}::uuid`);
          }
          return result;
        };
      },
    });
    expect(await backfillWatchlist({ ...t.ctx, db }, otherId)).toEqual({ checked: 4, matched: 0 });
    expect(changed).toBe(true);
  });
});
