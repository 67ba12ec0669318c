import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { slugify } from './organisation-service.js';

type Headers = { authorization: string };

describe('organisations', () => {
  let t: TestApp;
  let root: TestUser;

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers?: Headers, payload?: unknown) =>
    t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  /** A small tree: top → unit → team, with an admin on `top`. */
  async function tree() {
    const db = t.ctx.db;
    const top = await buildOrganisation(db);
    const unit = await buildOrganisation(db, { parentId: top.id });
    const team = await buildOrganisation(db, { parentId: unit.id });
    const admin = await buildUser(db, { roles: [[top.id, 'admin']] });
    return { top, unit, team, admin };
  }

  beforeAll(async () => {
    t = await createTestApp();
    root = await buildUser(t.ctx.db, { superadmin: true });
  });
  afterAll(async () => t?.close());

  it('turns names into slugs', () => {
    expect(slugify('FOD Personeel & Organisatie')).toBe('fod-personeel-organisatie');
    expect(slugify('Crisiscentrum (CCVO) — Vlaamse Overheid')).toBe('crisiscentrum-ccvo-vlaamse-overheid');
    expect(slugify('Société Générale d’Études')).toBe('societe-generale-d-etudes');
    expect(slugify('Straße')).toBe('strasse');
    expect(slugify('Ω')).toBe('organisation');
    expect(slugify('x'.repeat(100))).toHaveLength(63);
  });

  it('creates a root (superadmin) and children with generated, unique slugs', async () => {
    const created = await call('POST', '/api/organisations', root.headers, {
      parentId: null,
      name: 'Dienst Ëxterne Relaties',
      names: { fr: 'Service des relations extérieures' },
      timeZone: 'Europe/Brussels',
    });
    expect(created.statusCode).toBe(201);
    const org = created.json();
    expect(org).toMatchObject({ parentId: null, slug: 'dienst-externe-relaties', timeZone: 'Europe/Brussels', defaultLanguage: 'nl', isDemo: false });

    const admin = await buildUser(t.ctx.db, { roles: [[org.id, 'admin']] });
    const first = await call('POST', '/api/organisations', admin.headers, { parentId: org.id, name: 'Pers', timeZone: 'europe/amsterdam' });
    const second = await call('POST', '/api/organisations', admin.headers, { parentId: org.id, name: 'Pers' });
    const third = await call('POST', '/api/organisations', admin.headers, { parentId: org.id, name: 'PERS!' });
    expect([first.statusCode, second.statusCode, third.statusCode]).toEqual([201, 201, 201]);
    expect([first.json().slug, second.json().slug, third.json().slug]).toEqual(['pers', 'pers-2', 'pers-3']);
    expect(first.json().timeZone).toBe('Europe/Amsterdam');

    const rootByAdmin = await call('POST', '/api/organisations', admin.headers, { parentId: null, name: 'Eigen koninkrijk' });
    expect(rootByAdmin.statusCode).toBe(403);
  });

  it('lists what the caller can read, with inherited roles and channel counts', async () => {
    const { top, unit, team } = await tree();
    const other = await buildOrganisation(t.ctx.db);
    await buildChannel(t.ctx.db, unit.id);
    await buildChannel(t.ctx.db, unit.id);
    const user = await buildUser(t.ctx.db, { roles: [[unit.id, 'communicator'], [team.id, 'analyst'], [top.id, 'viewer']] });

    const res = await call('GET', '/api/organisations', user.headers);
    expect(res.statusCode).toBe(200);
    const byId = new Map(res.json().map((o: { id: string }) => [o.id, o]));
    expect(byId.has(other.id)).toBe(false);
    expect(byId.get(top.id)).toMatchObject({ myRoles: ['viewer'], channelCount: 0 });
    expect(byId.get(unit.id)).toMatchObject({ myRoles: ['communicator', 'viewer'], channelCount: 2, parentId: top.id });
    expect(byId.get(team.id)).toMatchObject({ myRoles: ['communicator', 'analyst', 'viewer'], channelCount: 0 });

    const all = await call('GET', '/api/organisations', root.headers);
    const mine = all.json().find((o: { id: string }) => o.id === other.id);
    expect(mine.myRoles).toEqual(['admin']);

    const detail = await call('GET', `/api/organisations/${team.id}`, user.headers);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().ancestors).toEqual([
      { id: top.id, name: top.name },
      { id: unit.id, name: unit.name },
    ]);
    expect(detail.json().myRoles).toEqual(['communicator', 'analyst', 'viewer']);
  });

  it('lets an admin of a parent manage its descendants, and nobody else', async () => {
    const { unit, team, admin } = await tree();
    const patched = await call('PATCH', `/api/organisations/${team.id}`, admin.headers, { name: 'Team Pers', website: 'https://pers.example.be' });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'Team Pers', website: 'https://pers.example.be' });

    const communicator = await buildUser(t.ctx.db, { roles: [[unit.id, 'communicator']] });
    expect((await call('POST', '/api/organisations', communicator.headers, { parentId: unit.id, name: 'Nieuw' })).statusCode).toBe(403);
    expect((await call('PATCH', `/api/organisations/${team.id}`, communicator.headers, { name: 'Nee' })).statusCode).toBe(403);
    expect((await call('DELETE', `/api/organisations/${team.id}`, communicator.headers)).statusCode).toBe(403);

    const stranger = await tree();
    for (const [method, url, body] of [
      ['GET', `/api/organisations/${team.id}`, undefined],
      ['PATCH', `/api/organisations/${team.id}`, { name: 'Overgenomen' }],
      ['DELETE', `/api/organisations/${team.id}`, undefined],
      ['GET', `/api/organisations/${team.id}/members`, undefined],
      ['POST', `/api/organisations/${team.id}/members`, { email: 'indringer@kanaal.test', role: 'admin' }],
    ] as const) {
      const res = await call(method, url, stranger.admin.headers, body);
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    expect((await call('GET', `/api/organisations/${team.id}`)).statusCode).toBe(401);
    expect((await call('GET', '/api/organisations/00000000-0000-4000-8000-000000000000', root.headers)).statusCode).toBe(404);
  });

  it('moves organisations without cycles and only with rights on both parents', async () => {
    const { top, unit, team, admin } = await tree();
    const cycle = await call('PATCH', `/api/organisations/${unit.id}`, admin.headers, { parentId: team.id });
    expect(cycle.statusCode).toBe(422);
    expect(cycle.json().error.fields).toEqual([{ path: 'parentId', message: expect.any(String) }]);
    expect((await call('PATCH', `/api/organisations/${unit.id}`, admin.headers, { parentId: unit.id })).statusCode).toBe(422);

    // Within the admin's own subtree: allowed.
    const moved = await call('PATCH', `/api/organisations/${team.id}`, admin.headers, { parentId: top.id });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().parentId).toBe(top.id);

    // Out of it, or to the top level: the admin lacks rights on the new parent.
    const elsewhere = await buildOrganisation(t.ctx.db);
    expect((await call('PATCH', `/api/organisations/${team.id}`, admin.headers, { parentId: elsewhere.id })).statusCode).toBe(403);
    expect((await call('PATCH', `/api/organisations/${team.id}`, admin.headers, { parentId: null })).statusCode).toBe(403);
    // An admin of the child only may not pull it away from its parent.
    const childAdmin = await buildUser(t.ctx.db, { roles: [[team.id, 'admin'], [elsewhere.id, 'admin']] });
    expect((await call('PATCH', `/api/organisations/${team.id}`, childAdmin.headers, { parentId: elsewhere.id })).statusCode).toBe(403);
    // The superadmin may.
    const done = await call('PATCH', `/api/organisations/${team.id}`, root.headers, { parentId: elsewhere.id });
    expect(done.statusCode).toBe(200);
    expect(done.json().parentId).toBe(elsewhere.id);
  });

  it('validates with field paths', async () => {
    const { top, admin } = await tree();
    const badZone = await call('POST', '/api/organisations', admin.headers, { parentId: top.id, name: 'X', timeZone: 'Europe/Atlantis' });
    expect(badZone.statusCode).toBe(400);
    expect(badZone.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['timeZone']);
    const offset = await call('PATCH', `/api/organisations/${top.id}`, admin.headers, { timeZone: '+01:00' });
    expect(offset.statusCode).toBe(400);

    for (const slug of ['A-capital', '-leading', 'x', 'with space', 'a'.repeat(64)]) {
      const res = await call('POST', '/api/organisations', admin.headers, { parentId: top.id, name: 'X', slug });
      expect(res.statusCode, slug).toBe(400);
      expect(res.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['slug']);
    }
    const badNames = await call('POST', '/api/organisations', admin.headers, { parentId: top.id, name: 'X', names: { fr: '' }, website: 'ftp://x' });
    expect(badNames.json().error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['names.fr', 'website']);
    // Each refused field carries a code and its values for the web to say it in NL/FR, next to plain English.
    type Refused = { error: { fields: Array<{ path: string; code?: string; params?: object; message: string }> } };
    const coded = (body: Refused) => Object.fromEntries(body.error.fields.map((f) => [f.path, [f.code, f.params, f.message]]));
    expect(coded(badNames.json())).toEqual({
      'names.fr': ['required', {}, 'Fill this in.'],
      website: ['http_address', {}, 'Give an address starting with http:// or https://.'],
    });
    expect(coded(badZone.json()).timeZone?.[0]).toBe('time_zone');
    const tooLong = await call('POST', '/api/organisations', admin.headers, { parentId: top.id, name: 'X'.repeat(301) });
    expect(tooLong.statusCode).toBe(400);
    expect(coded(tooLong.json()).name?.slice(0, 2)).toEqual(['too_long', { maximum: expect.any(Number) }]);
    const noName = await call('POST', '/api/organisations', admin.headers, { parentId: top.id });
    expect(coded(noName.json()).name).toEqual(['required', {}, 'Fill this in.']);

    const taken = await call('POST', '/api/organisations', admin.headers, { parentId: top.id, name: 'Y', slug: top.slug });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.fields).toEqual([{ path: 'slug', message: expect.any(String) }]);
    const unknownParent = await call('POST', '/api/organisations', root.headers, { parentId: '00000000-0000-4000-8000-000000000000', name: 'Wees' });
    expect(unknownParent.statusCode).toBe(400);
  });

  it('deletes only empty organisations', async () => {
    const { top, unit, team, admin } = await tree();
    expect((await call('DELETE', `/api/organisations/${unit.id}`, admin.headers)).statusCode).toBe(409);
    const channel = await buildChannel(t.ctx.db, team.id);
    const withChannel = await call('DELETE', `/api/organisations/${team.id}`, admin.headers);
    expect(withChannel.statusCode).toBe(409);
    expect(withChannel.json().error.message).toMatch(/1 channel/);
    await t.database.query('DELETE FROM channels WHERE id = $1', [channel.id]);

    expect((await call('DELETE', `/api/organisations/${team.id}`, admin.headers)).statusCode).toBe(200);
    expect((await call('GET', `/api/organisations/${team.id}`, admin.headers)).statusCode).toBe(404);
    // A root goes only by a superadmin.
    await call('DELETE', `/api/organisations/${unit.id}`, admin.headers);
    expect((await call('DELETE', `/api/organisations/${top.id}`, admin.headers)).statusCode).toBe(403);
    expect((await call('DELETE', `/api/organisations/${top.id}`, root.headers)).statusCode).toBe(200);
  });

  it('audits create, update and delete with before/after, visible to admins of that subtree', async () => {
    const { top, admin } = await tree();
    const created = (await call('POST', '/api/organisations', admin.headers, { parentId: top.id, name: 'Woordvoering' })).json();
    await call('PATCH', `/api/organisations/${created.id}`, admin.headers, { shortName: 'WV' });

    expect((await call('PATCH', `/api/organisations/${created.id}`, admin.headers, {})).statusCode).toBe(200);

    const res = await call('GET', `/api/audit?organisationId=${top.id}&entity=organisation`, admin.headers);
    expect(res.statusCode).toBe(200);
    const [updated, made, ...rest] = res.json().entries;
    expect([updated.action, made.action, rest]).toEqual(['update', 'create', []]);
    expect(made).toMatchObject({ entityId: created.id, actorLabel: admin.user.email, before: null, after: { name: 'Woordvoering', slug: 'woordvoering' } });
    expect(made).toMatchObject({ organisationId: created.id, organisationName: 'Woordvoering' });
    expect(updated.before).toMatchObject({ shortName: null });
    expect(updated.after).toMatchObject({ shortName: 'WV' });

    await call('DELETE', `/api/organisations/${created.id}`, admin.headers);
    const [deleted] = (await call('GET', `/api/audit?organisationId=${top.id}&action=delete`, admin.headers)).json().entries;
    // Filed under the parent, which outlives it.
    expect(deleted).toMatchObject({ entityId: created.id, organisationId: top.id, organisationName: top.name, after: null, before: { shortName: 'WV' } });

    const outsider = await tree();
    const hidden = await call('GET', '/api/audit?entity=organisation', outsider.admin.headers);
    expect(hidden.statusCode).toBe(200);
    expect(hidden.json().entries.some((e: { entityId: string }) => e.entityId === created.id)).toBe(false);
    expect((await call('GET', `/api/audit?organisationId=${top.id}`, outsider.admin.headers)).statusCode).toBe(403);
    const viewer = await buildUser(t.ctx.db, { roles: [[top.id, 'viewer']] });
    expect((await call('GET', `/api/audit?organisationId=${top.id}`, viewer.headers)).statusCode).toBe(403);
  });

  it('keeps the audit hash chain intact when an organisation with history is deleted', async () => {
    // audit_log has no foreign keys: an ON DELETE SET NULL would rewrite history and break its hashes.
    const { top, admin } = await tree();
    const created = (await call('POST', '/api/organisations', admin.headers, { parentId: top.id, name: 'Kortstondig' })).json();
    await call('PATCH', `/api/organisations/${created.id}`, admin.headers, { name: 'Kortstondig 2' });
    expect((await call('DELETE', `/api/organisations/${created.id}`, admin.headers)).statusCode).toBe(200);
    const check = await call('POST', '/api/audit/integrity', root.headers);
    expect(check.json()).toMatchObject({ ok: true, firstBadId: null });
  });

  it('appears in the OpenAPI document', async () => {
    const paths = Object.keys((await call('GET', '/api/openapi.json')).json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/organisations', '/api/organisations/{id}', '/api/organisations/{id}/members', '/api/audit', '/api/users/{id}']));
  });
});
