import { DEFAULT_USER_AGENT } from '../../kit/safe-fetch.js';
import { ConnectorError } from '../connector.js';
import { errorCode, retryAfterSeconds, yammerMessage } from './errors.js';

/**
 * Connecting a Viva Engage account: the Yammer REST API takes Microsoft Entra (Azure AD) access
 * tokens for the resource https://api.yammer.com (delegated permission `user_impersonation`).
 * They come from the Microsoft identity platform's authorization code flow with PKCE
 * (learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow):
 * - authorize at `GET {login}/{tenant}/oauth2/v2.0/authorize` (response_type=code,
 *   response_mode=query, scope, state, S256 code challenge);
 * - redeem the code at `POST {login}/{tenant}/oauth2/v2.0/token` (form-encoded; a confidential
 *   client sends `client_secret` in the body);
 * - refresh at the same endpoint with grant_type=refresh_token. The reply normally carries a new
 *   refresh token: the caller stores it; when none comes, the caller keeps the one it has.
 * `offline_access` is what makes the platform issue refresh tokens. Access tokens live about an
 * hour (`expires_in`). `tenant` is the organisation's tenant id or domain (or `organizations`).
 * `loginBaseUrl` defaults to https://login.microsoftonline.com; national clouds and tests set it.
 */

export const YAMMER_SCOPE = 'https://api.yammer.com/user_impersonation';
export const VIVA_ENGAGE_SCOPES = [YAMMER_SCOPE, 'offline_access'] as const;
export const DEFAULT_LOGIN_BASE_URL = 'https://login.microsoftonline.com';

export type VivaEngageOAuthApp = {
  /** Tenant id (GUID), verified domain, or `organizations`. */
  tenant: string;
  clientId: string;
  /** Confidential clients only; public clients have none. */
  clientSecret?: string;
  redirectUri: string;
  /** Default https://login.microsoftonline.com. */
  loginBaseUrl?: string;
};

export type VivaEngageTokens = { accessToken: string; refreshToken?: string; expiresAt: Date; scopes: string[] };

export { createPkce } from '../pkce.js';

function endpoint(app: VivaEngageOAuthApp, name: 'authorize' | 'token'): URL {
  const base = (app.loginBaseUrl ?? DEFAULT_LOGIN_BASE_URL).replace(/\/+$/, '');
  return new URL(`${base}/${encodeURIComponent(app.tenant)}/oauth2/v2.0/${name}`);
}

export function authorizeUrl(
  app: VivaEngageOAuthApp,
  input: { state: string; codeChallenge: string; scopes?: readonly string[]; loginHint?: string },
): string {
  const url = endpoint(app, 'authorize');
  url.searchParams.set('client_id', app.clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', app.redirectUri);
  url.searchParams.set('response_mode', 'query');
  url.searchParams.set('scope', (input.scopes ?? VIVA_ENGAGE_SCOPES).join(' '));
  url.searchParams.set('state', input.state);
  url.searchParams.set('code_challenge', input.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  if (input.loginHint) url.searchParams.set('login_hint', input.loginHint);
  return url.toString();
}

async function tokenRequest(app: VivaEngageOAuthApp, params: Record<string, string>, timeoutMs = 10_000): Promise<VivaEngageTokens> {
  const form = new URLSearchParams({ client_id: app.clientId, ...params });
  if (app.clientSecret) form.set('client_secret', app.clientSecret);
  let response: Response;
  try {
    response = await fetch(endpoint(app, 'token'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'user-agent': DEFAULT_USER_AGENT },
      body: form,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      throw new ConnectorError('unavailable', `could not connect to the Microsoft identity platform (${code})`);
    }
    // The refresh may have been carried out with the reply lost (a rotated token we never saw).
    throw new ConnectorError(
      'ambiguous',
      `token request failed without an answer: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof body.access_token !== 'string') {
    const message = `token request refused: ${yammerMessage(body, `HTTP ${response.status}`)}`;
    if (response.status === 429) {
      throw new ConnectorError('rate_limited', message, {
        status: 429,
        retryAfterSeconds: retryAfterSeconds(response.headers.get('retry-after')),
      });
    }
    // invalid_grant (expired, revoked or spent code/refresh token), invalid_client: a person must reconnect.
    throw new ConnectorError(response.status >= 500 ? 'ambiguous' : 'auth_expired', message, { status: response.status });
  }
  const expiresIn = Number(body.expires_in);
  return {
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === 'string' && body.refresh_token !== '' ? body.refresh_token : undefined,
    expiresAt: new Date(Date.now() + (Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : 3600) * 1000),
    scopes: typeof body.scope === 'string' ? body.scope.split(' ').filter(Boolean) : [],
  };
}

/** Redeems the code from the redirect (check `state` first) for tokens. */
export function exchangeCode(
  app: VivaEngageOAuthApp,
  code: string,
  codeVerifier: string,
  options: { timeoutMs?: number; scopes?: readonly string[] } = {},
): Promise<VivaEngageTokens> {
  return tokenRequest(
    app,
    {
      grant_type: 'authorization_code',
      code,
      redirect_uri: app.redirectUri,
      code_verifier: codeVerifier,
      scope: (options.scopes ?? VIVA_ENGAGE_SCOPES).join(' '),
    },
    options.timeoutMs,
  );
}

/** New tokens from a refresh token. Store the returned refresh token; keep the old one only if none came. */
export function refreshTokens(
  app: VivaEngageOAuthApp,
  refreshToken: string,
  options: { timeoutMs?: number; scopes?: readonly string[] } = {},
): Promise<VivaEngageTokens> {
  return tokenRequest(
    app,
    { grant_type: 'refresh_token', refresh_token: refreshToken, scope: (options.scopes ?? VIVA_ENGAGE_SCOPES).join(' ') },
    options.timeoutMs,
  );
}
