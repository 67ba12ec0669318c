import { createHash } from 'node:crypto';
import { credentialApplicationJson, applicationJson } from './entities.js';
import { error, str, type Reply } from './http.js';
import { SCOPE_PATTERN, type PeerContext, type RequestContext, type Route } from './routing.js';
import type { PeerApp, PeerToken } from './store.js';

/**
 * App registration and OAuth 2 (docs.joinmastodon.org/methods/apps, /methods/oauth, /spec/oauth):
 * `POST /api/v1/apps`, `GET /oauth/authorize` (approves at once, as the configured account),
 * `POST /oauth/token` (authorization_code with optional PKCE S256, client_credentials),
 * `POST /oauth/revoke`. Doorkeeper's error bodies: `{"error", "error_description"}`.
 */

export const OOB = 'urn:ietf:wg:oauth:2.0:oob';
const CODE_LIFETIME_MS = 10 * 60 * 1000;

const INVALID_CLIENT = (): Reply =>
  error(401, 'invalid_client', {
    error_description:
      'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.',
  });
const INVALID_GRANT = (): Reply =>
  error(400, 'invalid_grant', {
    error_description:
      'The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.',
  });
const INVALID_SCOPE = (): Reply =>
  error(400, 'invalid_scope', { error_description: 'The requested scope is invalid, unknown, or malformed.' });

function parseScopes(value: string | undefined): string[] {
  const scopes = (value ?? 'read').split(/[\s+]+/).filter(Boolean);
  return scopes.length > 0 ? scopes : ['read'];
}

function isAbsoluteUri(value: string): boolean {
  if (value === OOB) return true;
  try {
    return Boolean(new URL(value).protocol);
  } catch {
    return false;
  }
}

function createApp(peer: PeerContext, request: RequestContext): Reply {
  const name = str(request.params, 'client_name')?.trim();
  if (!name) return error(422, "Validation failed: Application name can't be blank");
  const redirectParam = request.params.redirect_uris;
  const redirectUris = (Array.isArray(redirectParam) ? redirectParam : (str(request.params, 'redirect_uris') ?? '').split('\n'))
    .map((u) => u.trim())
    .filter(Boolean);
  if (redirectUris.length === 0) return error(422, "Validation failed: Redirect URI can't be blank");
  if (!redirectUris.every(isAbsoluteUri)) return error(422, 'Validation failed: Redirect URI must be an absolute URI.');
  const scopes = parseScopes(str(request.params, 'scopes'));
  if (!scopes.every((s) => SCOPE_PATTERN.test(s))) return error(422, 'Validation failed: Scopes are invalid');
  const app: PeerApp = {
    id: String(peer.state.apps.size + 1),
    name,
    website: str(request.params, 'website') || null,
    redirectUris,
    scopes,
    clientId: peer.state.secret(),
    clientSecret: peer.state.secret(),
  };
  peer.state.apps.set(app.id, app);
  return { status: 200, body: credentialApplicationJson(app) };
}

function verifyApp(peer: PeerContext, request: RequestContext): Reply {
  const app = request.token ? peer.state.apps.get(request.token.appId) : undefined;
  if (!app) return error(401, 'The access token is invalid');
  return {
    status: 200,
    body: { ...applicationJson(app), scopes: app.scopes, redirect_uris: app.redirectUris, redirect_uri: app.redirectUris.join('\n') },
  };
}

function redirectWith(redirectUri: string, values: Record<string, string | undefined>): Reply {
  const target = new URL(redirectUri);
  for (const [key, value] of Object.entries(values)) if (value !== undefined) target.searchParams.set(key, value);
  return { status: 302, headers: { Location: target.toString() }, text: '' };
}

function authorize(peer: PeerContext, request: RequestContext): Reply {
  const q = request.query;
  const app = [...peer.state.apps.values()].find((a) => a.clientId === q.get('client_id'));
  if (!app) return INVALID_CLIENT();
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!app.redirectUris.includes(redirectUri)) {
    return error(400, 'invalid_redirect_uri', {
      error_description: "The requested redirect uri is malformed or doesn't match client redirect URI.",
    });
  }
  const state = q.get('state') ?? undefined;
  const fail = (code: string, description: string): Reply =>
    redirectUri === OOB
      ? error(400, code, { error_description: description })
      : redirectWith(redirectUri, { error: code, error_description: description, state });
  if (q.get('response_type') !== 'code')
    return fail('unsupported_response_type', 'The authorization server does not support this response type.');
  const scopes = parseScopes(q.get('scope') ?? undefined);
  if (!scopes.every((s) => app.scopes.includes(s))) return fail('invalid_scope', 'The requested scope is invalid, unknown, or malformed.');
  const challenge = q.get('code_challenge');
  if (challenge && q.get('code_challenge_method') !== 'S256') return fail('invalid_request', 'The code_challenge_method must be S256.');
  const account = peer.settings.authorizeAs
    ? peer.state.accountByUsername(peer.settings.authorizeAs)
    : [...peer.state.accounts.values()][0];
  if (!account) return fail('access_denied', 'The resource owner or authorization server denied the request.');
  const code = peer.state.secret();
  peer.state.codes.set(code, {
    code,
    appId: app.id,
    accountId: account.id,
    redirectUri,
    scopes,
    codeChallenge: challenge,
    expiresAt: peer.now() + CODE_LIFETIME_MS,
    used: false,
  });
  if (redirectUri === OOB) {
    return {
      status: 200,
      contentType: 'text/html; charset=utf-8',
      text: `<!doctype html><title>Authorization code</title><input class="oauth-code" readonly value="${code}">`,
    };
  }
  return redirectWith(redirectUri, { code, state });
}

/** Client credentials from the body or from HTTP Basic, as Doorkeeper accepts them. */
function authenticateClient(peer: PeerContext, request: RequestContext): PeerApp | null {
  let clientId = str(request.params, 'client_id');
  let clientSecret = str(request.params, 'client_secret');
  const basic = /^Basic\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1];
  if (basic) {
    const [id, secret] = Buffer.from(basic, 'base64').toString('utf8').split(':');
    clientId = decodeURIComponent(id ?? '');
    clientSecret = decodeURIComponent(secret ?? '');
  }
  const app = [...peer.state.apps.values()].find((a) => a.clientId === clientId);
  return app && app.clientSecret === clientSecret ? app : null;
}

function issue(peer: PeerContext, app: PeerApp, accountId: string | null, scopes: string[]): Reply {
  const token: PeerToken = {
    token: peer.state.secret(),
    appId: app.id,
    accountId,
    scopes,
    createdAt: new Date(peer.now()),
    revoked: false,
  };
  peer.state.tokens.set(token.token, token);
  return {
    status: 200,
    headers: { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
    body: {
      access_token: token.token,
      token_type: 'Bearer',
      scope: scopes.join(' '),
      created_at: Math.floor(token.createdAt.getTime() / 1000),
    },
  };
}

function token(peer: PeerContext, request: RequestContext): Reply {
  const grantType = str(request.params, 'grant_type');
  if (grantType !== 'authorization_code' && grantType !== 'client_credentials') {
    return error(400, 'unsupported_grant_type', {
      error_description: 'The authorization grant type is not supported by the authorization server.',
    });
  }
  const app = authenticateClient(peer, request);
  if (!app) return INVALID_CLIENT();
  if (grantType === 'client_credentials') {
    const scopes = parseScopes(str(request.params, 'scope'));
    if (!scopes.every((s) => app.scopes.includes(s))) return INVALID_SCOPE();
    return issue(peer, app, null, scopes);
  }
  const code = peer.state.codes.get(str(request.params, 'code') ?? '');
  if (
    !code ||
    code.used ||
    code.appId !== app.id ||
    code.expiresAt < peer.now() ||
    code.redirectUri !== str(request.params, 'redirect_uri')
  ) {
    return INVALID_GRANT();
  }
  if (code.codeChallenge) {
    const verifier = str(request.params, 'code_verifier') ?? '';
    if (createHash('sha256').update(verifier).digest('base64url') !== code.codeChallenge) return INVALID_GRANT();
  }
  code.used = true;
  return issue(peer, app, code.accountId, code.scopes);
}

function revoke(peer: PeerContext, request: RequestContext): Reply {
  const app = authenticateClient(peer, request);
  const forbidden = error(403, 'unauthorized_client', { error_description: 'You are not authorized to revoke this token' });
  if (!app) return forbidden;
  const found = peer.state.tokens.get(str(request.params, 'token') ?? '');
  // RFC 7009: an unknown token is not an error; revoking twice is fine.
  if (!found) return { status: 200, body: {} };
  if (found.appId !== app.id) return forbidden;
  found.revoked = true;
  return { status: 200, body: {} };
}

export const oauthRoutes: Route[] = [
  { method: 'POST', pattern: /^\/api\/v1\/apps$/, auth: 'none', handle: createApp },
  { method: 'GET', pattern: /^\/api\/v1\/apps\/verify_credentials$/, auth: 'app', handle: verifyApp },
  { method: 'GET', pattern: /^\/oauth\/authorize$/, auth: 'none', handle: authorize },
  { method: 'POST', pattern: /^\/oauth\/token$/, auth: 'none', handle: token },
  { method: 'POST', pattern: /^\/oauth\/revoke$/, auth: 'none', handle: revoke },
];
