import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { BodyTooLarge, bearerToken, readBody, sendJson, startHttpPeer } from '../kit/http.js';
import { MAX_BODY_BYTES, parseBody, type Reply } from '../x/http.js';
import { apiRoutes } from './api-routes.js';
import { type Fault, FaultSwitches } from './faults.js';
import { oauthRoutes } from './oauth-routes.js';
import { type PeerContext, type PeerSettings, type RateLimitBucket, type RequestContext, type Route, yammerError } from './routing.js';
import { type VeAccessToken, type VeClient, type VeGroup, type VeMessage, type VeUser, VivaEngagePeerState } from './store.js';

/**
 * A local server speaking the parts of the Yammer REST API v1 and of the Microsoft identity
 * platform that Kanaal's Viva Engage connector uses (see api-routes.ts and oauth-routes.ts): one
 * host stands in for www.yammer.com, filesng.yammer.com and login.microsoftonline.com. Bearer
 * tokens expire; rate limits follow Yammer's documented endpoint types ("Messages: 10 requests in
 * 30 seconds", "All other endpoints: 10 requests in 10 seconds", per user per app) with 429 and
 * Retry-After; fault switches (faults.ts) produce the failures a publisher must survive without
 * posting twice. Listens on 127.0.0.1, port chosen by the system.
 */

export type VivaEngagePeerOptions = { accessTokenSeconds?: number; rateLimits?: Partial<PeerSettings['rateLimits']> };
export type CreatedUser = { user: VeUser; accessToken: string; refreshToken: string; client: VeClient };

export type VivaEngagePeer = {
  /** http://127.0.0.1:PORT — API base, files base and login base at once. */
  url: string;
  state: VivaEngagePeerState;
  faults: FaultSwitches;
  settings: PeerSettings;
  /** An app registration in `tenant` (default "contoso"); `secret: false` makes a public client. */
  createClient(input?: { redirectUris?: string[]; secret?: boolean; tenant?: string }): VeClient;
  /** Adds a user with tokens issued to a built-in confidential client, as if they had consented. */
  createUser(input: { name: string; fullName?: string; email?: string }): CreatedUser;
  createGroup(input: { name: string; members: VeUser[]; privacy?: 'public' | 'private' }): VeGroup;
  /** Stores a message as if `user` had posted it at `at` (default now), without a request. */
  postAs(user: VeUser, group: VeGroup, body: string, at?: number): VeMessage;
  advanceClock(ms: number): void;
  settled(): Promise<void>;
  close(): Promise<void>;
};

export const TENANT = 'contoso';
export const DEFAULT_SCOPES = ['https://api.yammer.com/user_impersonation', 'offline_access'];
const ROUTES: Route[] = [...oauthRoutes, ...apiRoutes];

function faultReply(fault: Fault | null): Reply | null {
  if (fault?.kind === 'status500') return yammerError(500, 'Internal Server Error', 500);
  if (fault?.kind === 'status503') return yammerError(503, 'Service Unavailable', 503);
  return null;
}

export async function startVivaEngagePeer(options: VivaEngagePeerOptions = {}): Promise<VivaEngagePeer> {
  let clockOffset = 0;
  const now = (): number => Date.now() + clockOffset;
  const state = new VivaEngagePeerState(now);
  const faults = new FaultSwitches();
  const settings: PeerSettings = {
    authorizeAs: null,
    accessTokenSeconds: options.accessTokenSeconds ?? 3600,
    rotateRefreshTokens: true,
    rateLimits: { messages: { limit: 10, periodSeconds: 30 }, other: { limit: 10, periodSeconds: 10 }, ...options.rateLimits },
  };
  const counts = new Map<string, number>();

  const http = await startHttpPeer(handle, { onError: (res) => send(res, yammerError(500, 'Internal Server Error', 500)) });
  const { url } = http;
  const context: PeerContext = { baseUrl: url, state, settings, now };

  function validToken(req: IncomingMessage): VeAccessToken | null {
    const raw = bearerToken(req);
    const token = raw ? state.accessTokens.get(raw) : undefined;
    return token && !token.revoked && token.expiresAt > now() ? token : null;
  }

  /** Fixed windows per user per app; the seconds until the window ends when over the limit. */
  function overLimit(bucket: RateLimitBucket, token: VeAccessToken): number | null {
    const rule = settings.rateLimits[bucket];
    const periodMs = rule.periodSeconds * 1000;
    const windowStart = Math.floor(now() / periodMs) * periodMs;
    const key = `${bucket}:${token.userId}:${token.clientId}:${windowStart}`;
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    return count > rule.limit ? Math.max(1, Math.ceil((windowStart + periodMs - now()) / 1000)) : null;
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
      return send(res, yammerError(413, 'Request entity too large', 413));
    }
    const fault = faults.take(method, path);
    if (fault?.kind === 'cutBeforeStore') {
      log.outcome = 'cut-before-store';
      res.socket?.destroy();
      return;
    }
    if (fault?.kind === 'slow') await sleep(fault.delayMs, undefined, { signal: http.closing }).catch(() => undefined);

    const afterStore = (fault?.kind === 'status500' || fault?.kind === 'status503') && fault.afterStore;
    let reply: Reply;
    if (fault?.kind === 'status429') {
      const retryAfter = fault.retryAfterSeconds === undefined ? 30 : fault.retryAfterSeconds;
      reply = yammerError(429, 'Rate limited due to excessive requests.', 33);
      if (retryAfter !== null) reply.headers = { 'Retry-After': String(retryAfter) };
    } else if (fault?.kind === 'expiredToken') {
      reply = yammerError(401, 'Token expired.', 16);
    } else if (!afterStore && faultReply(fault)) {
      reply = faultReply(fault) as Reply;
    } else {
      reply = await route(req, method, path, requestUrl.searchParams, raw);
    }
    if (fault?.kind === 'cutAfterStore') {
      log.outcome = 'cut-after-store';
      res.socket?.destroy();
      return;
    }
    if (afterStore) reply = faultReply(fault) as Reply;
    log.outcome = reply.status;
    send(res, reply);
  }

  async function route(req: IncomingMessage, method: string, path: string, query: URLSearchParams, raw: Buffer): Promise<Reply> {
    const found = ROUTES.find((r) => r.method === method && r.pattern.test(path));
    const match = found?.pattern.exec(path);
    if (!found || !match) return yammerError(404, 'Not found', 404);
    const token = validToken(req);
    if (found.auth === 'user') {
      if (!token) return yammerError(401, 'Token not found.', 16);
      const wait = found.bucket ? overLimit(found.bucket, token) : null;
      if (wait !== null)
        return { ...yammerError(429, 'Rate limited due to excessive requests.', 33), headers: { 'Retry-After': String(wait) } };
    }
    let body: RequestContext['body'];
    try {
      body = parseBody(req.headers['content-type'], raw);
    } catch {
      return yammerError(400, 'The request body is not valid JSON.', 400);
    }
    const isForm = (req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
    const form = isForm ? new URLSearchParams(raw.toString('utf8')) : null;
    const request: RequestContext = {
      method,
      path,
      query,
      headers: req.headers,
      body,
      all: (key) => (form ? form.getAll(key) : []),
      token,
      user: token ? (state.users.get(token.userId) ?? null) : null,
    };
    return found.handle(context, request, match);
  }

  function createClient(input: { redirectUris?: string[]; secret?: boolean; tenant?: string } = {}): VeClient {
    const client: VeClient = {
      clientId: randomUUID(),
      clientSecret: input.secret === false ? null : state.secret(30),
      redirectUris: input.redirectUris ?? ['http://127.0.0.1/callback'],
      tenant: input.tenant ?? TENANT,
    };
    state.clients.set(client.clientId, client);
    return client;
  }

  let builtIn: VeClient | null = null;
  function createUser(input: { name: string; fullName?: string; email?: string }): CreatedUser {
    if ([...state.users.values()].some((u) => u.name === input.name)) throw new Error(`user ${input.name} exists`);
    const user: VeUser = {
      id: state.nextId(),
      networkId: state.network.id,
      name: input.name,
      fullName: input.fullName ?? input.name,
      email: input.email ?? `${input.name}@stad.gent`,
    };
    state.users.set(user.id, user);
    builtIn ??= createClient();
    const accessToken = state.secret(48);
    state.accessTokens.set(accessToken, {
      token: accessToken,
      userId: user.id,
      clientId: builtIn.clientId,
      scopes: DEFAULT_SCOPES,
      expiresAt: now() + settings.accessTokenSeconds * 1000,
      revoked: false,
    });
    const refreshToken = state.secret(64);
    state.refreshTokens.set(refreshToken, {
      token: refreshToken,
      userId: user.id,
      clientId: builtIn.clientId,
      scopes: DEFAULT_SCOPES,
      used: false,
    });
    return { user, accessToken, refreshToken, client: builtIn };
  }

  function createGroup(input: { name: string; members: VeUser[]; privacy?: 'public' | 'private' }): VeGroup {
    const group: VeGroup = {
      id: state.nextId(),
      networkId: state.network.id,
      name: input.name.toLowerCase().replace(/\s+/g, ''),
      fullName: input.name,
      privacy: input.privacy ?? 'public',
      memberIds: new Set(input.members.map((m) => m.id)),
    };
    state.groups.set(group.id, group);
    return group;
  }

  function postAs(user: VeUser, group: VeGroup, body: string, at = now()): VeMessage {
    const id = state.nextId();
    const message: VeMessage = {
      id,
      senderId: user.id,
      networkId: user.networkId,
      groupId: group.id,
      threadId: id,
      repliedToId: null,
      body,
      fileIds: [],
      createdAt: at,
      deleted: false,
    };
    state.messages.set(id, message);
    return message;
  }

  return {
    url,
    state,
    faults,
    settings,
    createClient,
    createUser,
    createGroup,
    postAs,
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
