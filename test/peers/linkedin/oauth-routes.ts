import { timingSafeEqual } from 'node:crypto';
import { oauthError, type PeerContext, type Reply, type RequestContext, type Route } from './http.js';
import type { LiClient, LiRefreshToken } from './store.js';

/**
 * 3-legged OAuth 2.0 as LinkedIn documents it (learn.microsoft.com/linkedin/shared/authentication/
 * authorization-code-flow and programmatic-refresh-tokens), on www.linkedin.com:
 * - `GET /oauth/v2/authorization?response_type=code&client_id&redirect_uri&state&scope` (scopes
 *   space-delimited). The peer approves at once as `settings.authorizeAs` and redirects with
 *   `code` (valid 30 minutes, once) and `state`; unknown scopes come back as `error=invalid_scope`.
 * - `POST /oauth/v2/accessToken`, url-encoded, `client_id` and `client_secret` in the body;
 *   `grant_type=authorization_code` (code, redirect_uri) or `refresh_token`. Replies
 *   `{access_token, expires_in, refresh_token, refresh_token_expires_in, scope}` (scope
 *   comma-separated). A refresh returns a new access token and the same refresh token with what
 *   is left of its 365 days (it is not renewed and not spent); refresh tokens only where the app
 *   has programmatic refresh (`issueRefreshTokens`).
 */

const CODE_TTL_MS = 30 * 60_000;
const KNOWN_SCOPES = new Set([
  'w_organization_social',
  'r_organization_social',
  'rw_organization_admin',
  'r_organization_admin',
  'w_member_social',
  'r_member_social',
  'openid',
  'profile',
  'email',
]);
const INVALID_GRANT = 'The provided authorization grant or refresh token is invalid, expired or revoked.';

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function authorize(peer: PeerContext, request: RequestContext): Reply {
  const q = request.query;
  const client = peer.state.clients.get(q.get('client_id') ?? '');
  if (!client) return oauthError(400, 'invalid_request', 'Unknown client_id');
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!client.redirectUris.includes(redirectUri))
    return oauthError(400, 'invalid_request', 'The redirect_uri does not match the registered value');
  if (q.get('response_type') !== 'code') return oauthError(400, 'unsupported_response_type', 'response_type must be code');
  const location = new URL(redirectUri);
  const state = q.get('state');
  if (state) location.searchParams.set('state', state);
  const scopes = (q.get('scope') ?? '').split(/[\s,]+/).filter(Boolean);
  if (scopes.length === 0 || scopes.some((s) => !KNOWN_SCOPES.has(s))) {
    location.searchParams.set('error', 'invalid_scope');
    location.searchParams.set(
      'error_description',
      `Scope "${scopes.find((s) => !KNOWN_SCOPES.has(s))}" is not authorized for your application`,
    );
    return { status: 302, headers: { Location: location.toString() } };
  }
  const members = [...peer.state.members.values()];
  const member = peer.settings.authorizeAs ? peer.state.members.get(peer.settings.authorizeAs) : members[0];
  if (!member) return oauthError(400, 'access_denied', 'no member to authorize as');
  const code = peer.state.secret(48);
  peer.state.codes.set(code, {
    code,
    clientId: client.clientId,
    redirectUri,
    memberId: member.id,
    scopes,
    expiresAt: peer.now() + CODE_TTL_MS,
    used: false,
  });
  location.searchParams.set('code', code);
  return { status: 302, headers: { Location: location.toString() } };
}

/** Token reply; on a refresh (`reused`), the same refresh token with what is left of its life. */
export function issueTokens(
  peer: PeerContext,
  client: LiClient,
  memberId: string,
  scopes: string[],
  reused?: LiRefreshToken,
): Record<string, unknown> {
  const { state, settings, now } = peer;
  const accessToken = state.secret(60);
  const expiresIn = settings.accessTokenSeconds;
  state.accessTokens.set(accessToken, {
    token: accessToken,
    memberId,
    clientId: client.clientId,
    scopes,
    expiresAt: now() + expiresIn * 1000,
    revoked: false,
  });
  const body: Record<string, unknown> = { access_token: accessToken, expires_in: expiresIn, scope: scopes.join(',') };
  if (!settings.issueRefreshTokens) return body;
  if (reused) {
    if (settings.refreshOmitsRefreshToken) return body;
    body.refresh_token = reused.token;
    body.refresh_token_expires_in = Math.max(0, Math.floor((reused.expiresAt - now()) / 1000));
    return body;
  }
  const refreshToken = state.secret(60);
  state.refreshTokens.set(refreshToken, {
    token: refreshToken,
    memberId,
    clientId: client.clientId,
    scopes,
    expiresAt: now() + settings.refreshTokenSeconds * 1000,
  });
  body.refresh_token = refreshToken;
  body.refresh_token_expires_in = settings.refreshTokenSeconds;
  return body;
}

function accessToken(peer: PeerContext, request: RequestContext): Reply {
  const type = String(request.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim()
    .toLowerCase();
  if (type !== 'application/x-www-form-urlencoded') {
    return oauthError(400, 'invalid_request', 'A required parameter "grant_type" is missing');
  }
  const form = new URLSearchParams(request.raw.toString('utf8'));
  const client = peer.state.clients.get(form.get('client_id') ?? '');
  if (!client || !sameSecret(form.get('client_secret') ?? '', client.clientSecret)) {
    return oauthError(401, 'invalid_client', 'Client authentication failed');
  }
  const grant = form.get('grant_type');
  if (grant === 'authorization_code') {
    const code = peer.state.codes.get(form.get('code') ?? '');
    if (
      !code ||
      code.used ||
      code.clientId !== client.clientId ||
      code.expiresAt < peer.now() ||
      form.get('redirect_uri') !== code.redirectUri
    ) {
      return oauthError(
        400,
        'invalid_request',
        'Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired. Or external member binding exists',
      );
    }
    code.used = true;
    return { status: 200, body: issueTokens(peer, client, code.memberId, code.scopes) };
  }
  if (grant === 'refresh_token') {
    const stored = peer.state.refreshTokens.get(form.get('refresh_token') ?? '');
    if (!stored || stored.clientId !== client.clientId || stored.expiresAt <= peer.now())
      return oauthError(400, 'invalid_request', INVALID_GRANT);
    return { status: 200, body: issueTokens(peer, client, stored.memberId, stored.scopes, stored) };
  }
  return oauthError(400, 'invalid_request', 'A required parameter "grant_type" is missing');
}

export const oauthRoutes: Route[] = [
  { method: 'GET', pattern: /^\/oauth\/v2\/authorization$/, kind: 'none', handle: authorize },
  { method: 'POST', pattern: /^\/oauth\/v2\/accessToken$/, kind: 'none', handle: accessToken },
];
