import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { BodyTooLarge, bearerToken, readBody, sendJson, sendPayload, startHttpPeer } from '../kit/http.js';
import { FaultSwitches, type Fault } from './faults.js';
import { error, fromSearchParams, MAX_BODY_BYTES, parseBody, type Reply } from './http.js';
import { mediaRoutes } from './media-routes.js';
import { oauthRoutes } from './oauth-routes.js';
import { MASTODON_RATE_LIMITS, RateLimiter, type RateLimitConfig } from './rate-limit.js';
import { hasScope, type PeerContext, type PeerSettings, type RequestContext, type Route } from './routing.js';
import { searchRoutes } from './search-routes.js';
import { statusRoutes } from './status-routes.js';
import { PeerState, type PeerAccount, type PeerApp, type PeerToken } from './store.js';

/**
 * A local server speaking the Mastodon REST API for the endpoints Kanaal uses, shaped after the
 * Mastodon API documentation (docs.joinmastodon.org): apps + OAuth, verify_credentials, account
 * statuses, v2 media with background processing, statuses with Idempotency-Key, instance, account
 * search (search-routes.ts), bearer tokens and scopes on every API call, rate-limit headers and 429s, and fault switches
 * (`faults.ts`) for the failures a publisher must survive without posting twice.
 * Listens on 127.0.0.1, port chosen by the system. No streaming API.
 */

export type MastodonPeerOptions = {
  mediaProcessingPolls?: number;
  maxCharacters?: number;
  authorizeAs?: string;
  rateLimits?: Partial<RateLimitConfig>;
  searchRequiresAuth?: boolean;
};

export type CreatedAccount = { account: PeerAccount; accessToken: string };

export type MastodonPeer = {
  /** http://127.0.0.1:PORT — the instance URL. */
  url: string;
  port: number;
  /** The instance's domain as accounts see it (`127.0.0.1:PORT`). */
  domain: string;
  state: PeerState;
  faults: FaultSwitches;
  accounts: Map<string, PeerAccount>;
  /** Mutable: tests change media processing, limits or the authorising account between calls. */
  settings: PeerSettings;
  /**
   * Adds a local account and a user token for it (issued to a built-in app), as if it had authorised an app.
   * With `domain`, an account of another instance that this one knows (found by search, no token use).
   */
  createAccount(input: { username: string; displayName?: string; language?: string; scopes?: string[]; domain?: string }): CreatedAccount;
  /** Moves the peer's clock (idempotency window, rate-limit windows, code expiry). */
  advanceClock(ms: number): void;
  /** Resolves once no request is being handled (a slow request may finish after its client gave up). */
  settled(): Promise<void>;
  close(): Promise<void>;
};

const ROUTES: Route[] = [...oauthRoutes, ...statusRoutes, ...mediaRoutes, ...searchRoutes];

const INVALID_TOKEN = 'The access token is invalid';

function unauthorized(message: string): Reply {
  return {
    status: 401,
    headers: { 'WWW-Authenticate': `Bearer realm="Doorkeeper", error="invalid_token", error_description="${message}"` },
    body: { error: message },
  };
}

function serverError(html: boolean | undefined): Reply {
  return html
    ? {
        status: 500,
        contentType: 'text/html; charset=utf-8',
        text: "<!DOCTYPE html><html><body><h1>We're sorry, but something went wrong.</h1></body></html>",
      }
    : error(500, 'Internal server error');
}

export async function startMastodonPeer(options: MastodonPeerOptions = {}): Promise<MastodonPeer> {
  let clockOffset = 0;
  const now = (): number => Date.now() + clockOffset;
  const state = new PeerState(now);
  const faults = new FaultSwitches();
  const settings: PeerSettings = {
    mediaProcessingPolls: options.mediaProcessingPolls ?? 0,
    maxCharacters: options.maxCharacters ?? 500,
    authorizeAs: options.authorizeAs ?? null,
    rateLimits: { ...MASTODON_RATE_LIMITS, ...options.rateLimits },
    searchRequiresAuth: options.searchRequiresAuth ?? false,
  };
  const limiter = new RateLimiter(() => settings.rateLimits, now);

  const http = await startHttpPeer(handle, { onError: (res) => send(res, error(500, 'Internal server error')) });
  const { url, port } = http;
  const domain = `127.0.0.1:${port}`;
  const context: PeerContext = { baseUrl: url, domain, state, settings, now };

  function bearer(req: IncomingMessage): { raw: string | null; token: PeerToken | null } {
    const raw = bearerToken(req) ?? null;
    return { raw, token: raw ? (state.tokens.get(raw) ?? null) : null };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestUrl = new URL(req.url ?? '/', url);
    const method = (req.method ?? 'GET').toUpperCase();
    const path = requestUrl.pathname;
    const key = req.headers['idempotency-key'];
    const log = {
      method,
      path,
      at: new Date(now()),
      idempotencyKey: typeof key === 'string' ? key : null,
      outcome: 0 as number | 'cut-before-store' | 'cut-after-store',
    };
    state.requests.push(log);

    let body: Buffer;
    try {
      body = await readBody(req, MAX_BODY_BYTES);
    } catch (cause) {
      if (!(cause instanceof BodyTooLarge)) throw cause;
      log.outcome = 413;
      return send(res, error(413, 'Request entity too large'));
    }
    const fault: Fault | null = faults.take(method, path);
    if (fault?.kind === 'cutBeforeStore') {
      log.outcome = 'cut-before-store';
      res.socket?.destroy();
      return;
    }
    if (fault?.kind === 'slow') await sleep(fault.delayMs, undefined, { signal: http.closing }).catch(() => undefined);

    const { token } = bearer(req);
    const api = path.startsWith('/api/');
    const validToken = token && !token.revoked ? token : null;
    const verdict = api
      ? limiter.hit(method, path, validToken?.accountId ? `account:${validToken.accountId}` : `ip:${req.socket.remoteAddress}`)
      : null;

    let reply: Reply;
    if (fault?.kind === 'status429') {
      const retryAfter = fault.retryAfterSeconds ?? 30;
      reply = {
        ...error(429, 'Too many requests'),
        headers: {
          'Retry-After': String(retryAfter),
          'X-RateLimit-Limit': String(settings.rateLimits.api.limit),
          'X-RateLimit-Remaining': '0',
          'X-RateLimit-Reset': new Date(now() + retryAfter * 1000).toISOString(),
        },
      };
    } else if (fault?.kind === 'expiredToken') {
      reply = unauthorized('The access token expired');
    } else if (fault?.kind === 'status500' && !fault.afterStore) {
      reply = serverError(fault.html);
    } else if (verdict?.exceeded) {
      reply = error(429, 'Too many requests');
    } else {
      reply = await route(req, method, path, requestUrl.searchParams, body);
    }
    if (verdict && fault?.kind !== 'status429') reply = { ...reply, headers: { ...verdict.headers, ...reply.headers } };

    if (fault?.kind === 'cutAfterStore') {
      log.outcome = 'cut-after-store';
      res.socket?.destroy();
      return;
    }
    if (fault?.kind === 'status500' && fault.afterStore) reply = { ...serverError(fault.html), headers: reply.headers };
    log.outcome = reply.status;
    send(res, reply);
  }

  async function route(req: IncomingMessage, method: string, path: string, query: URLSearchParams, body: Buffer): Promise<Reply> {
    const found = ROUTES.find((r) => r.method === method && r.pattern.test(path));
    const match = found?.pattern.exec(path);
    if (!found || !match)
      return path.startsWith('/api/') ? error(404, 'Record not found') : { status: 404, contentType: 'text/plain', text: 'Not found' };

    const { raw, token } = bearer(req);
    if (found.auth !== 'none') {
      if (!raw || !token) return unauthorized(INVALID_TOKEN);
      if (token.revoked) return unauthorized('The access token was revoked');
      if (found.auth === 'user' && !token.accountId) return error(422, 'This method requires an authenticated user');
      if (found.scopes && !found.scopes.some((s) => hasScope(token.scopes, s)))
        return error(403, 'This action is outside the authorized scopes');
    }
    let params: RequestContext['params'];
    try {
      params = await parseBody(req.headers['content-type'], body);
    } catch {
      return error(400, 'Error occurred while parsing request parameters.');
    }
    // Rails merges query parameters into params; the OAuth token endpoint accepts either.
    if (path.startsWith('/oauth/')) params = { ...fromSearchParams(query), ...params };
    const request: RequestContext = {
      method,
      path,
      query,
      params,
      headers: req.headers,
      token: token && !token.revoked ? token : null,
      account: token?.accountId && !token.revoked ? (state.accounts.get(token.accountId) ?? null) : null,
    };
    return found.handle(context, request, match);
  }

  let testApp: PeerApp | null = null;
  function createAccount(input: { username: string; displayName?: string; language?: string; scopes?: string[]; domain?: string }): CreatedAccount {
    if (!input.domain && state.accountByUsername(input.username)) throw new Error(`account ${input.username} exists`);
    const account: PeerAccount = {
      id: state.nextId(),
      username: input.username,
      displayName: input.displayName ?? input.username,
      createdAt: new Date(now()),
      note: '',
      locked: false,
      bot: false,
      language: input.language ?? 'en',
      ...(input.domain ? { domain: input.domain.toLowerCase() } : {}),
    };
    state.accounts.set(account.id, account);
    if (!testApp) {
      testApp = {
        id: String(state.apps.size + 1),
        name: 'Peer test app',
        website: null,
        redirectUris: ['urn:ietf:wg:oauth:2.0:oob'],
        scopes: ['read', 'write', 'follow', 'push', 'profile'],
        clientId: state.secret(),
        clientSecret: state.secret(),
      };
      state.apps.set(testApp.id, testApp);
    }
    const token: PeerToken = {
      token: state.secret(),
      appId: testApp.id,
      accountId: account.id,
      scopes: input.scopes ?? ['read', 'write'],
      createdAt: new Date(now()),
      revoked: false,
    };
    state.tokens.set(token.token, token);
    return { account, accessToken: token.token };
  }

  return {
    url,
    port,
    domain,
    state,
    faults,
    accounts: state.accounts,
    settings,
    createAccount,
    advanceClock: (ms) => {
      clockOffset += ms;
    },
    settled: http.settled,
    close: http.close,
  };
}

/** JSON as Rails renders it, or a text page (`text`) with its own content type. */
function send(res: ServerResponse, reply: Reply): void {
  if (reply.text === undefined) {
    sendJson(res, reply, 'application/json; charset=utf-8');
    return;
  }
  const headers = reply.contentType ? { ...reply.headers, 'Content-Type': reply.contentType } : { ...reply.headers };
  sendPayload(res, reply.status, headers, reply.text);
}
