import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startVivaEngagePeer, TENANT, type VivaEngagePeer } from '../../../test/peers/viva-engage/server.js';
import { ConnectorError } from '../connector.js';
import { vivaEngageConnector } from './connector.js';
import { authorizeUrl, createPkce, exchangeCode, refreshTokens, VIVA_ENGAGE_SCOPES, type VivaEngageOAuthApp } from './oauth.js';

const REDIRECT = 'https://kanaal.example/api/channels/oauth/viva_engage/callback';

let peer: VivaEngagePeer;
beforeEach(async () => {
  peer = await startVivaEngagePeer();
  const user = peer.createUser({ name: 'communicatie', fullName: 'Dienst Communicatie' }).user;
  peer.createGroup({ name: 'Nieuws', members: [user] });
});
afterEach(() => peer.close());

function appFor(secret: boolean): VivaEngageOAuthApp {
  const client = peer.createClient({ redirectUris: [REDIRECT], secret });
  return {
    tenant: TENANT,
    clientId: client.clientId,
    clientSecret: client.clientSecret ?? undefined,
    redirectUri: REDIRECT,
    loginBaseUrl: peer.url,
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

describe('viva engage OAuth helper (Microsoft identity platform)', () => {
  it.each([true, false])('authorizes with PKCE, redeems the code, refreshes with rotation (confidential: %s)', async (secret) => {
    const app = appFor(secret);
    const state = randomUUID();
    const pkce = createPkce();
    const url = new URL(authorizeUrl(app, { state, codeChallenge: pkce.challenge }));
    expect(`${url.origin}${url.pathname}`).toBe(`${peer.url}/${TENANT}/oauth2/v2.0/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: app.clientId,
      response_type: 'code',
      redirect_uri: REDIRECT,
      response_mode: 'query',
      scope: 'https://api.yammer.com/user_impersonation offline_access',
      state,
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    });
    const back = await approve(url.toString());
    expect(back.searchParams.get('state')).toBe(state);
    const code = back.searchParams.get('code') ?? '';

    const tokens = await exchangeCode(app, code, pkce.verifier);
    expect(tokens.scopes).toEqual([VIVA_ENGAGE_SCOPES[0]]);
    expect(tokens.expiresAt.getTime() - Date.now()).toBeGreaterThan(3500 * 1000);
    expect(tokens.refreshToken).toEqual(expect.any(String));
    // A code is good once.
    expect(await kindOf(exchangeCode(app, code, pkce.verifier))).toBe('auth_expired');

    const account = {
      channelId: randomUUID(),
      network: 'viva_engage' as const,
      apiBaseUrl: peer.url,
      handle: '',
      credentials: { accessToken: tokens.accessToken },
    };
    expect((await vivaEngageConnector.verify(account)).displayName).toBe('Dienst Communicatie');

    const renewed = await refreshTokens(app, tokens.refreshToken ?? '');
    expect(renewed.refreshToken).not.toBe(tokens.refreshToken);
    expect(await kindOf(refreshTokens(app, tokens.refreshToken ?? ''))).toBe('auth_expired');
    expect(await refreshTokens(app, renewed.refreshToken ?? '')).toMatchObject({ accessToken: expect.any(String) });
  });

  it('refuses a wrong code verifier, a wrong client secret and another tenant', async () => {
    const app = appFor(true);
    const pkce = createPkce();
    const back = await approve(authorizeUrl(app, { state: 's', codeChallenge: pkce.challenge }));
    const code = back.searchParams.get('code') ?? '';
    const wrongVerifier = await exchangeCode(app, code, createPkce().verifier).catch((e: unknown) => e);
    expect(wrongVerifier).toBeInstanceOf(ConnectorError);
    expect((wrongVerifier as ConnectorError).message).toMatch(/AADSTS501481/);
    expect(await kindOf(exchangeCode({ ...app, clientSecret: 'wrong' }, code, pkce.verifier))).toBe('auth_expired');
    expect(await kindOf(exchangeCode({ ...app, tenant: 'fabrikam' }, code, pkce.verifier))).toBe('auth_expired');
  });

  it('an unreachable token endpoint → unavailable; a 5xx → ambiguous (the refresh may have happened)', async () => {
    const app = appFor(true);
    peer.faults.add({ kind: 'status500', method: 'POST', path: `/${TENANT}/oauth2/v2.0/token` });
    expect(await kindOf(refreshTokens(app, 'r'))).toBe('ambiguous');
    await peer.close();
    expect(await kindOf(refreshTokens(app, 'r'))).toBe('unavailable');
    peer = await startVivaEngagePeer();
  });
});
