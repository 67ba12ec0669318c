import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { SYSTEM_ACTOR, recordAudit } from '../../kit/audit.js';

type Entry = { id: number; action: string; entity: string; entityId: string; organisationId: string | null; actorLabel: string };

describe('audit log API', () => {
  let t: TestApp;
  let root: TestUser;
  let top: { id: string; name: string };
  let unit: { id: string; name: string };
  let sibling: { id: string; name: string };
  let topAdmin: TestUser;
  let unitAdmin: TestUser;

  const get = (url: string, user?: TestUser) => t.app.inject({ method: 'GET', url, headers: user?.headers });

  beforeAll(async () => {
    t = await createTestApp();
    const db = t.ctx.db;
    root = await buildUser(db, { superadmin: true, email: 'root-auditor@kanaal.test' });
    top = await buildOrganisation(db);
    unit = await buildOrganisation(db, { parentId: top.id });
    sibling = await buildOrganisation(db, { parentId: top.id });
    topAdmin = await buildUser(db, { roles: [[top.id, 'admin']], email: 'hoofd@kanaal.test' });
    unitAdmin = await buildUser(db, { roles: [[unit.id, 'admin']], email: 'eenheid@kanaal.test' });
    const write = (organisationId: string | null, action: string, entity: string, entityId: string, label: string) =>
      recordAudit(db, { userId: null, label }, { organisationId, action, entity, entityId, after: { n: entityId } });
    await write(top.id, 'create', 'organisation', 'e1', 'hoofd@kanaal.test');
    await write(unit.id, 'create', 'channel', 'e2', 'eenheid@kanaal.test');
    await write(unit.id, 'update', 'channel', 'e3', 'eenheid@kanaal.test');
    await write(sibling.id, 'delete', 'channel', 'e4', 'hoofd@kanaal.test');
    await recordAudit(db, SYSTEM_ACTOR, { organisationId: null, action: 'sign_in', entity: 'user', entityId: 'e5' });
  });
  afterAll(async () => t?.close());

  const ids = (res: { json(): { entries: Entry[] } }) => res.json().entries.map((e) => e.entityId);

  it('shows admins their subtrees only, and the superadmin everything', async () => {
    expect(ids(await get('/api/audit', topAdmin))).toEqual(['e4', 'e3', 'e2', 'e1']);
    expect(ids(await get('/api/audit', unitAdmin))).toEqual(['e3', 'e2']);
    expect(ids(await get('/api/audit', root))).toEqual(['e5', 'e4', 'e3', 'e2', 'e1']);
    expect(ids(await get(`/api/audit?organisationId=${unit.id}`, topAdmin))).toEqual(['e3', 'e2']);
    expect((await get(`/api/audit?organisationId=${top.id}`, unitAdmin)).statusCode).toBe(403);
    expect((await get(`/api/audit?organisationId=${sibling.id}`, unitAdmin)).statusCode).toBe(403);
    const viewer = await buildUser(t.ctx.db, { roles: [[top.id, 'viewer']] });
    expect((await get('/api/audit', viewer)).statusCode).toBe(403);
    expect((await get('/api/audit')).statusCode).toBe(401);
  });

  it('returns the organisation name and the recorded content', async () => {
    const [latest] = (await get(`/api/audit?organisationId=${unit.id}&limit=1`, unitAdmin)).json().entries;
    expect(latest).toMatchObject({ organisationId: unit.id, organisationName: unit.name, action: 'update', entity: 'channel', before: null, after: { n: 'e3' } });
    expect(new Date(latest.at).getTime()).toBeGreaterThan(Date.now() - 60_000);
    const [system] = (await get('/api/audit?entity=user', root)).json().entries;
    expect(system).toMatchObject({ organisationId: null, organisationName: null, actorLabel: 'system' });
  });

  it('filters by entity, action, actor and time', async () => {
    expect(ids(await get('/api/audit?entity=channel', topAdmin))).toEqual(['e4', 'e3', 'e2']);
    expect(ids(await get('/api/audit?entity=channel&action=create', topAdmin))).toEqual(['e2']);
    expect(ids(await get('/api/audit?actor=HOOFD', topAdmin))).toEqual(['e4', 'e1']);
    expect(ids(await get('/api/audit?actor=%25', topAdmin))).toEqual([]);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect(ids(await get(`/api/audit?from=${encodeURIComponent(future)}`, topAdmin))).toEqual([]);
    expect(ids(await get(`/api/audit?to=${encodeURIComponent(future)}`, topAdmin))).toHaveLength(4);
    expect(ids(await get('/api/audit?to=2000-01-01', topAdmin))).toEqual([]);
    const today = new Date().toISOString().slice(0, 10);
    expect(ids(await get(`/api/audit?from=${today}&to=${today}`, topAdmin))).toHaveLength(4);
  });

  it('pages with limit and before', async () => {
    const first = (await get('/api/audit?limit=2', root)).json();
    expect(first.entries.map((e: Entry) => e.entityId)).toEqual(['e5', 'e4']);
    expect(first.nextBefore).toBe(first.entries[1].id);
    const second = (await get(`/api/audit?limit=2&before=${first.nextBefore}`, root)).json();
    expect(second.entries.map((e: Entry) => e.entityId)).toEqual(['e3', 'e2']);
    const last = (await get(`/api/audit?limit=2&before=${second.nextBefore}`, root)).json();
    expect(last).toMatchObject({ nextBefore: null });
    expect(last.entries.map((e: Entry) => e.entityId)).toEqual(['e1']);
  });

  it('rejects bad filters with the field', async () => {
    for (const [query, field] of [
      ['limit=201', 'limit'],
      ['limit=0', 'limit'],
      ['from=yesterday', 'from'],
      ['organisationId=nope', 'organisationId'],
      ['before=-3', 'before'],
    ]) {
      const res = await get(`/api/audit?${query}`, root);
      expect(res.statusCode, query).toBe(400);
      expect(res.json().error.fields.map((f: { path: string }) => f.path)).toEqual([field]);
    }
  });

  it('reports and runs the integrity check', async () => {
    expect((await get('/api/audit/integrity', topAdmin)).json()).toBeNull();
    const viewer = await buildUser(t.ctx.db, { roles: [[top.id, 'viewer']] });
    expect((await get('/api/audit/integrity', viewer)).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: '/api/audit/integrity', headers: topAdmin.headers })).statusCode).toBe(403);

    const ran = await t.app.inject({ method: 'POST', url: '/api/audit/integrity', headers: root.headers });
    expect(ran.statusCode).toBe(200);
    expect(ran.json()).toMatchObject({ ok: true, rowsChecked: 5, firstBadId: null, detail: null });
    expect((await get('/api/audit/integrity', topAdmin)).json()).toEqual(ran.json());

    const [second] = (await get('/api/audit?limit=200', root)).json().entries.filter((e: Entry) => e.entityId === 'e2');
    await t.database.query(`UPDATE audit_log SET actor_label = 'iemand anders' WHERE id = $1`, [second.id]);
    const broken = (await t.app.inject({ method: 'POST', url: '/api/audit/integrity', headers: root.headers })).json();
    expect(broken).toMatchObject({ ok: false, firstBadId: second.id });
    expect((await get('/api/audit/integrity', unitAdmin)).json()).toMatchObject({ ok: false, firstBadId: second.id });
  });
});
