import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildUser } from '../../../test/factories.js';
import { startOidcPeer, type OidcPeer } from '../../../test/peers/oidc-provider.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { auditLog } from '../audit-schema.js';
import { safeReturnTo } from './oidc.js';
import { users } from './schema.js';
import type { TMe } from './schemas.js';

/** Cookies as a browser keeps them: per host (not port), sent when the path matches, dropped when expired. */
class CookieJar {
  private cookies = new Map<string, { host: string; path: string; name: string; value: string; expires: number }>();

  store(url: URL, response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';').map((s) => s.trim());
      const at = pair.indexOf('=');
      const name = pair.slice(0, at);
      const value = pair.slice(at + 1);
      let path = '/';
      let expires = Number.POSITIVE_INFINITY;
      for (const attribute of attributes) {
        const [key = '', val = ''] = attribute.split('=');
        if (key.toLowerCase() === 'path') path = val;
        if (key.toLowerCase() === 'max-age') expires = Date.now() + Number(val) * 1000;
        if (key.toLowerCase() === 'expires' && expires === Number.POSITIVE_INFINITY) expires = Date.parse(val);
      }
      const key = `${url.hostname}|${path}|${name}`;
      if (expires <= Date.now() || value === '') this.cookies.delete(key);
      else this.cookies.set(key, { host: url.hostname, path, name, value, expires });
    }
  }

  header(url: URL): string {
    return [...this.cookies.values()]
      .filter(
        (c) =>
          c.host === url.hostname &&
          c.expires > Date.now() &&
          (url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`)),
      )
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  get(name: string): string | undefined {
    return [...this.cookies.values()].find((c) => c.name === name)?.value;
  }
}

type Hop = { url: URL; status: number; location: string | null };

/**
 * GET `start`, following redirects like a browser, until a response is not a redirect or leaves the
 * API (or, with `stopBefore`, just before requesting a matching URL, which becomes the last hop).
 */
async function browse(jar: CookieJar, start: string, kanaalOrigin: string, stopBefore?: (url: URL) => boolean): Promise<Hop[]> {
  const hops: Hop[] = [];
  let url = new URL(start);
  for (let i = 0; i < 20; i++) {
    if (stopBefore?.(url)) {
      hops.push({ url, status: 0, location: null });
      return hops;
    }
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: jar.header(url) } });
    jar.store(url, response);
    const location = response.headers.get('location');
    hops.push({ url, status: response.status, location });
    await response.arrayBuffer();
    if (!location || response.status < 300 || response.status >= 400) return hops;
    const next = new URL(location, url);
    // Back on Kanaal outside the API: the single-page app would take over here.
    if (next.origin === kanaalOrigin && !next.pathname.startsWith('/api/')) return hops;
    url = next;
  }
  throw new Error(`too many redirects: ${hops.map((h) => h.url.href).join(' → ')}`);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('OIDC single sign-on against a real provider', () => {
  let peer: OidcPeer;
  let t: TestApp;
  let kanaal: string;

  beforeAll(async () => {
    // The provider must know Kanaal's callback URL and Kanaal its own public URL before either
    // starts, so the port is chosen first and Kanaal listens on it.
    const port = await freePort();
    kanaal = `http://127.0.0.1:${port}`;
    peer = await startOidcPeer({
      redirectUri: `${kanaal}/api/auth/oidc/callback`,
      accounts: [
        { sub: 'alice-sub', email: 'Alice@Example.org', email_verified: true, name: 'Alice Peeters' },
        { sub: 'bob-sub', email: 'bob@example.org', email_verified: true, name: 'Bob' },
        { sub: 'mallory-sub', email: 'victim@example.org', email_verified: false, name: 'Mallory' },
      ],
    });
    t = await createTestApp({
      env: {
        OIDC_ISSUER: peer.issuer,
        OIDC_CLIENT_ID: peer.clientId,
        OIDC_CLIENT_SECRET: peer.clientSecret,
        OIDC_LABEL: 'Test IdP',
        PUBLIC_URL: kanaal,
      },
    });
    await t.app.listen({ port, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await t?.close();
    await peer?.close();
  });
  afterEach(() => {
    peer.deny = false;
  });

  async function signIn(loginAs: string, returnTo: string) {
    peer.loginAs = loginAs;
    const jar = new CookieJar();
    const hops = await browse(jar, `${kanaal}/api/auth/oidc/login?returnTo=${encodeURIComponent(returnTo)}`, kanaal);
    const last = hops.at(-1) as Hop;
    return { jar, hops, last };
  }

  it('announces the provider', async () => {
    const res = await fetch(`${kanaal}/api/auth/providers`);
    expect(await res.json()).toEqual({ password: true, oidc: { label: 'Test IdP', loginUrl: '/api/auth/oidc/login' } });
  });

  it('creates a user without roles on first sign-in, with a working session, and sends them back', async () => {
    const { jar, hops, last } = await signIn('alice-sub', '/calendar?week=12#today');

    // Kanaal sent the browser to the provider with PKCE (S256), state and nonce.
    const authorize = new URL(hops[0]?.location as string);
    expect(authorize.origin).toBe(peer.issuer);
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(authorize.searchParams.get('state')).toBeTruthy();
    expect(authorize.searchParams.get('nonce')).toBeTruthy();
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${kanaal}/api/auth/oidc/callback`);

    expect(last.url.pathname).toBe('/api/auth/oidc/callback');
    expect(last.status).toBe(302);
    expect(last.location).toBe('/calendar?week=12#today');
    expect(jar.get('kanaal_oidc')).toBeUndefined(); // the flow cookie is spent

    const session = await fetch(`${kanaal}/api/session`, { headers: { cookie: jar.header(new URL(`${kanaal}/api/session`)) } });
    expect(session.status).toBe(200);
    const me = (await session.json()) as TMe;
    expect(me.user).toMatchObject({ email: 'alice@example.org', name: 'Alice Peeters', isSuperadmin: false, totpEnabled: false });
    expect(me.memberships).toEqual([]);
    expect(me.csrfToken).toEqual(expect.any(String));

    const [row] = await t.ctx.db.select().from(users).where(eq(users.email, 'alice@example.org'));
    expect(row).toMatchObject({ oidcIssuer: peer.issuer, oidcSubject: 'alice-sub', passwordHash: null });
    const actions = (
      await t.ctx.db
        .select()
        .from(auditLog)
        .where(eq(auditLog.entityId, row?.id as string))
    ).map((a) => a.action);
    expect(actions).toEqual(['create', 'sign_in']);

    // Signing in again finds the same user by (issuer, subject).
    const again = await signIn('alice-sub', '/');
    expect(again.last.location).toBe('/');
    expect(await t.ctx.db.select().from(users).where(eq(users.email, 'alice@example.org'))).toHaveLength(1);
  });

  it('links an existing user by verified email', async () => {
    const existing = await buildUser(t.ctx.db, { email: 'bob@example.org' });
    const { jar, last } = await signIn('bob-sub', '/');
    expect(last.location).toBe('/');
    const me = (await (
      await fetch(`${kanaal}/api/session`, { headers: { cookie: jar.header(new URL(`${kanaal}/api/session`)) } })
    ).json()) as TMe;
    expect(me.user.id).toBe(existing.user.id);
    const [row] = await t.ctx.db.select().from(users).where(eq(users.id, existing.user.id));
    expect(row).toMatchObject({ oidcIssuer: peer.issuer, oidcSubject: 'bob-sub' });
  });

  it('does not hand an existing account to an unverified email', async () => {
    const victim = await buildUser(t.ctx.db, { email: 'victim@example.org' });
    const { jar, last } = await signIn('mallory-sub', '/');
    expect(last.location).toBe('/sign-in?error=sso');
    expect(jar.get('kanaal_session')).toBeUndefined();
    const [row] = await t.ctx.db.select().from(users).where(eq(users.id, victim.user.id));
    expect(row?.oidcSubject).toBeNull();
  });

  it('neutralises open redirects in returnTo', async () => {
    for (const evil of ['//evil.example/x', 'https://evil.example/', '/\\evil.example']) {
      const { last } = await signIn('alice-sub', evil);
      expect(last.location).toBe('/');
    }
  });

  it('refuses a callback whose state does not match the flow', async () => {
    peer.loginAs = 'alice-sub';
    const jar = new CookieJar();
    const login = new URL(`${kanaal}/api/auth/oidc/login?returnTo=/x`);
    const res = await fetch(login, { redirect: 'manual' });
    jar.store(login, res);
    expect(res.status).toBe(302);
    expect(jar.get('kanaal_oidc')).toBeTruthy();
    const authorizeState = new URL(res.headers.get('location') as string).searchParams.get('state') as string;

    // Run the provider side, then tamper with the state on the way back.
    const hops = await browse(jar, res.headers.get('location') as string, kanaal, (url) => url.pathname === '/api/auth/oidc/callback');
    const callback = new URL((hops.at(-1) as Hop).url);
    expect(callback.pathname).toBe('/api/auth/oidc/callback');
    expect(hops.at(-1)?.status).toBe(0); // not requested yet
    expect(callback.searchParams.get('code')).toBeTruthy();
    callback.searchParams.set('state', 'forged-state');
    const forged = await fetch(callback, { redirect: 'manual', headers: { cookie: jar.header(callback) } });
    expect(forged.status).toBe(302);
    expect(forged.headers.get('location')).toBe('/sign-in?error=sso');
    expect(forged.headers.getSetCookie().join('\n')).not.toMatch(/kanaal_session=[^;]/);

    // The flow was spent by the forged attempt: the genuine callback cannot be replayed after it.
    jar.store(callback, forged);
    callback.searchParams.set('state', authorizeState);
    const genuine = await fetch(callback, { redirect: 'manual', headers: { cookie: jar.header(callback) } });
    expect(genuine.headers.get('location')).toBe('/sign-in?error=sso');
  });

  it('refuses a callback without the flow cookie (login CSRF)', async () => {
    const res = await fetch(`${kanaal}/api/auth/oidc/callback?code=abc&state=def`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/sign-in?error=sso');
  });

  it('sends the person back to the sign-in page when they refuse at the provider', async () => {
    peer.deny = true;
    const { jar, last } = await signIn('alice-sub', '/');
    expect(last.url.pathname).toBe('/api/auth/oidc/callback');
    expect(last.url.searchParams.get('error')).toBe('access_denied');
    expect(last.location).toBe('/sign-in?error=sso');
    expect(jar.get('kanaal_session')).toBeUndefined();
  });
});

describe('without single sign-on configured', () => {
  it('reports no provider and has no login route', async () => {
    const t = await createTestApp();
    try {
      expect((await t.app.inject({ method: 'GET', url: '/api/auth/providers' })).json()).toEqual({ password: true, oidc: null });
      expect((await t.app.inject({ method: 'GET', url: '/api/auth/oidc/login' })).statusCode).toBe(404);
    } finally {
      await t.close();
    }
  });
});

describe('safeReturnTo', () => {
  it.each([
    ['/calendar', '/calendar'],
    ['/a/b?c=d#e', '/a/b?c=d#e'],
    ['/../x', '/x'],
    ['', '/'],
    ['calendar', '/'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['/\t/evil.example', '/'],
    ['/\n/evil.example', '/'],
    ['https://evil.example/', '/'],
    ['javascript:alert(1)', '/'],
    [' /x', '/'],
    [`/${'a'.repeat(3000)}`, '/'],
  ])('%j → %j', (input, expected) => {
    expect(safeReturnTo(input)).toBe(expected);
  });
});
