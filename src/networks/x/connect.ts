import type { OAuthConnect, OAuthApp } from '../connect.js';
import { stringField } from '../connect.js';
import { ConnectorError } from '../connector.js';
import { authorizeUrl, createPkce, exchangeCode, type XOAuthApp } from './oauth.js';

const X_API = 'https://api.x.com';

function xApp(app: OAuthApp | null, redirectUri: string): XOAuthApp {
  if (!app) throw new ConnectorError('rejected', 'X is not set up on this installation: an administrator must add Kanaal’s X app (KANAAL_OAUTH_APPS)');
  return {
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    redirectUri,
    authorizeBaseUrl: app.authorizeBaseUrl,
    apiBaseUrl: app.apiBaseUrl,
  };
}

/**
 * Connecting an X account: OAuth 2.0 with PKCE (oauth.ts). Access tokens live 2 hours; the
 * credentials keep the app's client id and secret because X needs them for every refresh.
 */
export const xConnect: OAuthConnect = {
  kind: 'oauth',
  fields: [],
  registersPerInstance: false,
  async begin({ app, redirectUri, state }) {
    const x = xApp(app, redirectUri);
    const pkce = createPkce();
    return { authorizeUrl: authorizeUrl(x, { state, codeChallenge: pkce.challenge }), pending: { codeVerifier: pkce.verifier, redirectUri } };
  },
  async complete({ app, pending, code }) {
    const x = xApp(app, stringField(pending, 'redirectUri'));
    const tokens = await exchangeCode(x, code, stringField(pending, 'codeVerifier'));
    return {
      apiBaseUrl: x.apiBaseUrl ?? X_API,
      credentials: {
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresAt: tokens.expiresAt.toISOString(),
        clientId: x.clientId,
        clientSecret: x.clientSecret,
      },
      tokenExpiresAt: tokens.expiresAt,
    };
  },
};
