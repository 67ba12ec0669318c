import { createHash, timingSafeEqual } from 'node:crypto';
import { field, type Reply } from './http.js';
import type { PeerContext, RequestContext, Route } from './routing.js';
import type { XOAuthClient } from './store.js';

/**
 * OAuth 2.0 Authorization Code with PKCE as X documents it (docs.x.com/resources/fundamentals/
 * authentication/oauth-2-0/authorization-code and /user-access-token):
 * - `GET /i/oauth2/authorize` (x.com) with response_type=code, client_id, redirect_uri, scope,
 *   state, code_challenge, code_challenge_method (S256 or plain). The peer approves at once as
 *   `settings.authorizeAs` and redirects with `state` and `code` (valid 30 s, as X documents).
 * - `POST /2/oauth2/token` (api.x.com), grant_type `authorization_code` (code, redirect_uri,
 *   code_verifier) or `refresh_token`. Confidential clients authenticate with HTTP Basic
 *   (client_id:client_secret); public clients send `client_id` in the body. Access tokens expire
 *   after `expires_in` 7200 s; a refresh token comes only with the `offline.access` scope, and
 *   each refresh returns a NEW refresh token and invalidates the one used (rotation).
 *   Body: url-encoded as documented; JSON is also taken (twitter-api-v2@1 sends JSON).
 * - `POST /2/oauth2/revoke` (token, token_type_hint).
 * Errors: `{error, error_description}` with 400 (401 for client authentication).
 */

const CODE_TTL_MS = 30_000;
const KNOWN_SCOPES = new Set([
  'tweet.read',
  'tweet.write',
  'tweet.moderate.write',
  'users.read',
  'follows.read',
  'follows.write',
  'offline.access',
  'space.read',
  'mute.read',
  'mute.write',
  'like.read',
  'like.write',
  'list.read',
  'list.write',
  'block.read',
  'block.write',
  'bookmark.read',
  'bookmark.write',
  'media.write',
]);

function oauthError(status: number, error: string, description: string): Reply {
  return { status, body: { error, error_description: description } };
}

function basicCredentials(header: string | undefined): { id: string; secret: string } | null {
  const encoded = /^Basic\s+(\S+)$/i.exec(header ?? '')?.[1];
  if (!encoded) return null;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The client making a token request, or the error reply. */
function authenticateClient(peer: PeerContext, request: RequestContext): XOAuthClient | Reply {
  const basic = basicCredentials(typeof request.headers.authorization === 'string' ? request.headers.authorization : undefined);
  const clientId = basic?.id ?? field(request.body, 'client_id');
  const client = clientId ? peer.state.clients.get(clientId) : undefined;
  if (!client) return oauthError(401, 'unauthorized_client', 'Missing valid authorization header');
  if (client.clientSecret !== null && (!basic || !sameSecret(basic.secret, client.clientSecret))) {
    return oauthError(401, 'unauthorized_client', 'Missing valid authorization header');
  }
  return client;
}

function issueTokens(peer: PeerContext, client: XOAuthClient, userId: string, scopes: string[]): Reply {
  const { state, settings, now } = peer;
  const accessToken = state.secret(40);
  state.accessTokens.set(accessToken, {
    token: accessToken,
    userId,
    clientId: client.clientId,
    scopes,
    expiresAt: now() + settings.accessTokenSeconds * 1000,
    revoked: false,
  });
  const body: Record<string, unknown> = {
    token_type: 'bearer',
    expires_in: settings.accessTokenSeconds,
    access_token: accessToken,
    scope: scopes.join(' '),
  };
  if (scopes.includes('offline.access')) {
    const refreshToken = state.secret(40);
    state.refreshTokens.set(refreshToken, { token: refreshToken, userId, clientId: client.clientId, scopes, used: false });
    body.refresh_token = refreshToken;
  }
  return { status: 200, body };
}

function authorize(peer: PeerContext, request: RequestContext): Reply {
  const q = request.query;
  const client = peer.state.clients.get(q.get('client_id') ?? '');
  if (!client) return oauthError(400, 'invalid_request', 'Unknown client_id');
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!client.redirectUris.includes(redirectUri)) return oauthError(400, 'invalid_request', 'redirect_uri does not match');
  if (q.get('response_type') !== 'code') return oauthError(400, 'unsupported_response_type', 'response_type must be code');
  const method = (q.get('code_challenge_method') ?? '').toUpperCase();
  const challenge = q.get('code_challenge') ?? '';
  if (!challenge || (method !== 'S256' && method !== 'PLAIN')) return oauthError(400, 'invalid_request', 'code_challenge required');
  const scopes = (q.get('scope') ?? '').split(/[\s+]+/).filter(Boolean);
  if (scopes.length === 0 || scopes.some((s) => !KNOWN_SCOPES.has(s))) return oauthError(400, 'invalid_scope', 'Invalid scope');
  const state = q.get('state');
  if (!state) return oauthError(400, 'invalid_request', 'state required');
  const users = [...peer.state.users.values()];
  const user = peer.settings.authorizeAs ? users.find((u) => u.username === peer.settings.authorizeAs) : users[0];
  if (!user) return oauthError(400, 'access_denied', 'no user to authorize as');
  const code = peer.state.secret(32);
  peer.state.codes.set(code, {
    code,
    clientId: client.clientId,
    redirectUri,
    userId: user.id,
    scopes,
    challenge,
    challengeMethod: method === 'S256' ? 'S256' : 'plain',
    expiresAt: peer.now() + CODE_TTL_MS,
    used: false,
  });
  const location = new URL(redirectUri);
  location.searchParams.set('state', state);
  location.searchParams.set('code', code);
  return { status: 302, headers: { Location: location.toString() } };
}

function token(peer: PeerContext, request: RequestContext): Reply {
  const client = authenticateClient(peer, request);
  if ('status' in client) return client;
  const grant = field(request.body, 'grant_type');
  if (grant === 'authorization_code') {
    const code = peer.state.codes.get(field(request.body, 'code') ?? '');
    const verifier = field(request.body, 'code_verifier') ?? '';
    if (!code || code.used || code.clientId !== client.clientId || code.expiresAt < peer.now()) {
      return oauthError(400, 'invalid_request', 'Value passed for the authorization code was invalid.');
    }
    if (field(request.body, 'redirect_uri') !== code.redirectUri) return oauthError(400, 'invalid_request', 'redirect_uri does not match');
    const expected = code.challengeMethod === 'S256' ? createHash('sha256').update(verifier).digest('base64url') : verifier;
    if (!verifier || expected !== code.challenge)
      return oauthError(400, 'invalid_request', 'Value passed for the code verifier was invalid.');
    code.used = true;
    return issueTokens(peer, client, code.userId, code.scopes);
  }
  if (grant === 'refresh_token') {
    const stored = peer.state.refreshTokens.get(field(request.body, 'refresh_token') ?? '');
    if (!stored || stored.used || stored.clientId !== client.clientId) {
      return oauthError(400, 'invalid_request', 'Value passed for the token was invalid.');
    }
    stored.used = true;
    return issueTokens(peer, client, stored.userId, stored.scopes);
  }
  return oauthError(400, 'invalid_request', 'Missing required parameter [grant_type].');
}

function revoke(peer: PeerContext, request: RequestContext): Reply {
  const client = authenticateClient(peer, request);
  if ('status' in client) return client;
  const value = field(request.body, 'token') ?? '';
  const access = peer.state.accessTokens.get(value);
  if (access && access.clientId === client.clientId) access.revoked = true;
  const refresh = peer.state.refreshTokens.get(value);
  if (refresh && refresh.clientId === client.clientId) refresh.used = true;
  return { status: 200, body: { revoked: true } };
}

export const oauthRoutes: Route[] = [
  { method: 'GET', pattern: /^\/i\/oauth2\/authorize$/, auth: 'none', handle: authorize },
  { method: 'POST', pattern: /^\/2\/oauth2\/token$/, auth: 'none', handle: token },
  { method: 'POST', pattern: /^\/2\/oauth2\/revoke$/, auth: 'none', handle: revoke },
];
