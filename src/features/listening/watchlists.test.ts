import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { auditLog } from '../../kit/audit-schema.js';
import { ingestItems, listeningEvents, type MatchedEvent } from './ingest.js';
import type { TMention, TWatchlist } from './schemas.js';
import { item } from './test-items.js';

describe('watchlists: validation with positions, matching on ingest, live test', () => {
  let t: TestApp;
  let org: { id: string };
  let chief: TestUser;
  let analyst: TestUser;
  let outsider: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    org = await buildOrganisation(t.ctx.db);
    chief = await buildUser(t.ctx.db, { roles: [[org.id, 'editor_in_chief']] });
    analyst = await buildUser(t.ctx.db, { roles: [[org.id, 'analyst']] });
    outsider = await buildUser(t.ctx.db, { roles: [[(await buildOrganisation(t.ctx.db)).id, 'admin']] });
  });
  afterAll(async () => t?.close());

  const post = (user: TestUser, path: string, payload: object) =>
    t.app.inject({ method: 'POST', url: path, headers: user.headers, payload });

  it('answers parse errors with their place in the query', async () => {
    const res = await post(analyst, `/api/organisations/${org.id}/watchlists/parse`, { query: 'brand AND' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: false, errors: [{ message: expect.stringContaining('AND'), start: 6, end: 9 }] });
    const unclosed = (await post(analyst, `/api/organisations/${org.id}/watchlists/parse`, { query: 'gent OR (brand' })).json();
    expect(unclosed.errors[0]).toMatchObject({ start: 8, end: 9 });
    expect((await post(analyst, `/api/organisations/${org.id}/watchlists/parse`, { query: 'brand* NEAR/3 gent' })).json()).toEqual({
      ok: true,
      errors: [],
    });
    expect((await post(outsider, `/api/organisations/${org.id}/watchlists/parse`, { query: 'x' })).statusCode).toBe(403);
  });

  it('refuses to save an invalid query (400, field query, with the position)', async () => {
    const res = await post(chief, `/api/organisations/${org.id}/watchlists`, { name: 'Broken', query: 'op*ding' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([{ path: 'query', message: expect.stringMatching(/at position 3\)$/) }]);
    expect((await post(analyst, `/api/organisations/${org.id}/watchlists`, { name: 'x', query: 'x' })).statusCode).toBe(403);
  });

  it('matches new mentions against the active watchlists, rebuilt as soon as they change', async () => {
    const events: MatchedEvent[] = [];
    const listener = (event: MatchedEvent) => events.push(event);
    listeningEvents.on('matched', listener);
    try {
      const created = await post(chief, `/api/organisations/${org.id}/watchlists`, {
        name: 'Brand',
        query: 'brand* NEAR/3 (gent OR gand)',
      });
      expect(created.statusCode, created.body).toBe(201);
      const brand = created.json() as TWatchlist;
      expect((await post(chief, `/api/organisations/${org.id}/watchlists`, { name: 'Brand', query: 'x' })).statusCode).toBe(409);

      const first = await ingestItems(t.ctx, { organisationId: org.id }, [
        item('at://1', 'Brand bij de brandweer van Gent'),
        item('at://2', 'Zonnig weer in Gent'),
      ]);
      expect(first).toMatchObject({ received: 2, stored: 2, duplicates: 0 });
      expect(first.matched.map((m) => m.item.externalId)).toEqual(['at://1']);
      expect(first.matched[0]?.matches[0]).toMatchObject({ queryId: brand.id, watchlistName: 'Brand' });
      expect(events).toHaveLength(1);

      // A change is seen by the next batch: the cached matcher is rebuilt from the new version.
      const patched = await t.app.inject({
        method: 'PATCH',
        url: `/api/watchlists/${brand.id}`,
        headers: chief.headers,
        payload: { query: 'weer' },
      });
      expect(patched.statusCode, patched.body).toBe(200);
      const second = await ingestItems(t.ctx, { organisationId: org.id }, [
        item('at://3', 'Slecht weer morgen'),
        item('at://1', 'Brand bij de brandweer van Gent'),
      ]);
      expect(second).toMatchObject({ stored: 1, duplicates: 1 });
      expect(second.matched.map((m) => m.item.externalId)).toEqual(['at://3']);

      const got = (
        await t.app.inject({ method: 'GET', url: `/api/watchlists/${brand.id}`, headers: analyst.headers })
      ).json() as TWatchlist;
      expect(got).toMatchObject({ query: 'weer', matchCount: 2 });

      await t.app.inject({ method: 'PATCH', url: `/api/watchlists/${brand.id}`, headers: chief.headers, payload: { active: false } });
      const third = await ingestItems(t.ctx, { organisationId: org.id }, [item('at://4', 'Weer weer weer')]);
      expect(third.matched).toEqual([]);

      const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.entityId, brand.id));
      expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'update']);
    } finally {
      listeningEvents.off('matched', listener);
    }
  });

  it('live-tests an unsaved query on the latest stored mentions, with highlights and the reason', async () => {
    await ingestItems(t.ctx, { organisationId: org.id }, [
      item('at://10', 'Gratis opleiding voor werkzoekenden in Gent', { publishedAt: new Date(Date.now() - 60_000) }),
      item('at://11', 'Een gratis nieuwe opleiding', { publishedAt: new Date(Date.now() - 30_000) }),
      item('at://12', 'Formation gratuite à Liège', { language: 'fr' }),
    ]);
    const res = await post(analyst, `/api/organisations/${org.id}/watchlists/test`, {
      query: '"gratis opleiding" OR formation*',
      limit: 100,
    });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json() as { scanned: number; matchCount: number; matches: TMention[] };
    expect(body.scanned).toBeGreaterThanOrEqual(3);
    expect(body.matchCount).toBe(2);
    const [fr, nl] = body.matches;
    expect(fr?.externalId).toBe('at://12');
    expect(nl?.externalId).toBe('at://10');
    expect(nl?.highlights).toEqual([{ start: 0, end: 16, reason: 'watchlist', watchlistId: 'live-test', term: '"gratis opleiding"' }]);
    expect(nl?.text.slice(0, 16)).toBe('Gratis opleiding');
    expect(nl?.matches[0]?.explanation).toBe('Matched "gratis opleiding" (Gratis opleiding).');
    expect(fr?.matches[0]?.reasons).toEqual([{ kind: 'wildcard', text: 'formation*', occurrences: ['Formation'] }]);

    const limited = (await post(analyst, `/api/organisations/${org.id}/watchlists/test`, { query: 'gratis', limit: 1 })).json();
    expect(limited.scanned).toBe(1);
    const invalid = await post(analyst, `/api/organisations/${org.id}/watchlists/test`, { query: 'gratis AND', limit: 10 });
    expect(invalid.statusCode).toBe(400);
    expect((await post(analyst, `/api/organisations/${org.id}/watchlists/test`, { query: 'x', limit: 5001 })).statusCode).toBe(400);
    expect((await post(outsider, `/api/organisations/${org.id}/watchlists/test`, { query: 'x' })).statusCode).toBe(403);
  });

  it('deletes a watchlist with its matches, keeping the mentions', async () => {
    const w = (await post(chief, `/api/organisations/${org.id}/watchlists`, { name: 'Temp', query: 'tijdelijk' })).json() as TWatchlist;
    await ingestItems(t.ctx, { organisationId: org.id }, [item('at://20', 'Iets tijdelijk')]);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/watchlists/${w.id}`, headers: analyst.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/watchlists/${w.id}`, headers: chief.headers })).statusCode).toBe(200);
    const list = (
      await t.app.inject({ method: 'GET', url: `/api/organisations/${org.id}/watchlists`, headers: analyst.headers })
    ).json() as TWatchlist[];
    expect(list.map((x) => x.name)).not.toContain('Temp');
    const page = (
      await t.app.inject({ method: 'GET', url: `/api/mentions?organisationId=${org.id}&q=tijdelijk`, headers: analyst.headers })
    ).json();
    expect(page.items.map((m: TMention) => [m.externalId, m.matches.length])).toEqual([['at://20', 0]]);
  });
});
