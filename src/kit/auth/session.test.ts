import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation, buildUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { auditLog } from '../audit-schema.js';
import { apiTokens, memberships, sessions, users } from './schema.js';
import { verifyPassword } from './passwords.js';

describe('sessions, CSRF, tokens and the sign-in limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  const sessionCookie = (res: LightMyRequestResponse) => {
    const cookie = res.cookies.find((c) => c.name === 'kanaal_session');
    if (!cookie) throw new Error(`no session cookie in ${res.statusCode} ${res.body}`);
    return cookie.value;
  };

  async function signIn(email: string, password: string) {
    const res = await t.app.inject({ method: 'POST', url: '/api/session', payload: { email, password } });
    expect(res.statusCode, res.body).toBe(200);
    return { res, cookie: sessionCookie(res), csrf: res.json().csrfToken as string };
  }

  it('signs in with a locked-down cookie that GET /api/session accepts', async () => {
    const org = await buildOrganisation(t.ctx.db, { name: 'Stad Gent' });
    const u = await buildUser(t.ctx.db, { roles: [[org.id, 'editor_in_chief']] });
    const { res, cookie, csrf } = await signIn(u.user.email.toUpperCase(), u.password);

    const header = String(res.headers['set-cookie']);
    expect(header).toMatch(/^kanaal_session=ks_[\w-]+;/);
    expect(header).toMatch(/; HttpOnly/);
    expect(header).toMatch(/; SameSite=Lax/);
    expect(header).toMatch(/; Path=\/(;|$)/);
    expect(header).toMatch(/; Secure/); // PUBLIC_URL defaults to http://localhost, a secure context
    expect(csrf).toMatch(/^[\w-]{32}$/);

    // The cookie value is not what the database keeps.
    expect(await t.ctx.db.select().from(sessions).where(eq(sessions.id, cookie))).toEqual([]);

    const me = await t.app.inject({ method: 'GET', url: '/api/session', cookies: { kanaal_session: cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({
      user: { id: u.user.id, email: u.user.email, name: 'Test User', locale: 'nl', isSuperadmin: false, totpEnabled: false },
      csrfToken: csrf,
      memberships: [{ id: expect.any(String), organisationId: org.id, organisationName: 'Stad Gent', role: 'editor_in_chief' }],
    });
    const signIns = await t.ctx.db.select().from(auditLog).where(eq(auditLog.entityId, u.user.id));
    expect(signIns.map((a) => [a.action, a.organisationId])).toEqual([['sign_in', null]]);
  });

  it('refuses a state change over the cookie without the CSRF token, accepts it with', async () => {
    const u = await buildUser(t.ctx.db);
    const { cookie, csrf } = await signIn(u.user.email, u.password);
    const without = await t.app.inject({ method: 'PATCH', url: '/api/me', cookies: { kanaal_session: cookie }, payload: { name: 'Eve' } });
    expect(without.statusCode).toBe(403);
    expect(without.json().error.code).toBe('forbidden');
    const wrong = await t.app.inject({
      method: 'PATCH',
      url: '/api/me',
      cookies: { kanaal_session: cookie },
      headers: { 'x-csrf-token': `${csrf.slice(0, -1)}x` },
      payload: { name: 'Eve' },
    });
    expect(wrong.statusCode).toBe(403);
    const [unchanged] = await t.ctx.db.select().from(users).where(eq(users.id, u.user.id));
    expect(unchanged?.name).toBe('Test User');

    const withToken = await t.app.inject({
      method: 'PATCH',
      url: '/api/me',
      cookies: { kanaal_session: cookie },
      headers: { 'x-csrf-token': csrf },
      payload: { name: 'Els Peeters', locale: 'fr' },
    });
    expect(withToken.statusCode, withToken.body).toBe(200);
    expect(withToken.json().user).toMatchObject({ name: 'Els Peeters', locale: 'fr' });
    expect(withToken.json().csrfToken).toBe(csrf);
  });

  it('needs no CSRF token with a Bearer token', async () => {
    const u = await buildUser(t.ctx.db);
    const res = await t.app.inject({ method: 'PATCH', url: '/api/me', headers: u.headers, payload: { name: 'Script' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user: { name: 'Script' }, csrfToken: null });
    const bad = await t.app.inject({ method: 'PATCH', url: '/api/me', headers: u.headers, payload: { locale: 'de' } });
    expect(bad.statusCode).toBe(400);
  });

  it('answers 401 for revoked and expired API tokens and for expired sessions', async () => {
    const revoked = await buildUser(t.ctx.db);
    await t.ctx.db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.userId, revoked.user.id));
    expect((await t.app.inject({ method: 'GET', url: '/api/session', headers: revoked.headers })).statusCode).toBe(401);

    const expired = await buildUser(t.ctx.db);
    await t.ctx.db
      .update(apiTokens)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(apiTokens.userId, expired.user.id));
    expect((await t.app.inject({ method: 'GET', url: '/api/session', headers: expired.headers })).statusCode).toBe(401);

    const u = await buildUser(t.ctx.db);
    expect((await t.app.inject({ method: 'GET', url: '/api/session', headers: { authorization: 'Bearer kt_made-up' } })).statusCode).toBe(
      401,
    );
    const { cookie } = await signIn(u.user.email, u.password);
    await t.ctx.db
      .update(sessions)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(sessions.userId, u.user.id));
    expect((await t.app.inject({ method: 'GET', url: '/api/session', cookies: { kanaal_session: cookie } })).statusCode).toBe(401);

    const disabled = await buildUser(t.ctx.db);
    const live = await signIn(disabled.user.email, disabled.password);
    await t.ctx.db.update(users).set({ disabledAt: new Date() }).where(eq(users.id, disabled.user.id));
    expect((await t.app.inject({ method: 'GET', url: '/api/session', cookies: { kanaal_session: live.cookie } })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/api/session', headers: disabled.headers })).statusCode).toBe(401);
  });

  it('says the same thing for a wrong password and an unknown email', async () => {
    const u = await buildUser(t.ctx.db);
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: u.user.email, password: 'not the password' },
    });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: 'nobody@kanaal.test', password: 'not the password' },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.cookies).toEqual([]);
  });

  it('closes the door after 10 failures for one email, even for the right password', async () => {
    const u = await buildUser(t.ctx.db);
    for (let i = 0; i < 10; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email: u.user.email, password: `guess number ${i}` },
      });
      expect(res.statusCode).toBe(401);
    }
    const locked = await t.app.inject({ method: 'POST', url: '/api/session', payload: { email: u.user.email, password: u.password } });
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('rate_limited');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    expect(locked.cookies).toEqual([]);
    // Another account on the same address is not locked out by it.
    const other = await buildUser(t.ctx.db);
    await signIn(other.user.email, other.password);
  });

  it('signs out: the cookie stops working', async () => {
    const u = await buildUser(t.ctx.db);
    const { cookie, csrf } = await signIn(u.user.email, u.password);
    const out = await t.app.inject({
      method: 'DELETE',
      url: '/api/session',
      cookies: { kanaal_session: cookie },
      headers: { 'x-csrf-token': csrf },
    });
    expect(out.statusCode).toBe(200);
    expect(String(out.headers['set-cookie'])).toMatch(/kanaal_session=;/);
    expect((await t.app.inject({ method: 'GET', url: '/api/session', cookies: { kanaal_session: cookie } })).statusCode).toBe(401);
  });

  it('changes the password, signing out every other session but this one', async () => {
    const u = await buildUser(t.ctx.db);
    const here = await signIn(u.user.email, u.password);
    const elsewhere = await signIn(u.user.email, u.password);
    const change = (payload: object) =>
      t.app.inject({
        method: 'POST',
        url: '/api/me/password',
        cookies: { kanaal_session: here.cookie },
        headers: { 'x-csrf-token': here.csrf },
        payload,
      });

    const short = await change({ currentPassword: u.password, newPassword: 'too short' });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.fields.map((f: { path: string }) => f.path)).toContain('newPassword');
    const wrong = await change({ currentPassword: 'not my password', newPassword: 'a much longer passphrase' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.fields).toEqual([{ path: 'currentPassword', message: 'The current password is wrong.', code: 'wrong_password', params: {} }]);

    const ok = await change({ currentPassword: u.password, newPassword: 'a much longer passphrase' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/session', cookies: { kanaal_session: here.cookie } })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: '/api/session', cookies: { kanaal_session: elsewhere.cookie } })).statusCode).toBe(
      401,
    );

    const [row] = await t.ctx.db.select().from(users).where(eq(users.id, u.user.id));
    expect(await verifyPassword(row?.passwordHash ?? null, 'a much longer passphrase')).toBe(true);
    expect(
      (await t.app.inject({ method: 'POST', url: '/api/session', payload: { email: u.user.email, password: u.password } })).statusCode,
    ).toBe(401);
    await signIn(u.user.email, 'a much longer passphrase');

    const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.entityId, u.user.id));
    const change_ = audit.find((a) => a.action === 'change_password');
    expect(change_).toMatchObject({ entity: 'user', organisationId: null, actorUserId: u.user.id, after: { otherSessionsRevoked: 1 } });
    expect(JSON.stringify(audit)).not.toContain('a much longer passphrase');
  });

  it('has no password to change for a single sign-on account', async () => {
    const u = await buildUser(t.ctx.db);
    await t.ctx.db.update(users).set({ passwordHash: null }).where(eq(users.id, u.user.id));
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/me/password',
      headers: u.headers,
      payload: { currentPassword: 'anything at all', newPassword: 'a much longer passphrase' },
    });
    expect(res.statusCode).toBe(422);
  });

  it('needs a caller for the account routes', async () => {
    expect((await t.app.inject({ method: 'POST', url: '/api/me/totp/setup' })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'PATCH', url: '/api/me', payload: { name: 'x' } })).statusCode).toBe(401);
    const password = { currentPassword: 'anything at all', newPassword: 'a much longer passphrase' };
    expect((await t.app.inject({ method: 'POST', url: '/api/me/password', payload: password })).statusCode).toBe(401);
    expect((await t.app.inject({ method: 'POST', url: '/api/me/totp/enable', payload: { code: '123456' } })).statusCode).toBe(401);
  });

  it('keeps memberships out of reach of a profile update', async () => {
    const org = await buildOrganisation(t.ctx.db);
    const u = await buildUser(t.ctx.db, { roles: [[org.id, 'viewer']] });
    const res = await t.app.inject({
      method: 'PATCH',
      url: '/api/me',
      headers: u.headers,
      payload: { name: 'Viewer', isSuperadmin: true, memberships: [{ organisationId: org.id, role: 'admin' }] },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.isSuperadmin).toBe(false);
    expect((await t.ctx.db.select().from(memberships).where(eq(memberships.userId, u.user.id))).map((m) => m.role)).toEqual(['viewer']);
  });
});
