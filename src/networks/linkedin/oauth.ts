import { DEFAULT_USER_AGENT } from '../../kit/safe-fetch.js';
import { ConnectorError } from '../connector.js';
import { linkedinMessage, notSentCode } from './errors.js';

/**
 * Connecting a LinkedIn page: 3-legged OAuth 2.0 (authorization code) as LinkedIn documents it
 * (learn.microsoft.com/linkedin/shared/authentication/authorization-code-flow and
 * programmatic-refresh-tokens). The person, an administrator of the page, authorizes at
 * `https://www.linkedin.com/oauth/v2/authorization` (scopes space-delimited, `state` against
 * CSRF); the code (valid 30 minutes, once) is exchanged at `POST
 * https://www.linkedin.com/oauth/v2/accessToken`, url-encoded, with `client_id` and
 * `client_secret` in the body. Access tokens live 60 days; apps with programmatic refresh also
 * get a refresh token living 365 days, which a refresh does not renew: each refresh returns a
 * new access token and (normally) the same refresh token with its remaining lifetime. If a reply
 * carries none, the caller keeps the one it has. When the refresh token runs out, the person
 * must connect again. No PKCE: LinkedIn offers it to native apps only; Kanaal is a confidential
 * web client.
 *
 * Plain fetch rather than linkedin-api-client's AuthClient: see client.ts.
 */

/** Post and read as the page (w/r_organization_social); read the page and one's roles on it (rw_organization_admin). */
export const LINKEDIN_SCOPES = ['w_organization_social', 'r_organization_social', 'rw_organization_admin'] as const;

export type LinkedInOAuthApp = {
  clientId: string;
  /** LinkedIn apps are confidential clients: the secret is required. */
  clientSecret: string;
  redirectUri: string;
  /** Default https://www.linkedin.com — where the person authorizes. */
  authorizeBaseUrl?: string;
  /** Default https://www.linkedin.com — where tokens come from (named as in XOAuthApp). */
  apiBaseUrl?: string;
};

export type LinkedInTokens = {
  accessToken: string;
  refreshToken?: string;
  expiresAt: Date;
  /** When the refresh token stops working (365 days after the first authorization). */
  refreshTokenExpiresAt?: Date;
  scopes: string[];
};

const WWW = 'https://www.linkedin.com';

/** Where tokens for an account come from: www.linkedin.com for the real API, the peer itself otherwise. */
export function tokenBaseFor(apiBaseUrl: string): string {
  const url = new URL(apiBaseUrl);
  return url.hostname === 'api.linkedin.com' ? WWW : url.origin;
}

export function authorizeUrl(app: LinkedInOAuthApp, input: { state: string; scopes?: readonly string[] }): string {
  const url = new URL('/oauth/v2/authorization', app.authorizeBaseUrl ?? WWW);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', app.clientId);
  url.searchParams.set('redirect_uri', app.redirectUri);
  url.searchParams.set('state', input.state);
  url.searchParams.set('scope', (input.scopes ?? LINKEDIN_SCOPES).join(' '));
  return url.toString();
}

function seconds(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined;
}

async function tokenRequest(app: LinkedInOAuthApp, params: Record<string, string>, timeoutMs = 10_000): Promise<LinkedInTokens> {
  const form = new URLSearchParams({ ...params, client_id: app.clientId, client_secret: app.clientSecret });
  let response: Response;
  try {
    response = await fetch(new URL('/oauth/v2/accessToken', app.apiBaseUrl ?? WWW), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'user-agent': DEFAULT_USER_AGENT },
      body: form,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const refused = notSentCode(error);
    if (refused) throw new ConnectorError('unavailable', `could not connect to LinkedIn (${refused})`);
    // A lost reply to a refresh is harmless (LinkedIn does not spend the refresh token), but unknown.
    throw new ConnectorError(
      'ambiguous',
      `token request failed without an answer: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof body.access_token !== 'string') {
    const message = `token request refused: ${linkedinMessage(body, `HTTP ${response.status}`)}`;
    const kind = response.status === 429 ? 'rate_limited' : response.status >= 500 ? 'ambiguous' : 'auth_expired';
    throw new ConnectorError(kind, message, { status: response.status });
  }
  const now = Date.now();
  const refreshIn = seconds(body.refresh_token_expires_in);
  return {
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === 'string' && body.refresh_token !== '' ? body.refresh_token : undefined,
    expiresAt: new Date(now + (seconds(body.expires_in) ?? 60 * 24 * 60 * 60) * 1000),
    refreshTokenExpiresAt: refreshIn === undefined ? undefined : new Date(now + refreshIn * 1000),
    // LinkedIn answers the granted scopes comma-separated.
    scopes: typeof body.scope === 'string' ? body.scope.split(/[\s,]+/).filter(Boolean) : [],
  };
}

/** Exchanges the code from the redirect (check `state` first) for tokens. */
export function exchangeCode(app: LinkedInOAuthApp, code: string, options: { timeoutMs?: number } = {}): Promise<LinkedInTokens> {
  return tokenRequest(app, { grant_type: 'authorization_code', code, redirect_uri: app.redirectUri }, options.timeoutMs);
}

/** A new access token from the refresh token; keep the old refresh token when the reply has none. */
export function refreshTokens(app: LinkedInOAuthApp, refreshToken: string, options: { timeoutMs?: number } = {}): Promise<LinkedInTokens> {
  return tokenRequest(app, { grant_type: 'refresh_token', refresh_token: refreshToken }, options.timeoutMs);
}
