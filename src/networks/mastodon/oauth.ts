import { createOAuthAPIClient, createRestAPIClient } from 'masto';
import { DEFAULT_USER_AGENT, safeFetch, UnsafeUrlError } from '../../kit/safe-fetch.js';
import { ConnectorError } from '../connector.js';
import { toConnectorError } from './errors.js';

/**
 * Connecting a Mastodon channel (docs.joinmastodon.org/methods/apps, /methods/oauth,
 * /spec/oauth): one app registration per instance (`POST /api/v1/apps`, the caller stores the
 * client id and secret, sealed), then the authorization code flow with `state` and PKCE S256
 * (Mastodon ≥ 4.3; older servers ignore the extra parameters), then `POST /oauth/token`.
 * Mastodon user tokens do not expire; revoke one when a channel is disconnected.
 */

/** What Kanaal needs: read the account and its statuses, post statuses with media. */
export const KANAAL_SCOPES = 'read:accounts read:statuses write:statuses write:media';

export type MastodonApp = {
  /** Origin of the instance, e.g. https://mastodon.example */
  instanceUrl: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scopes: string;
};

export type RegisterOptions = {
  clientName?: string;
  website?: string;
  scopes?: string;
  /** Hosts or CIDRs the instance may resolve to even if private (default KANAAL_ALLOW_URLS); tests only. */
  allow?: string[];
  timeoutMs?: number;
};

/** `mastodon.example`, `https://mastodon.example/@someone` → `https://mastodon.example`. */
export function instanceOrigin(input: string): string {
  const trimmed = input.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`);
  } catch {
    throw new ConnectorError('rejected', `"${input}" is not an instance address`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConnectorError('rejected', `"${input}" is not an http(s) address`);
  return url.origin;
}

/**
 * Registers Kanaal as an app on the instance. Before anything is posted there, the instance is
 * fetched once through safeFetch (`GET /api/v2/instance`): the address must be public (or allowed)
 * and must answer like a Mastodon server.
 */
export async function registerApp(instanceUrl: string, redirectUri: string, options: RegisterOptions = {}): Promise<MastodonApp> {
  const origin = instanceOrigin(instanceUrl);
  const scopes = options.scopes ?? KANAAL_SCOPES;
  try {
    const probe = await safeFetch(`${origin}/api/v2/instance`, {
      allow: options.allow,
      timeoutMs: options.timeoutMs ?? 10_000,
      headers: { accept: 'application/json' },
    });
    const body: unknown = probe.status === 200 ? JSON.parse(probe.body.toString('utf8')) : null;
    if (!body || typeof body !== 'object' || !('domain' in body || 'uri' in body)) {
      throw new ConnectorError('rejected', `${origin} does not answer like a Mastodon server (GET /api/v2/instance → ${probe.status})`, {
        status: probe.status,
      });
    }
  } catch (error) {
    if (error instanceof ConnectorError) throw error;
    if (error instanceof UnsafeUrlError) throw new ConnectorError('rejected', `${origin} may not be reached: ${error.message}`);
    if (error instanceof SyntaxError) throw new ConnectorError('rejected', `${origin} does not answer like a Mastodon server`);
    throw new ConnectorError('unavailable', `${origin} could not be reached: ${error instanceof Error ? error.message : String(error)}`);
  }
  const client = createRestAPIClient({
    url: origin,
    timeout: options.timeoutMs ?? 10_000,
    requestInit: { headers: { 'User-Agent': DEFAULT_USER_AGENT } },
  });
  try {
    const app = await client.v1.apps.create({
      clientName: options.clientName ?? 'Kanaal',
      redirectUris: [redirectUri],
      scopes,
      website: options.website,
    });
    if (!app.clientId || !app.clientSecret) throw new ConnectorError('rejected', `${origin} registered the app without client credentials`);
    return { instanceUrl: origin, clientId: app.clientId, clientSecret: app.clientSecret, redirectUri, scopes };
  } catch (error) {
    throw toConnectorError(error, 'read');
  }
}

export { createPkce } from '../pkce.js';

/** Where to send the person who connects the channel. `state` comes back on the redirect. */
export function authorizeUrl(
  app: MastodonApp,
  input: { state: string; codeChallenge?: string; forceLogin?: boolean; lang?: string },
): string {
  const url = new URL('/oauth/authorize', app.instanceUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', app.clientId);
  url.searchParams.set('redirect_uri', app.redirectUri);
  url.searchParams.set('scope', app.scopes);
  url.searchParams.set('state', input.state);
  if (input.codeChallenge) {
    url.searchParams.set('code_challenge', input.codeChallenge);
    url.searchParams.set('code_challenge_method', 'S256');
  }
  // Several official accounts may live on one instance: make the person pick the right one.
  if (input.forceLogin ?? true) url.searchParams.set('force_login', 'true');
  if (input.lang) url.searchParams.set('lang', input.lang);
  return url.toString();
}

export type MastodonToken = { accessToken: string; scope: string; createdAt: Date };

/**
 * Exchanges the code from the redirect for a user token. Plain fetch with form data, as the
 * OAuth docs describe it: masto's `oauth.token.create` has no place for PKCE's `code_verifier`.
 */
export async function exchangeCode(
  app: MastodonApp,
  code: string,
  options: { codeVerifier?: string; timeoutMs?: number } = {},
): Promise<MastodonToken> {
  const form = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    client_id: app.clientId,
    client_secret: app.clientSecret,
    redirect_uri: app.redirectUri,
    scope: app.scopes,
  });
  if (options.codeVerifier) form.set('code_verifier', options.codeVerifier);
  let response: Response;
  try {
    response = await fetch(new URL('/oauth/token', app.instanceUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'user-agent': DEFAULT_USER_AGENT },
      body: form,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
  } catch (error) {
    throw toConnectorError(error, 'read');
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof body.access_token !== 'string') {
    const reason = [body.error, body.error_description].filter((x) => typeof x === 'string').join(': ') || `HTTP ${response.status}`;
    throw new ConnectorError(
      response.status === 429 ? 'rate_limited' : response.status >= 500 ? 'unavailable' : 'rejected',
      `token exchange failed: ${reason}`,
      {
        status: response.status,
      },
    );
  }
  return {
    accessToken: body.access_token,
    scope: typeof body.scope === 'string' ? body.scope : app.scopes,
    createdAt: typeof body.created_at === 'number' ? new Date(body.created_at * 1000) : new Date(),
  };
}

/** Revokes a user token (disconnecting a channel). Revoking twice is fine. */
export async function revokeToken(app: MastodonApp, token: string): Promise<void> {
  const client = createOAuthAPIClient({ url: app.instanceUrl, timeout: 10_000 });
  try {
    await client.revoke({ clientId: app.clientId, clientSecret: app.clientSecret, token });
  } catch (error) {
    throw toConnectorError(error, 'read');
  }
}
