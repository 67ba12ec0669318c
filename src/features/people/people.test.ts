import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { SESSION_COOKIE, createSession } from '../../kit/auth/sessions.js';

type Headers = Record<string, string>;

describe('people and roles', () => {
  let t: TestApp;
  let root: TestUser;

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, headers?: Headers, payload?: unknown) =>
    t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  async function tree() {
    const top = await buildOrganisation(t.ctx.db);
    const unit = await buildOrganisation(t.ctx.db, { parentId: top.id });
    const admin = await buildUser(t.ctx.db, { roles: [[top.id, 'admin']] });
    return { top, unit, admin };
  }

  beforeAll(async () => {
    t = await createTestApp();
    root = await buildUser(t.ctx.db, { superadmin: true });
  });
  afterAll(async () => t?.close());

  it('lists members of an organisation and of its ancestors, marked inherited', async () => {
    const { top, unit, admin } = await tree();
    const editor = await buildUser(t.ctx.db, { roles: [[unit.id, 'editor_in_chief']] });
    const res = await call('GET', `/api/organisations/${unit.id}/members`, editor.headers);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([
      expect.objectContaining({ userId: editor.user.id, role: 'editor_in_chief', inherited: false, organisationId: unit.id, fromOrganisationName: unit.name }),
      expect.objectContaining({ userId: admin.user.id, role: 'admin', inherited: true, organisationId: top.id, fromOrganisationName: top.name }),
    ]);
    const atTop = (await call('GET', `/api/organisations/${top.id}/members`, admin.headers)).json();
    expect(atTop.map((m: { userId: string }) => m.userId)).toEqual([admin.user.id]);
  });

  it('adds members by email, creating unknown people without a password', async () => {
    const { top, unit, admin } = await tree();
    const added = await call('POST', `/api/organisations/${unit.id}/members`, admin.headers, { email: ' Nieuwe.Collega@Kanaal.test ', role: 'communicator', name: 'Nieuwe Collega' });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ email: 'nieuwe.collega@kanaal.test', name: 'Nieuwe Collega', role: 'communicator', organisationId: unit.id, inherited: false });

    const again = await call('POST', `/api/organisations/${unit.id}/members`, admin.headers, { email: 'nieuwe.collega@kanaal.test', role: 'communicator' });
    expect(again.statusCode).toBe(409);
    const second = await call('POST', `/api/organisations/${top.id}/members`, admin.headers, { email: 'nieuwe.collega@kanaal.test', role: 'viewer' });
    expect(second.json().userId).toBe(added.json().userId);

    const users = (await call('GET', '/api/users?q=nieuwe.collega', admin.headers)).json();
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ hasPassword: false, disabled: false, isSuperadmin: false });
    expect(users[0].memberships.map((m: { role: string }) => m.role).sort()).toEqual(['communicator', 'viewer']);

    const bad = await call('POST', `/api/organisations/${unit.id}/members`, admin.headers, { email: 'nope', role: 'boss' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.fields.map((f: { path: string }) => f.path).sort()).toEqual(['email', 'role']);

    const audit = (await call('GET', `/api/audit?organisationId=${unit.id}&entity=membership`, admin.headers)).json().entries;
    expect(audit[0]).toMatchObject({ action: 'create', after: { email: 'nieuwe.collega@kanaal.test', role: 'communicator' } });
  });

  it('lets only admins change memberships, and only inside their subtrees', async () => {
    const { top, unit } = await tree();
    const other = await tree();
    const unitAdmin = await buildUser(t.ctx.db, { roles: [[unit.id, 'admin']] });
    const editor = await buildUser(t.ctx.db, { roles: [[top.id, 'editor_in_chief']] });
    expect((await call('POST', `/api/organisations/${unit.id}/members`, editor.headers, { email: 'x@kanaal.test', role: 'viewer' })).statusCode).toBe(403);
    // An admin of the child cannot grant roles on the parent, nor elsewhere.
    expect((await call('POST', `/api/organisations/${top.id}/members`, unitAdmin.headers, { email: 'x@kanaal.test', role: 'admin' })).statusCode).toBe(403);
    expect((await call('POST', `/api/organisations/${other.top.id}/members`, unitAdmin.headers, { email: 'x@kanaal.test', role: 'admin' })).statusCode).toBe(403);
    const granted = await call('POST', `/api/organisations/${unit.id}/members`, unitAdmin.headers, { email: 'x@kanaal.test', role: 'admin' });
    expect(granted.statusCode).toBe(201);
    // Removing another organisation's membership through this one is not found.
    const otherAdminMembership = (await call('GET', `/api/organisations/${other.top.id}/members`, other.admin.headers)).json()[0].membershipId;
    expect((await call('DELETE', `/api/organisations/${unit.id}/members/${otherAdminMembership}`, unitAdmin.headers)).statusCode).toBe(404);
    expect((await call('DELETE', `/api/organisations/${other.top.id}/members/${otherAdminMembership}`, unitAdmin.headers)).statusCode).toBe(403);
  });

  it('removes memberships, audited, but not the caller’s own last admin role', async () => {
    const { top, unit, admin } = await tree();
    const member = (await call('POST', `/api/organisations/${unit.id}/members`, admin.headers, { email: 'weg@kanaal.test', role: 'analyst' })).json();
    const removed = await call('DELETE', `/api/organisations/${unit.id}/members/${member.membershipId}`, admin.headers);
    expect(removed.statusCode).toBe(200);
    const members = (await call('GET', `/api/organisations/${unit.id}/members`, admin.headers)).json();
    expect(members.some((m: { membershipId: string }) => m.membershipId === member.membershipId)).toBe(false);
    const [entry] = (await call('GET', `/api/audit?organisationId=${unit.id}&entity=membership&action=delete`, admin.headers)).json().entries;
    expect(entry).toMatchObject({ entityId: member.membershipId, before: { email: 'weg@kanaal.test', role: 'analyst' }, after: null });

    const own = (await call('GET', `/api/organisations/${top.id}/members`, admin.headers)).json()[0];
    expect((await call('DELETE', `/api/organisations/${top.id}/members/${own.membershipId}`, admin.headers)).statusCode).toBe(409);
    // With a second admin role elsewhere, giving this one up is fine.
    await call('POST', `/api/organisations/${unit.id}/members`, admin.headers, { email: admin.user.email, role: 'admin' });
    expect((await call('DELETE', `/api/organisations/${top.id}/members/${own.membershipId}`, admin.headers)).statusCode).toBe(200);
    expect((await call('GET', `/api/organisations/${unit.id}/members`, admin.headers)).statusCode).toBe(200);
    expect((await call('GET', `/api/organisations/${top.id}/members`, admin.headers)).statusCode).toBe(403);
  });

  it('lists users: all for a superadmin, the subtree’s people for an admin, nothing for others', async () => {
    const { unit, admin } = await tree();
    const inside = await buildUser(t.ctx.db, { roles: [[unit.id, 'viewer']] });
    const outside = await buildUser(t.ctx.db, { roles: [[(await buildOrganisation(t.ctx.db)).id, 'viewer']] });
    const seen = (await call('GET', '/api/users', admin.headers)).json().map((u: { id: string }) => u.id);
    expect(seen).toEqual(expect.arrayContaining([admin.user.id, inside.user.id]));
    expect(seen).not.toContain(outside.user.id);
    const all = (await call('GET', '/api/users', root.headers)).json().map((u: { id: string }) => u.id);
    expect(all).toEqual(expect.arrayContaining([admin.user.id, inside.user.id, outside.user.id, root.user.id]));
    expect((await call('GET', '/api/users', inside.headers)).statusCode).toBe(403);
    expect((await call('GET', `/api/users?q=${encodeURIComponent(inside.user.email)}`, root.headers)).json()).toHaveLength(1);
    expect((await call('GET', '/api/users?q=%25', root.headers)).json()).toHaveLength(0);
  });

  it('creates users with a hashed password of at least 12 characters', async () => {
    const { admin } = await tree();
    const short = await call('POST', '/api/users', admin.headers, { email: 'kort@kanaal.test', name: 'Kort', password: 'te-kort' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['password']);

    const created = await call('POST', '/api/users', admin.headers, { email: 'Lang@kanaal.test', name: 'Lang', password: 'lang-genoeg-wachtwoord', locale: 'fr' });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ email: 'lang@kanaal.test', locale: 'fr', hasPassword: true, memberships: [] });
    const [stored] = await t.database.query<{ password_hash: string }>("SELECT password_hash FROM users WHERE email = 'lang@kanaal.test'");
    expect(stored?.password_hash).toMatch(/^\$argon2id\$/);
    const signIn = await call('POST', '/api/session', {}, { email: 'lang@kanaal.test', password: 'lang-genoeg-wachtwoord' });
    expect(signIn.statusCode).toBe(200);

    expect((await call('POST', '/api/users', admin.headers, { email: 'lang@kanaal.test', name: 'Dubbel' })).statusCode).toBe(409);
    const viewer = await buildUser(t.ctx.db);
    expect((await call('POST', '/api/users', viewer.headers, { email: 'ander@kanaal.test', name: 'Ander' })).statusCode).toBe(403);

    const [entry] = (await call('GET', '/api/audit?entity=user&action=create', root.headers)).json().entries;
    expect(entry.after).toMatchObject({ email: 'lang@kanaal.test', hasPassword: true });
    expect(JSON.stringify(entry)).not.toMatch(/argon2/);
  });

  it('disabling a user ends their sessions and stops their tokens', async () => {
    const { unit, admin } = await tree();
    const person = await buildUser(t.ctx.db, { roles: [[unit.id, 'communicator']] });
    const session = await createSession(t.ctx.db, person.user.id, {});
    const cookie = { cookie: `${SESSION_COOKIE}=${session.cookieValue}` };
    expect((await call('GET', '/api/session', cookie)).statusCode).toBe(200);
    expect((await call('GET', '/api/organisations', person.headers)).statusCode).toBe(200);

    const disabled = await call('PATCH', `/api/users/${person.user.id}`, admin.headers, { disabled: true });
    expect(disabled.statusCode).toBe(200);
    expect(disabled.json().disabled).toBe(true);
    expect((await call('GET', '/api/session', cookie)).statusCode).toBe(401);
    expect((await call('GET', '/api/organisations', person.headers)).statusCode).toBe(401);
    const [left] = await t.database.query<{ n: number }>('SELECT count(*)::int AS n FROM sessions WHERE user_id = $1', [person.user.id]);
    expect(left?.n).toBe(0);
    expect((await call('POST', '/api/session', {}, { email: person.user.email, password: person.password })).statusCode).toBe(401);

    const enabled = await call('PATCH', `/api/users/${person.user.id}`, admin.headers, { disabled: false, name: 'Terug' });
    expect(enabled.json()).toMatchObject({ disabled: false, name: 'Terug' });
    expect((await call('GET', '/api/organisations', person.headers)).statusCode).toBe(200);

    const [entry] = (await call('GET', `/api/audit?entity=user&organisationId=${unit.id}`, admin.headers)).json().entries;
    expect(entry).toMatchObject({ action: 'update', before: { disabled: true }, after: { disabled: false, name: 'Terug' } });
    expect((await call('PATCH', `/api/users/${admin.user.id}`, admin.headers, { disabled: true })).statusCode).toBe(409);
  });

  it('lets an admin reset passwords only of people wholly inside their subtrees', async () => {
    const { unit, admin } = await tree();
    const person = await buildUser(t.ctx.db, { roles: [[unit.id, 'viewer']] });
    const reset = await call('PATCH', `/api/users/${person.user.id}`, admin.headers, { password: 'een-nieuw-wachtwoord' });
    expect(reset.statusCode).toBe(200);
    expect((await call('POST', '/api/session', {}, { email: person.user.email, password: 'een-nieuw-wachtwoord' })).statusCode).toBe(200);
    const [entry] = (await call('GET', `/api/audit?entity=user&action=update&organisationId=${unit.id}`, admin.headers)).json().entries;
    expect(entry.after).toMatchObject({ passwordChanged: true });
    expect(JSON.stringify(entry)).not.toMatch(/argon2|een-nieuw/);

    const elsewhere = await buildOrganisation(t.ctx.db);
    const shared = await buildUser(t.ctx.db, { roles: [[unit.id, 'viewer'], [elsewhere.id, 'admin']] });
    expect((await call('PATCH', `/api/users/${shared.user.id}`, admin.headers, { password: 'overname-poging-123' })).statusCode).toBe(403);
    const stranger = await buildUser(t.ctx.db, { roles: [[elsewhere.id, 'viewer']] });
    expect((await call('PATCH', `/api/users/${stranger.user.id}`, admin.headers, { disabled: true })).statusCode).toBe(404);
    expect((await call('PATCH', `/api/users/${shared.user.id}`, root.headers, { password: 'door-de-superadmin' })).statusCode).toBe(200);
  });
});
