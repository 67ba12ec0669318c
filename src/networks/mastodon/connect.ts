import type { OAuthConnect } from '../connect.js';
import { stringField } from '../connect.js';
import { ConnectorError } from '../connector.js';
import { authorizeUrl, createPkce, exchangeCode, instanceOrigin, KANAAL_SCOPES, type MastodonApp, registerApp } from './oauth.js';

/**
 * Connecting a Mastodon channel: the person names the instance; Kanaal registers itself there once
 * (the registration is reused for every account on that instance) and runs the code flow with PKCE.
 * Mastodon tokens do not expire, so the connection has no expiry.
 */
export const mastodonConnect: OAuthConnect = {
  kind: 'oauth',
  fields: [{ name: 'instanceUrl', secret: false, required: true, type: 'text' }],
  registersPerInstance: true,
  async begin({ registrations, redirectUri, values, state, lang, allow }) {
    const instanceUrl = values.instanceUrl?.trim();
    if (!instanceUrl) throw new ConnectorError('rejected', 'name the Mastodon server this account lives on');
    const origin = instanceOrigin(instanceUrl);
    let app = await registrations.find(origin, redirectUri);
    if (!app) {
      const registered = await registerApp(origin, redirectUri, { allow, scopes: KANAAL_SCOPES });
      app = { clientId: registered.clientId, clientSecret: registered.clientSecret, redirectUri, scopes: registered.scopes };
      await registrations.save(origin, app);
    }
    const pkce = createPkce();
    const mastodonApp = { instanceUrl: origin, clientId: app.clientId, clientSecret: app.clientSecret ?? '', redirectUri, scopes: app.scopes };
    return {
      authorizeUrl: authorizeUrl(mastodonApp, { state, codeChallenge: pkce.challenge, lang }),
      pending: { ...mastodonApp, codeVerifier: pkce.verifier },
    };
  },
  async complete({ pending, code }) {
    const app: MastodonApp = {
      instanceUrl: stringField(pending, 'instanceUrl'),
      clientId: stringField(pending, 'clientId'),
      clientSecret: stringField(pending, 'clientSecret'),
      redirectUri: stringField(pending, 'redirectUri'),
      scopes: stringField(pending, 'scopes'),
    };
    const token = await exchangeCode(app, code, { codeVerifier: stringField(pending, 'codeVerifier') });
    return { apiBaseUrl: app.instanceUrl, credentials: { accessToken: token.accessToken }, tokenExpiresAt: null };
  },
};
