import { createHash, timingSafeEqual } from 'node:crypto';
import { field, type Reply } from '../x/http.js';
import type { PeerContext, RequestContext, Route } from './routing.js';
import type { VeClient } from './store.js';

/**
 * The Microsoft identity platform's authorization code flow, as far as Kanaal uses it
 * (learn.microsoft.com/entra/identity-platform/v2-oauth2-auth-code-flow):
 * - `GET /{tenant}/oauth2/v2.0/authorize` (client_id, response_type=code, redirect_uri, scope,
 *   state, optional code_challenge + method). The peer approves at once as
 *   `settings.authorizeAs` and redirects with `code` and `state` (codes live 10 minutes).
 * - `POST /{tenant}/oauth2/v2.0/token`, form-encoded: `authorization_code` (code, redirect_uri,
 *   code_verifier, client_id, client_secret for confidential clients) or `refresh_token`. A
 *   refresh token comes only with `offline_access`; each refresh answers a new one and the peer
 *   spends the old one (stricter than Entra, which lets the old one live on: a client that keeps
 *   using the old token is caught here). Tokens are for the resource https://api.yammer.com.
 * Errors: `{error, error_description: "AADSTS…", error_codes, timestamp, trace_id}`, 400 (401 for
 * client authentication). The tenant in the path must be the client's, or `organizations`/`common`.
 */

const CODE_TTL_MS = 10 * 60_000;
const RESOURCE = 'https://api.yammer.com/';
const OIDC_SCOPES = new Set(['openid', 'profile', 'email', 'offline_access']);

function aadError(status: number, error: string, code: number, description: string): Reply {
  return {
    status,
    body: {
      error,
      error_description: `AADSTS${code}: ${description}`,
      error_codes: [code],
      timestamp: new Date().toISOString().replace('T', ' ').slice(0, 19),
      trace_id: '00000000-0000-0000-0000-000000000000',
    },
  };
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function tenantMatches(client: VeClient, tenant: string): boolean {
  return tenant === client.tenant || tenant === 'organizations' || tenant === 'common';
}

/** Scopes as granted: Yammer's delegated permission (or `.default`), plus OpenID scopes. */
function parseScopes(raw: string | null | undefined): string[] | null {
  const scopes = (raw ?? '').split(/\s+/).filter(Boolean);
  const resource = scopes.filter((s) => !OIDC_SCOPES.has(s));
  if (resource.length === 0 || resource.some((s) => s !== `${RESOURCE}user_impersonation` && s !== `${RESOURCE}.default`)) return null;
  return scopes;
}

function issueTokens(peer: PeerContext, client: VeClient, userId: string, scopes: string[], withRefresh: boolean): Reply {
  const { state, settings, now } = peer;
  const accessToken = state.secret(48);
  state.accessTokens.set(accessToken, {
    token: accessToken,
    userId,
    clientId: client.clientId,
    scopes,
    expiresAt: now() + settings.accessTokenSeconds * 1000,
    revoked: false,
  });
  const body: Record<string, unknown> = {
    token_type: 'Bearer',
    scope: scopes.filter((s) => !OIDC_SCOPES.has(s)).join(' '),
    expires_in: settings.accessTokenSeconds,
    ext_expires_in: settings.accessTokenSeconds,
    access_token: accessToken,
  };
  if (withRefresh && scopes.includes('offline_access')) {
    const refreshToken = state.secret(64);
    state.refreshTokens.set(refreshToken, { token: refreshToken, userId, clientId: client.clientId, scopes, used: false });
    body.refresh_token = refreshToken;
  }
  return { status: 200, body };
}

function authorize(peer: PeerContext, request: RequestContext, match: string[]): Reply {
  const q = request.query;
  const client = peer.state.clients.get(q.get('client_id') ?? '');
  if (!client || !tenantMatches(client, match[1] ?? '')) {
    return aadError(400, 'unauthorized_client', 700016, 'Application was not found in the directory.');
  }
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!client.redirectUris.includes(redirectUri)) {
    return aadError(
      400,
      'invalid_request',
      50011,
      'The redirect URI specified in the request does not match the redirect URIs configured for the application.',
    );
  }
  if (q.get('response_type') !== 'code') return aadError(400, 'unsupported_response_type', 70005, 'response_type must be code.');
  const scopes = parseScopes(q.get('scope'));
  if (!scopes) return aadError(400, 'invalid_scope', 70011, 'The provided value for the input parameter scope is not valid.');
  const method = q.get('code_challenge_method') ?? 'plain';
  if (method !== 'S256' && method !== 'plain') return aadError(400, 'invalid_request', 501491, 'Invalid code_challenge_method.');
  const users = [...peer.state.users.values()];
  const user = peer.settings.authorizeAs ? users.find((u) => u.name === peer.settings.authorizeAs) : users[0];
  if (!user) return aadError(400, 'access_denied', 65004, 'User declined to consent to access the app.');
  const code = peer.state.secret(48);
  peer.state.codes.set(code, {
    code,
    clientId: client.clientId,
    redirectUri,
    userId: user.id,
    scopes,
    challenge: q.get('code_challenge'),
    challengeMethod: method,
    expiresAt: peer.now() + CODE_TTL_MS,
    used: false,
  });
  const location = new URL(redirectUri);
  location.searchParams.set('code', code);
  const state = q.get('state');
  if (state !== null) location.searchParams.set('state', state);
  return { status: 302, headers: { Location: location.toString() } };
}

function token(peer: PeerContext, request: RequestContext, match: string[]): Reply {
  const client = peer.state.clients.get(field(request.body, 'client_id') ?? '');
  if (!client || !tenantMatches(client, match[1] ?? '')) {
    return aadError(400, 'unauthorized_client', 700016, 'Application was not found in the directory.');
  }
  const secret = field(request.body, 'client_secret');
  if (client.clientSecret !== null && (!secret || !sameSecret(secret, client.clientSecret))) {
    return aadError(401, 'invalid_client', 7000215, 'Invalid client secret provided.');
  }
  const grant = field(request.body, 'grant_type');
  if (grant === 'authorization_code') {
    const code = peer.state.codes.get(field(request.body, 'code') ?? '');
    if (!code || code.clientId !== client.clientId || code.expiresAt < peer.now()) {
      return aadError(400, 'invalid_grant', 70008, 'The provided authorization code or refresh token has expired due to inactivity.');
    }
    if (code.used) return aadError(400, 'invalid_grant', 54005, 'OAuth2 Authorization code was already redeemed.');
    if (field(request.body, 'redirect_uri') !== code.redirectUri) {
      return aadError(400, 'invalid_grant', 50148, 'The redirect_uri does not match the one used in the authorization request.');
    }
    if (code.challenge !== null) {
      const verifier = field(request.body, 'code_verifier') ?? '';
      const expected = code.challengeMethod === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
      if (!verifier || expected !== code.challenge) {
        return aadError(
          400,
          'invalid_grant',
          501481,
          'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
        );
      }
    }
    code.used = true;
    return issueTokens(peer, client, code.userId, code.scopes, true);
  }
  if (grant === 'refresh_token') {
    const stored = peer.state.refreshTokens.get(field(request.body, 'refresh_token') ?? '');
    if (!stored || stored.used || stored.clientId !== client.clientId) {
      return aadError(400, 'invalid_grant', 70000, 'The provided value for the input parameter refresh_token is not valid.');
    }
    if (peer.settings.rotateRefreshTokens) stored.used = true;
    return issueTokens(peer, client, stored.userId, stored.scopes, peer.settings.rotateRefreshTokens);
  }
  return aadError(400, 'unsupported_grant_type', 70003, 'The app requested an unsupported grant type.');
}

export const oauthRoutes: Route[] = [
  { method: 'GET', pattern: /^\/([^/]+)\/oauth2\/v2\.0\/authorize$/, auth: 'none', handle: authorize },
  { method: 'POST', pattern: /^\/([^/]+)\/oauth2\/v2\.0\/token$/, auth: 'none', handle: token },
];
