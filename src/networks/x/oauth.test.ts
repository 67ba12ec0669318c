import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startXPeer, type XPeer } from '../../../test/peers/x/server.js';
import { ConnectorError } from '../connector.js';
import { xConnector } from './connector.js';
import { authorizeUrl, createPkce, exchangeCode, refreshTokens, X_SCOPES, type XOAuthApp } from './oauth.js';

const REDIRECT = 'https://kanaal.example/api/channels/oauth/x/callback';

let peer: XPeer;
beforeEach(async () => {
  peer = await startXPeer();
  peer.createUser({ username: 'stadgent', name: 'Stad Gent' });
});
afterEach(() => peer.close());

function appFor(secret: boolean): XOAuthApp {
  const client = peer.createClient({ redirectUris: [REDIRECT], secret });
  return {
    clientId: client.clientId,
    clientSecret: client.clientSecret ?? undefined,
    redirectUri: REDIRECT,
    authorizeBaseUrl: peer.url,
    apiBaseUrl: peer.url,
  };
}

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

describe('x OAuth helper', () => {
  it.each([true, false])(
    'authorizes with PKCE S256 and state, exchanges the code, refreshes with rotation (confidential: %s)',
    async (secret) => {
      const app = appFor(secret);
      const state = randomUUID();
      const pkce = createPkce();
      const url = new URL(authorizeUrl(app, { state, codeChallenge: pkce.challenge }));
      expect(Object.fromEntries(url.searchParams)).toEqual({
        response_type: 'code',
        client_id: app.clientId,
        redirect_uri: REDIRECT,
        scope: X_SCOPES.join(' '),
        state,
        code_challenge: pkce.challenge,
        code_challenge_method: 'S256',
      });
      const back = await approve(url.toString());
      expect(back.searchParams.get('state')).toBe(state);
      const code = back.searchParams.get('code') ?? '';

      const tokens = await exchangeCode(app, code, pkce.verifier);
      expect(tokens.scopes).toEqual([...X_SCOPES]);
      expect(tokens.expiresAt.getTime() - Date.now()).toBeGreaterThan(7100 * 1000);
      expect(tokens.refreshToken).toEqual(expect.any(String));
      // A code is good once.
      expect(await kindOf(exchangeCode(app, code, pkce.verifier))).toBe('auth_expired');

      const account = {
        channelId: randomUUID(),
        network: 'x' as const,
        apiBaseUrl: peer.url,
        handle: '',
        credentials: { accessToken: tokens.accessToken },
      };
      expect((await xConnector.verify(account)).handle).toBe('@stadgent');

      const renewed = await refreshTokens(app, tokens.refreshToken ?? '');
      expect(renewed.refreshToken).not.toBe(tokens.refreshToken);
      expect(await kindOf(refreshTokens(app, tokens.refreshToken ?? ''))).toBe('auth_expired');
      expect(await refreshTokens(app, renewed.refreshToken ?? '')).toMatchObject({ accessToken: expect.any(String) });
    },
  );

  it('refuses a wrong code verifier and a wrong client secret', async () => {
    const app = appFor(true);
    const pkce = createPkce();
    const back = await approve(authorizeUrl(app, { state: 's', codeChallenge: pkce.challenge }));
    expect(await kindOf(exchangeCode(app, back.searchParams.get('code') ?? '', createPkce().verifier))).toBe('auth_expired');
    expect(await kindOf(exchangeCode({ ...app, clientSecret: 'wrong' }, 'x', pkce.verifier))).toBe('auth_expired');
  });

  it('an unreachable token endpoint → unavailable', async () => {
    const app = appFor(true);
    await peer.close();
    expect(await kindOf(refreshTokens(app, 'r'))).toBe('unavailable');
    peer = await startXPeer();
  });
});
