import type { OAuthApp, OAuthConnect } from '../connect.js';
import { stringField } from '../connect.js';
import { ConnectorError } from '../connector.js';
import { authorizeUrl, createPkce, exchangeCode, type VivaEngageOAuthApp } from './oauth.js';

const YAMMER_API = 'https://www.yammer.com';

function vivaApp(app: OAuthApp | null, redirectUri: string): VivaEngageOAuthApp {
  if (!app) {
    throw new ConnectorError('rejected', 'Viva Engage is not set up on this installation: an administrator must add Kanaal’s Entra app (KANAAL_OAUTH_APPS)');
  }
  return { tenant: app.tenant ?? 'organizations', clientId: app.clientId, clientSecret: app.clientSecret, redirectUri, loginBaseUrl: app.authorizeBaseUrl };
}

/**
 * Connecting a Viva Engage community: Microsoft Entra sign-in with PKCE (oauth.ts); the person
 * names the community (group id, from its address) first, since one account may post in many.
 * The credentials keep the app's client id, secret and tenant: every renewal needs them.
 */
export const vivaEngageConnect: OAuthConnect = {
  kind: 'oauth',
  accountIsChannel: false,
  fields: [{ name: 'groupId', secret: false, required: true, type: 'text' }],
  registersPerInstance: false,
  async begin({ app, redirectUri, values, state }) {
    const groupId = values.groupId?.trim() ?? '';
    if (!/^\d+$|^[A-Za-z0-9=_-]{8,}$/.test(groupId)) throw new ConnectorError('rejected', 'the community id is the number or code in the community’s address');
    const viva = vivaApp(app, redirectUri);
    const pkce = createPkce();
    return { authorizeUrl: authorizeUrl(viva, { state, codeChallenge: pkce.challenge }), pending: { codeVerifier: pkce.verifier, redirectUri, groupId } };
  },
  async complete({ app, pending, code }) {
    const viva = vivaApp(app, stringField(pending, 'redirectUri'));
    const tokens = await exchangeCode(viva, code, stringField(pending, 'codeVerifier'));
    return {
      apiBaseUrl: app?.apiBaseUrl ?? YAMMER_API,
      credentials: {
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresAt: tokens.expiresAt.toISOString(),
        tenant: viva.tenant,
        clientId: viva.clientId,
        clientSecret: viva.clientSecret,
        loginBaseUrl: viva.loginBaseUrl,
        groupId: stringField(pending, 'groupId'),
      },
      tokenExpiresAt: tokens.expiresAt,
    };
  },
};
