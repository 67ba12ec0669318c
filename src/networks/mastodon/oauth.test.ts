import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMastodonPeer, type MastodonPeer } from '../../../test/peers/mastodon/server.js';
import { ConnectorError } from '../connector.js';
import { mastodonConnector } from './connector.js';
import { authorizeUrl, createPkce, exchangeCode, instanceOrigin, KANAAL_SCOPES, registerApp, revokeToken } from './oauth.js';

const REDIRECT = 'https://kanaal.example/api/channels/oauth/mastodon/callback';
const ALLOW = ['127.0.0.1'];

let peer: MastodonPeer;
beforeEach(async () => {
  peer = await startMastodonPeer();
  peer.createAccount({ username: 'stad_gent', displayName: 'Stad Gent' });
});
afterEach(() => peer.close());

/** What the browser does: follow the authorize URL once; the peer approves and redirects. */
async function approve(url: string): Promise<URL> {
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') ?? '');
}

async function kindOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  return `${(error as ConnectorError).kind}: ${(error as Error).message}`;
}

describe('mastodon OAuth helper', () => {
  it('registers an app, sends the person to authorize, exchanges the code and gets a working token', async () => {
    const app = await registerApp(`${peer.url}/`, REDIRECT, { allow: ALLOW });
    expect(app).toMatchObject({ instanceUrl: peer.url, redirectUri: REDIRECT, scopes: KANAAL_SCOPES });
    const registered = [...peer.state.apps.values()].find((a) => a.clientId === app.clientId);
    expect(registered).toMatchObject({
      name: 'Kanaal',
      redirectUris: [REDIRECT],
      scopes: KANAAL_SCOPES.split(' '),
      clientSecret: app.clientSecret,
    });

    const state = randomUUID();
    const pkce = createPkce();
    const url = new URL(authorizeUrl(app, { state, codeChallenge: pkce.challenge }));
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: app.clientId,
      redirect_uri: REDIRECT,
      scope: KANAAL_SCOPES,
      state,
      code_challenge_method: 'S256',
      force_login: 'true',
    });
    const back = await approve(url.toString());
    expect(back.origin + back.pathname).toBe(REDIRECT);
    expect(back.searchParams.get('state')).toBe(state);
    const code = back.searchParams.get('code') ?? '';

    const token = await exchangeCode(app, code, { codeVerifier: pkce.verifier });
    expect(token.scope).toBe(KANAAL_SCOPES);
    const me = await mastodonConnector.verify({
      channelId: 'c',
      network: 'mastodon',
      apiBaseUrl: app.instanceUrl,
      handle: '',
      credentials: { accessToken: token.accessToken },
    });
    expect(me.handle).toBe(`@stad_gent@${peer.domain}`);

    // A code works once.
    expect(await kindOf(exchangeCode(app, code, { codeVerifier: pkce.verifier }))).toMatch(
      /^rejected: token exchange failed: invalid_grant/,
    );
  });

  it('refuses a code exchanged without the right PKCE verifier', async () => {
    const app = await registerApp(peer.url, REDIRECT, { allow: ALLOW });
    const pkce = createPkce();
    const code = (await approve(authorizeUrl(app, { state: 's', codeChallenge: pkce.challenge }))).searchParams.get('code') ?? '';
    expect(await kindOf(exchangeCode(app, code, { codeVerifier: createPkce().verifier }))).toMatch(/^rejected: .*invalid_grant/);
  });

  it('revokes a token: the channel then needs reconnecting', async () => {
    const app = await registerApp(peer.url, REDIRECT, { allow: ALLOW });
    const code = (await approve(authorizeUrl(app, { state: 's' }))).searchParams.get('code') ?? '';
    const { accessToken } = await exchangeCode(app, code);
    await revokeToken(app, accessToken);
    const account = { channelId: 'c', network: 'mastodon' as const, apiBaseUrl: app.instanceUrl, handle: '', credentials: { accessToken } };
    expect(await kindOf(mastodonConnector.verify(account))).toBe('auth_expired: The access token was revoked');
  });

  it('does not register with a private address unless allowed, nor with a server that is not Mastodon', async () => {
    expect(await kindOf(registerApp(peer.url, REDIRECT, { allow: [] }))).toMatch(/^rejected: .* may not be reached/);
    const other: Server = createServer((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not here</h1>'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      expect(await kindOf(registerApp(url, REDIRECT, { allow: ALLOW }))).toMatch(/^rejected: .* does not answer like a Mastodon server/);
    } finally {
      other.close();
    }
    expect(peer.state.apps.size).toBe(1); // only the peer's own test app
  });

  it('normalises what people type as an instance', () => {
    expect(instanceOrigin('mastodon.example')).toBe('https://mastodon.example');
    expect(instanceOrigin(' https://Mastodon.Example/@stad_gent ')).toBe('https://mastodon.example');
    expect(() => instanceOrigin('ftp://mastodon.example')).toThrow(ConnectorError);
  });
});
