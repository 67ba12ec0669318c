import { eq } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, type TestUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { auditLog } from '../audit-schema.js';
import { isSealed, keyringFromSecret } from '../crypto.js';
import { users } from './schema.js';
import { consumeTotpCode, matchTotpStep, openTotpState, sealTotpState } from './totp.js';

const PERIOD_MS = 30_000;

/** The code an authenticator app shows `stepsAhead` periods from now. */
function codeFor(secret: string, stepsAhead = 0): string {
  return TOTP.generate({
    secret: Secret.fromBase32(secret),
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    timestamp: Date.now() + stepsAhead * PERIOD_MS,
  });
}

/** A six-digit code that matches none of the steps the server would accept now. */
function wrongCode(secret: string): string {
  const valid = new Set([-2, -1, 0, 1, 2].map((s) => codeFor(secret, s)));
  let n = Number(codeFor(secret));
  do n = (n + 1) % 1_000_000;
  while (valid.has(String(n).padStart(6, '0')));
  return String(n).padStart(6, '0');
}

describe('two-step sign-in (TOTP)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  const post = (u: TestUser, url: string, payload?: object) => t.app.inject({ method: 'POST', url, headers: u.headers, payload });
  const signIn = (u: TestUser, totp?: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: u.user.email, password: u.password, ...(totp ? { totp } : {}) },
    });

  /** A user with TOTP on, enabled with the current code (so that step is used up). */
  async function userWithTotp() {
    const u = await buildUser(t.ctx.db);
    const setup = await post(u, '/api/me/totp/setup');
    expect(setup.statusCode, setup.body).toBe(200);
    const { secret } = setup.json() as { secret: string };
    const enableCode = codeFor(secret);
    expect((await post(u, '/api/me/totp/enable', { code: enableCode })).statusCode).toBe(200);
    return { u, secret, enableCode };
  }

  it('sets up: a sealed secret, an otpauth URL and a QR code, not yet enabled', async () => {
    const u = await buildUser(t.ctx.db);
    const res = await post(u, '/api/me/totp/setup');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(body.otpauthUrl);
    expect(url.protocol).toBe('otpauth:');
    expect(url.searchParams.get('secret')).toBe(body.secret);
    expect(url.searchParams.get('issuer')).toBe('Kanaal');
    expect(url.searchParams.get('algorithm')).toBe('SHA1');
    expect(url.searchParams.get('digits')).toBe('6');
    expect(url.searchParams.get('period')).toBe('30');
    expect(decodeURIComponent(url.pathname)).toContain(u.user.email);
    expect(body.qrSvg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);

    const [row] = await t.ctx.db.select().from(users).where(eq(users.id, u.user.id));
    expect(row?.totpEnabled).toBe(false);
    expect(isSealed(row?.totpSecretSealed ?? '')).toBe(true);
    expect(row?.totpSecretSealed).not.toContain(body.secret);
    expect(openTotpState(t.ctx.keyring, u.user.id, row?.totpSecretSealed as string)).toEqual({ v: 1, secret: body.secret, lastStep: null });
    // Not enabled yet: the password alone still signs in.
    expect((await signIn(u)).statusCode).toBe(200);
  });

  it('enables only with a right code, then asks for one at every sign-in', async () => {
    const u = await buildUser(t.ctx.db);
    expect((await post(u, '/api/me/totp/enable', { code: '123456' })).statusCode).toBe(409); // no setup yet
    const { secret } = (await post(u, '/api/me/totp/setup')).json() as { secret: string };
    const refused = await post(u, '/api/me/totp/enable', { code: wrongCode(secret) });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.fields[0].path).toBe('code');
    expect((await post(u, '/api/me/totp/enable', { code: codeFor(secret) })).statusCode).toBe(200);

    const me = await t.app.inject({ method: 'GET', url: '/api/session', headers: u.headers });
    expect(me.json().user.totpEnabled).toBe(true);
    const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.entityId, u.user.id));
    expect(audit.map((a) => a.action)).toEqual(['enable_totp']);
    expect(JSON.stringify(audit)).not.toContain(secret);

    // A new setup would silently swap the authenticator: refused while TOTP is on.
    expect((await post(u, '/api/me/totp/setup')).statusCode).toBe(409);
  });

  it('needs the code to sign in: none → 401, wrong → 401, right → 200, the same again → 401', async () => {
    const { u, secret, enableCode } = await userWithTotp();

    const none = await signIn(u);
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('totp_required');
    expect(none.cookies).toEqual([]);
    const wrongPasswordRightShape = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: u.user.email, password: 'nope', totp: codeFor(secret, 1) },
    });
    expect(wrongPasswordRightShape.json().error.code).toBe('unauthorized');

    const wrong = await signIn(u, wrongCode(secret));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('totp_required');

    // The code used to enable TOTP has been spent.
    expect((await signIn(u, enableCode)).statusCode).toBe(401);

    const next = codeFor(secret, 1); // what the app shows in the next period (within the window)
    const ok = await signIn(u, next);
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.cookies.map((c) => c.name)).toContain('kanaal_session');

    const replay = await signIn(u, next);
    expect(replay.statusCode).toBe(401);
    expect(replay.json().error.code).toBe('totp_required');
  });

  it('lets only one of two simultaneous sign-ins with the same code through', async () => {
    const { u, secret } = await userWithTotp();
    const code = codeFor(secret, 1);
    const results = await Promise.all([signIn(u, code), signIn(u, code), signIn(u, code)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 401, 401]);
  });

  it('keeps the race safe without password hashing in front to stagger it', async () => {
    // All three read the row before any of them writes: only the compare-and-set stands between them.
    const { u, secret } = await userWithTotp();
    const code = codeFor(secret, 1);
    const results = await Promise.all([1, 2, 3].map(() => consumeTotpCode(t.ctx, u.user.id, code)));
    expect(results.filter((r) => r !== null)).toHaveLength(1);
  });

  it('disables with a fresh code and forgets the secret', async () => {
    const { u, secret, enableCode } = await userWithTotp();
    expect((await post(u, '/api/me/totp/disable', { code: enableCode })).statusCode).toBe(422); // already used
    expect((await post(u, '/api/me/totp/disable', { code: wrongCode(secret) })).statusCode).toBe(422);
    expect((await post(u, '/api/me/totp/disable', { code: codeFor(secret, 1) })).statusCode).toBe(200);

    const [row] = await t.ctx.db.select().from(users).where(eq(users.id, u.user.id));
    expect(row).toMatchObject({ totpEnabled: false, totpSecretSealed: null });
    expect((await signIn(u)).statusCode).toBe(200);
    expect((await post(u, '/api/me/totp/disable', { code: codeFor(secret, 1) })).statusCode).toBe(409);
    const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.entityId, u.user.id));
    expect(audit.map((a) => a.action)).toEqual(['enable_totp', 'disable_totp', 'sign_in']);
  });

  it('does not open a sealed secret copied to another user', async () => {
    const sealed = sealTotpState(t.ctx.keyring, 'user-a', { v: 1, secret: 'JBSWY3DPEHPK3PXP', lastStep: 7 });
    expect(openTotpState(t.ctx.keyring, 'user-a', sealed).lastStep).toBe(7);
    expect(() => openTotpState(t.ctx.keyring, 'user-b', sealed)).toThrow(/authentication failed/);
    const otherKey = keyringFromSecret(Buffer.alloc(32, 7).toString('base64'));
    expect(() => openTotpState(otherKey, 'user-a', sealed)).toThrow();
  });
});

describe('matchTotpStep', () => {
  const secret = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  const at = 1_700_000_015_000; // 15 s into step 56666667
  const code = (timestamp: number) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp });

  it('accepts one step either side and names the step', () => {
    expect(matchTotpStep(secret, code(at), at)).toBe(56_666_667);
    expect(matchTotpStep(secret, code(at - PERIOD_MS), at)).toBe(56_666_666);
    expect(matchTotpStep(secret, code(at + PERIOD_MS), at)).toBe(56_666_668);
  });

  it('refuses two steps away and anything that is not six digits', () => {
    expect(matchTotpStep(secret, code(at - 2 * PERIOD_MS), at)).toBeNull();
    expect(matchTotpStep(secret, code(at + 2 * PERIOD_MS), at)).toBeNull();
    expect(matchTotpStep(secret, '12345', at)).toBeNull();
    expect(matchTotpStep(secret, `${code(at)}0`, at)).toBeNull();
  });
});
