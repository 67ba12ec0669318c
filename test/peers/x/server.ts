import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { BodyTooLarge, bearerToken, readBody, sendJson, startHttpPeer } from '../kit/http.js';
import { type Fault, FaultSwitches } from './faults.js';
import { type Body, MAX_BODY_BYTES, parseBody, problem, type Reply, TOO_MANY, UNAUTHORIZED } from './http.js';
import { mediaRoutes } from './media-routes.js';
import { oauthRoutes } from './oauth-routes.js';
import { type RateLimitConfig, RateLimiter, rateLimitHeaders, X_RATE_LIMITS } from './rate-limit.js';
import type { PeerContext, PeerSettings, RequestContext, Route } from './routing.js';
import { tweetRoutes } from './tweet-routes.js';
import { type XAccessToken, type XOAuthClient, XPeerState, type XUser } from './store.js';

/**
 * A local server speaking the parts of X API v2 Kanaal uses, shaped after X's documentation
 * (docs.x.com): OAuth 2.0 authorization code with PKCE and rotating refresh tokens, users/me,
 * media upload v2 (initialize/append/finalize) and alt text metadata, create/delete tweets with
 * the duplicate-content refusal and t.co wrapping, the user tweet timeline, per-user rate limits
 * with `x-rate-limit-*` headers and 429s, and fault switches (`faults.ts`) for the failures a
 * publisher must survive without posting twice. One host serves what X splits over x.com (the
 * authorize page) and api.x.com. Listens on 127.0.0.1, port chosen by the system.
 */

export type XPeerOptions = {
  authorizeAs?: string;
  duplicateWindowMs?: number;
  accessTokenSeconds?: number;
  rateLimits?: Partial<RateLimitConfig>;
};

export type CreatedUser = { user: XUser; accessToken: string; refreshToken: string; client: XOAuthClient };

export type XPeer = {
  /** http://127.0.0.1:PORT — stands in for https://api.x.com (and https://x.com for /i/oauth2/authorize). */
  url: string;
  state: XPeerState;
  faults: FaultSwitches;
  settings: PeerSettings;
  /** A confidential client (with secret) or public client (`secret: false`) registered for `redirectUris`. */
  createClient(input?: { redirectUris?: string[]; secret?: boolean }): XOAuthClient;
  /** Adds a user with tokens issued to a built-in confidential client, as if they had authorised it. */
  createUser(input: { username: string; name?: string; scopes?: string[] }): CreatedUser;
  advanceClock(ms: number): void;
  settled(): Promise<void>;
  close(): Promise<void>;
};

export const DEFAULT_SCOPES = ['tweet.read', 'tweet.write', 'users.read', 'media.write', 'offline.access'];
const ROUTES: Route[] = [...oauthRoutes, ...tweetRoutes, ...mediaRoutes];

function faultReply(fault: Fault | null): Reply | null {
  if (fault?.kind === 'status500') return problem(500, 'Internal Server Error', 'Internal Server Error');
  if (fault?.kind === 'status503') return problem(503, 'Service Unavailable', 'Service Unavailable');
  return null;
}

export async function startXPeer(options: XPeerOptions = {}): Promise<XPeer> {
  let clockOffset = 0;
  const now = (): number => Date.now() + clockOffset;
  const state = new XPeerState(now);
  const faults = new FaultSwitches();
  const settings: PeerSettings = {
    authorizeAs: options.authorizeAs ?? null,
    duplicateWindowMs: options.duplicateWindowMs ?? 24 * 60 * 60_000,
    accessTokenSeconds: options.accessTokenSeconds ?? 7200,
    rateLimits: { ...X_RATE_LIMITS, ...options.rateLimits },
  };
  const limiter = new RateLimiter(() => settings.rateLimits, now);

  const http = await startHttpPeer(handle, { onError: (res) => send(res, problem(500, 'Internal Server Error', 'Internal Server Error')) });
  const { url } = http;
  const context: PeerContext = { baseUrl: url, state, settings, now };

  function validToken(req: IncomingMessage): XAccessToken | null {
    const raw = bearerToken(req);
    const token = raw ? state.accessTokens.get(raw) : undefined;
    return token && !token.revoked && token.expiresAt > now() ? token : null;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestUrl = new URL(req.url ?? '/', url);
    const method = (req.method ?? 'GET').toUpperCase();
    const path = requestUrl.pathname;
    const log = { method, path, at: new Date(now()), outcome: 0 as number | 'cut-before-store' | 'cut-after-store' };
    state.requests.push(log);
    let raw: Buffer;
    try {
      raw = await readBody(req, MAX_BODY_BYTES);
    } catch (cause) {
      if (!(cause instanceof BodyTooLarge)) throw cause;
      log.outcome = 413;
      return send(res, problem(413, 'Payload Too Large', 'Request entity too large'));
    }
    const fault = faults.take(method, path);
    if (fault?.kind === 'cutBeforeStore') {
      log.outcome = 'cut-before-store';
      res.socket?.destroy();
      return;
    }
    if (fault?.kind === 'slow') await sleep(fault.delayMs, undefined, { signal: http.closing }).catch(() => undefined);

    const found = ROUTES.find((r) => r.method === method && r.pattern.test(path));
    const token = validToken(req);
    const verdict = found?.endpoint ? limiter.hit(found.endpoint, token ? `user:${token.userId}` : `ip:${req.socket.remoteAddress}`) : null;

    let reply: Reply;
    const afterStore = (fault?.kind === 'status500' || fault?.kind === 'status503') && fault.afterStore;
    if (fault?.kind === 'status429') {
      const retryAfter = fault.retryAfterSeconds ?? 900;
      const limit = found?.endpoint ? (settings.rateLimits[found.endpoint][0]?.limit ?? 0) : 0;
      reply = { ...TOO_MANY(), headers: rateLimitHeaders(limit, 0, now() + retryAfter * 1000) };
    } else if (fault?.kind === 'expiredToken') {
      reply = UNAUTHORIZED();
    } else if (!afterStore && faultReply(fault)) {
      reply = faultReply(fault) as Reply;
    } else if (verdict?.exceeded) {
      reply = TOO_MANY();
    } else {
      reply = await route(found, req, method, path, requestUrl.searchParams, raw, token);
    }
    if (verdict && fault?.kind !== 'status429') reply = { ...reply, headers: { ...verdict.headers, ...reply.headers } };

    if (fault?.kind === 'cutAfterStore') {
      log.outcome = 'cut-after-store';
      res.socket?.destroy();
      return;
    }
    if (afterStore) reply = { ...(faultReply(fault) as Reply), headers: reply.headers };
    log.outcome = reply.status;
    send(res, reply);
  }

  async function route(
    found: Route | undefined,
    req: IncomingMessage,
    method: string,
    path: string,
    query: URLSearchParams,
    raw: Buffer,
    token: XAccessToken | null,
  ): Promise<Reply> {
    const match = found?.pattern.exec(path);
    if (!found || !match) return problem(404, 'Not Found Error', `Sorry, that page does not exist.`);
    if (found.auth === 'user') {
      if (!token) return UNAUTHORIZED();
      if (found.scopes && !found.scopes.every((s) => token.scopes.includes(s))) return problem(403, 'Forbidden', 'Forbidden');
    }
    let body: Body;
    try {
      body = parseBody(req.headers['content-type'], raw);
    } catch {
      return problem(400, 'Invalid Request', 'Request body is not valid JSON.', 'https://api.twitter.com/2/problems/invalid-request');
    }
    const request: RequestContext = {
      method,
      path,
      query,
      body,
      headers: req.headers,
      token,
      user: token ? (state.users.get(token.userId) ?? null) : null,
    };
    return found.handle(context, request, match);
  }

  function createClient(input: { redirectUris?: string[]; secret?: boolean } = {}): XOAuthClient {
    const client: XOAuthClient = {
      clientId: state.secret(16),
      clientSecret: input.secret === false ? null : state.secret(32),
      redirectUris: input.redirectUris ?? ['http://127.0.0.1/callback'],
    };
    state.clients.set(client.clientId, client);
    return client;
  }

  let builtIn: XOAuthClient | null = null;
  function createUser(input: { username: string; name?: string; scopes?: string[] }): CreatedUser {
    if ([...state.users.values()].some((u) => u.username === input.username)) throw new Error(`user ${input.username} exists`);
    const user: XUser = { id: state.nextId(), username: input.username, name: input.name ?? input.username, createdAt: new Date(now()) };
    state.users.set(user.id, user);
    builtIn ??= createClient();
    const scopes = input.scopes ?? DEFAULT_SCOPES;
    const accessToken = state.secret(40);
    state.accessTokens.set(accessToken, {
      token: accessToken,
      userId: user.id,
      clientId: builtIn.clientId,
      scopes,
      expiresAt: now() + settings.accessTokenSeconds * 1000,
      revoked: false,
    });
    const refreshToken = state.secret(40);
    state.refreshTokens.set(refreshToken, { token: refreshToken, userId: user.id, clientId: builtIn.clientId, scopes, used: false });
    return { user, accessToken, refreshToken, client: builtIn };
  }

  return {
    url,
    state,
    faults,
    settings,
    createClient,
    createUser,
    advanceClock: (ms) => {
      clockOffset += ms;
    },
    settled: http.settled,
    close: http.close,
  };
}

function send(res: ServerResponse, reply: Reply): void {
  sendJson(res, reply, 'application/json; charset=utf-8');
}
