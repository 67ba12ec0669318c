import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LinkedInPeer, startLinkedInPeer } from '../../../test/peers/linkedin/server.js';
import type { LiOrganization } from '../../../test/peers/linkedin/store.js';
import { ConnectorError } from '../connector.js';
import { linkedinConnector } from './connector.js';
import { authorizeUrl, exchangeCode, LINKEDIN_SCOPES, type LinkedInOAuthApp, refreshTokens, tokenBaseFor } from './oauth.js';
import { listAdministeredOrganizations } from './organizations.js';

const REDIRECT = 'https://kanaal.example/api/channels/oauth/linkedin/callback';
const DAY = 24 * 60 * 60 * 1000;

let peer: LinkedInPeer;
let gent: LiOrganization;
let app: LinkedInOAuthApp;
beforeEach(async () => {
  peer = await startLinkedInPeer();
  gent = peer.createOrganization({ localizedName: 'Stad Gent', vanityName: 'stad-gent' });
  const other = peer.createOrganization({ localizedName: 'Ander', vanityName: 'ander' });
  peer.createMember({ name: 'An Admin', roles: [{ organization: gent }, { organization: other, role: 'ANALYST' }] });
  const client = peer.createClient({ redirectUris: [REDIRECT] });
  app = {
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    redirectUri: REDIRECT,
    authorizeBaseUrl: peer.url,
    apiBaseUrl: peer.url,
  };
});
afterEach(() => peer.close());

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
  return (error as ConnectorError).kind;
}

describe('linkedin OAuth helper', () => {
  it('authorizes with state, exchanges the code once, lists the pages, refreshes keeping the refresh token', async () => {
    const state = randomUUID();
    const url = new URL(authorizeUrl(app, { state }));
    expect(url.origin + url.pathname).toBe(`${peer.url}/oauth/v2/authorization`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: app.clientId,
      redirect_uri: REDIRECT,
      state,
      scope: LINKEDIN_SCOPES.join(' '),
    });
    const back = await approve(url.toString());
    expect(back.searchParams.get('state')).toBe(state);
    const code = back.searchParams.get('code') ?? '';

    const tokens = await exchangeCode(app, code);
    expect(tokens.scopes).toEqual([...LINKEDIN_SCOPES]);
    expect(tokens.expiresAt.getTime() - Date.now()).toBeGreaterThan(59 * DAY);
    expect((tokens.refreshTokenExpiresAt?.getTime() ?? 0) - Date.now()).toBeGreaterThan(364 * DAY);
    expect(tokens.refreshToken).toEqual(expect.any(String));
    // A code is good once.
    expect(await kindOf(exchangeCode(app, code))).toBe('auth_expired');

    // The connect flow offers the pages the person administers (not those where they are an analyst).
    const pages = await listAdministeredOrganizations({ apiBaseUrl: peer.url, accessToken: tokens.accessToken });
    expect(pages).toEqual([
      { urn: `urn:li:organization:${gent.id}`, id: String(gent.id), localizedName: 'Stad Gent', vanityName: 'stad-gent' },
    ]);
    const account = {
      channelId: randomUUID(),
      network: 'linkedin' as const,
      apiBaseUrl: peer.url,
      handle: '',
      credentials: { accessToken: tokens.accessToken, organizationUrn: pages[0]?.urn },
    };
    expect((await linkedinConnector.verify(account)).handle).toBe('stad-gent');

    peer.advanceClock(30 * DAY);
    const renewed = await refreshTokens(app, tokens.refreshToken ?? '');
    expect(renewed.accessToken).not.toBe(tokens.accessToken);
    expect(renewed.refreshToken).toBe(tokens.refreshToken);
    // The refresh token is not renewed: it still ends 365 days after the first authorization
    // (seen from here 30 days earlier than first computed, as the peer's clock is 30 days ahead).
    const shift = (tokens.refreshTokenExpiresAt?.getTime() ?? 0) - (renewed.refreshTokenExpiresAt?.getTime() ?? 0);
    expect(Math.abs(shift - 30 * DAY)).toBeLessThan(5000);
    expect(
      (await linkedinConnector.verify({ ...account, credentials: { ...account.credentials, accessToken: renewed.accessToken } }))
        .remoteAccountId,
    ).toBe(`urn:li:organization:${gent.id}`);
  });

  it('a refresh without a refresh token in the reply gives none (the caller keeps its own)', async () => {
    const code = (await approve(authorizeUrl(app, { state: 's' }))).searchParams.get('code') ?? '';
    const tokens = await exchangeCode(app, code);
    peer.settings.refreshOmitsRefreshToken = true;
    const renewed = await refreshTokens(app, tokens.refreshToken ?? '');
    expect(renewed.refreshToken).toBeUndefined();
    expect(renewed.accessToken).toEqual(expect.any(String));
  });

  it('refuses a wrong secret, an unknown refresh token, an expired one; an unreachable host is unavailable', async () => {
    const code = (await approve(authorizeUrl(app, { state: 's' }))).searchParams.get('code') ?? '';
    expect(await kindOf(exchangeCode({ ...app, clientSecret: 'wrong' }, code))).toBe('auth_expired');
    const tokens = await exchangeCode(app, code);
    expect(await kindOf(refreshTokens(app, 'unknown'))).toBe('auth_expired');
    peer.advanceClock(366 * DAY);
    const refused = await refreshTokens(app, tokens.refreshToken ?? '').catch((e: unknown) => e);
    expect((refused as ConnectorError).message).toMatch(
      /^token request refused: The provided authorization grant or refresh token is invalid/,
    );
    const closed = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    expect(await kindOf(refreshTokens({ ...app, apiBaseUrl: `http://127.0.0.1:${closed}` }, 'x'))).toBe('unavailable');
  });

  it('gets tokens from www.linkedin.com for the real API, from the peer otherwise', () => {
    expect(tokenBaseFor('https://api.linkedin.com')).toBe('https://www.linkedin.com');
    expect(tokenBaseFor(peer.url)).toBe(peer.url);
    expect(new URL(authorizeUrl({ ...app, authorizeBaseUrl: undefined }, { state: 's' })).origin).toBe('https://www.linkedin.com');
  });
});
