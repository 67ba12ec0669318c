import { DEFAULT_USER_AGENT } from '../../kit/safe-fetch.js';
import { ConnectorError } from '../connector.js';
import { errorCode, xMessage } from './errors.js';

/**
 * Connecting an X account: OAuth 2.0 Authorization Code with PKCE as X documents it
 * (docs.x.com/resources/fundamentals/authentication/oauth-2-0/authorization-code and
 * /user-access-token). Authorize at `https://x.com/i/oauth2/authorize` with `state` and an S256
 * challenge; exchange the code at `POST https://api.x.com/2/oauth2/token` (url-encoded body;
 * confidential clients authenticate with HTTP Basic, public clients send `client_id`). Access
 * tokens live 2 hours (`expires_in` 7200); `offline.access` adds a refresh token, and every
 * refresh returns a new one and invalidates the old (rotation): the caller must store it.
 *
 * Plain fetch rather than twitter-api-v2's `generateOAuth2AuthLink` / `loginWithOAuth2` /
 * `refreshOAuth2Token`: in v1.29 those send `code_challenge_method=s256` (lower case; X documents
 * `S256`), send the token request as JSON (its body-type check reads `url.password` where it
 * means `url.pathname`, so the documented url-encoded body is never chosen), hard-code the
 * x.com/api.x.com hosts (no way to reach a test peer without a request hook), and give no say
 * over timeouts.
 */

/** Read the account and its tweets, post tweets with media, keep access (refresh token). */
export const X_SCOPES = ['tweet.read', 'tweet.write', 'users.read', 'media.write', 'offline.access'] as const;

export type XOAuthApp = {
  clientId: string;
  /** Confidential clients only; public clients have none. */
  clientSecret?: string;
  redirectUri: string;
  /** Default https://x.com — where the person authorizes. */
  authorizeBaseUrl?: string;
  /** Default https://api.x.com — where tokens come from. */
  apiBaseUrl?: string;
};

export type XTokens = { accessToken: string; refreshToken?: string; expiresAt: Date; scopes: string[] };

export { createPkce } from '../pkce.js';

export function authorizeUrl(app: XOAuthApp, input: { state: string; codeChallenge: string; scopes?: readonly string[] }): string {
  const url = new URL('/i/oauth2/authorize', app.authorizeBaseUrl ?? 'https://x.com');
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', app.clientId);
  url.searchParams.set('redirect_uri', app.redirectUri);
  url.searchParams.set('scope', (input.scopes ?? X_SCOPES).join(' '));
  url.searchParams.set('state', input.state);
  url.searchParams.set('code_challenge', input.codeChallenge);
  url.searchParams.set('code_challenge_method', 'S256');
  return url.toString();
}

async function tokenRequest(app: XOAuthApp, params: Record<string, string>, timeoutMs = 10_000): Promise<XTokens> {
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
    'user-agent': DEFAULT_USER_AGENT,
  };
  const form = new URLSearchParams(params);
  if (app.clientSecret) {
    const basic = `${encodeURIComponent(app.clientId)}:${encodeURIComponent(app.clientSecret)}`;
    headers.authorization = `Basic ${Buffer.from(basic).toString('base64')}`;
  } else {
    form.set('client_id', app.clientId);
  }
  let response: Response;
  try {
    response = await fetch(new URL('/2/oauth2/token', app.apiBaseUrl ?? 'https://api.x.com'), {
      method: 'POST',
      headers,
      body: form,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
      throw new ConnectorError('unavailable', `could not connect to X (${code})`);
    }
    // A refresh may have been carried out (and the old refresh token spent) with the reply lost.
    throw new ConnectorError(
      'ambiguous',
      `token request failed without an answer: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok || typeof body.access_token !== 'string') {
    const message = `token request refused: ${xMessage(body, `HTTP ${response.status}`)}`;
    const kind = response.status === 429 ? 'rate_limited' : response.status >= 500 ? 'ambiguous' : 'auth_expired';
    throw new ConnectorError(kind, message, { status: response.status });
  }
  const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 7200;
  return {
    accessToken: body.access_token,
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
    expiresAt: new Date(Date.now() + expiresIn * 1000),
    scopes: typeof body.scope === 'string' ? body.scope.split(' ').filter(Boolean) : [],
  };
}

/** Exchanges the code from the redirect (check `state` first) for tokens. */
export function exchangeCode(app: XOAuthApp, code: string, codeVerifier: string, options: { timeoutMs?: number } = {}): Promise<XTokens> {
  return tokenRequest(
    app,
    { grant_type: 'authorization_code', code, redirect_uri: app.redirectUri, code_verifier: codeVerifier },
    options.timeoutMs,
  );
}

/** New tokens from a refresh token. The returned refresh token replaces the one passed, which X has now spent. */
export function refreshTokens(app: XOAuthApp, refreshToken: string, options: { timeoutMs?: number } = {}): Promise<XTokens> {
  return tokenRequest(app, { grant_type: 'refresh_token', refresh_token: refreshToken }, options.timeoutMs);
}
