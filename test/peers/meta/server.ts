import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { readBody, sendPayload, startHttpPeer } from '../kit/http.js';
import { MAX_BODY_BYTES, parseBody, type Params } from '../mastodon/http.js';
import { containerRoutes, shapeContainer, shapePublished } from './container-routes.js';
import { FaultSwitches, type Fault } from './faults.js';
import {
  fieldsOf,
  graphError,
  pick,
  type GraphRequest,
  type PeerContext,
  type PeerSettings,
  type Reply,
  type Route,
  unsupportedGet,
} from './graph.js';
import { accountRoutes, createApp, createFacebookUser, isOAuthRequest, type OAuthSettings, oauthRoute, RawJson } from './oauth-routes.js';
import { pageRoutes, shapePhoto, shapePost } from './page-routes.js';
import { type MetaApp, MetaPeerState, type OAuthProduct, type PeerToken, type Subject, type SubjectKind } from './store.js';

/**
 * One local server speaking the Meta Graph API for the three networks Kanaal publishes to through
 * it — Facebook Pages, Instagram (Content Publishing) and Threads — shaped after
 * developers.facebook.com (Pages API feed/photos, IG User media + media_publish, IG Container
 * status_code, Threads API threads + threads_publish, Graph error handling, rate limiting).
 *
 * - Versioned paths: `/v21.0/…` (any `/vN.N/`; Threads uses `/v1.0/`). An unversioned path
 *   answers 400 "Unknown path components", except `GET /refresh_access_token` (unversioned, as
 *   documented for Instagram and Threads long-lived tokens).
 * - Access token as `access_token` (query or form) or `Authorization: Bearer`/`OAuth`.
 * - Errors exactly like Graph: `{"error": {message, type, code, error_subcode, fbtrace_id}}`.
 * - Images are FETCHED from the `image_url`/`url` given, as Meta does, so tests serve them from a
 *   local HTTP server; Facebook photos may also come as multipart `source`.
 * - Connecting accounts (Facebook Login, Instagram Login, Threads sign-in, `/me/accounts`):
 *   oauth-routes.ts; apps from `createApp`, Facebook people from `createFacebookUser`.
 */

export type MetaPeerOptions = Partial<PeerSettings>;

export type CreatedSubject = { subject: Subject; accessToken: string };

export type MetaPeer = {
  url: string;
  state: MetaPeerState;
  faults: FaultSwitches;
  settings: PeerSettings & OAuthSettings;
  /** An app for Facebook Login, Instagram Login or Threads, with its valid redirect URIs. */
  createApp(input: { product: OAuthProduct; redirectUris?: string[] }): MetaApp;
  /** A Facebook person managing `pages` (with all tasks unless given); sign in as them with `settings.authorizeAs`. */
  createFacebookUser(input: { name: string; pages?: Array<Subject | { page: Subject; tasks: string[] }> }): Subject;
  createPage(input: { name: string; username?: string }): CreatedSubject;
  createInstagramUser(input: { username: string; name?: string }): CreatedSubject;
  createThreadsUser(input: { username: string; name?: string }): CreatedSubject;
  advanceClock(ms: number): void;
  settled(): Promise<void>;
  close(): Promise<void>;
};

const ROUTES: Route[] = [...pageRoutes, ...containerRoutes, ...accountRoutes];
const VERSION = /^\/v\d+\.\d+(?=\/)/;

/** Graph sends its JSON content type even with an empty body; `RawJson` goes out as written. */
function send(res: ServerResponse, reply: Reply): void {
  const payload = reply.body === undefined ? '' : reply.body instanceof RawJson ? reply.body.text : JSON.stringify(reply.body);
  sendPayload(res, reply.status, { ...reply.headers, 'Content-Type': 'application/json; charset=UTF-8' }, payload);
}

function serverError(): Reply {
  return graphError(500, 2, 'An unexpected error has occurred. Please retry your request later.', { transient: true });
}

function throttled(fault: Extract<Fault, { kind: 'throttle' }>, subjectId: string): Reply {
  const code = fault.code ?? 4;
  const messages: Record<number, string> = {
    4: '(#4) Application request limit reached',
    17: '(#17) User request limit reached',
    32: '(#32) Page request limit reached',
    613: '(#613) Calls to this api have exceeded the rate limit.',
    80001: '(#80001) There have been too many calls to this Page account. Wait a bit and try again.',
    80002: '(#80002) There have been too many calls to this Instagram account. Wait a bit and try again.',
  };
  const reply = graphError(fault.status ?? 400, code, messages[code] ?? `(#${code}) Rate limit reached`, { transient: true });
  const usage = { call_count: 100, total_cputime: 12, total_time: 14 };
  const buc =
    fault.regainMinutes === null
      ? undefined
      : JSON.stringify({
          [subjectId]: [
            { type: code === 80002 ? 'instagram' : 'pages', ...usage, estimated_time_to_regain_access: fault.regainMinutes ?? 10 },
          ],
        });
  return { ...reply, headers: { 'X-App-Usage': JSON.stringify(usage), ...(buc ? { 'X-Business-Use-Case-Usage': buc } : {}) } };
}

export async function startMetaPeer(options: MetaPeerOptions = {}): Promise<MetaPeer> {
  let clockOffset = 0;
  const now = (): number => Date.now() + clockOffset;
  const state = new MetaPeerState(now);
  const faults = new FaultSwitches();
  const settings: PeerSettings & OAuthSettings = {
    containerPolls: options.containerPolls ?? 0,
    tokenSeconds: options.tokenSeconds ?? null,
    authorizeAs: null,
    deny: false,
  };

  const http = await startHttpPeer(handle, { onError: (res) => send(res, serverError()) });
  const { url } = http;
  const context: PeerContext = { state, settings, now, baseUrl: url };

  function tokenOf(req: IncomingMessage, query: URLSearchParams, params: Params): string | null {
    const header = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const fromBody = params.access_token;
    return header ?? (typeof fromBody === 'string' ? fromBody : null) ?? query.get('access_token');
  }

  function authenticate(raw: string | null): { token: PeerToken; subject: Subject } | Reply {
    if (!raw) return graphError(400, 2500, 'An active access token must be used to query information about the current user.');
    const token = state.tokens.get(raw);
    const subject = token ? state.subjects.get(token.subjectId) : undefined;
    if (!token || !subject) return graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');
    if (token.expiresAt !== null && now() >= token.expiresAt) return expired(token.expiresAt);
    return { token, subject };
  }

  function expired(at: number): Reply {
    return graphError(
      400,
      190,
      `Error validating access token: Session has expired on ${new Date(at).toUTCString()}. The current time is ${new Date(now()).toUTCString()}.`,
      {
        subcode: 463,
      },
    );
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestUrl = new URL(req.url ?? '/', url);
    const method = (req.method ?? 'GET').toUpperCase();
    const fullPath = requestUrl.pathname;
    const path = fullPath.replace(VERSION, '');
    const log = { method, path: fullPath, at: new Date(now()), outcome: 0 as number | 'cut-before-store' | 'cut-after-store' };
    state.requests.push(log);
    const body = await readBody(req, MAX_BODY_BYTES);

    const fault = faults.take(method, path);
    if (fault?.kind === 'cutBeforeStore') {
      log.outcome = 'cut-before-store';
      res.socket?.destroy();
      return;
    }
    if (fault?.kind === 'slow') await sleep(fault.delayMs, undefined, { signal: http.closing }).catch(() => undefined);

    let params: Params;
    try {
      params = await parseBody(req.headers['content-type'], body);
    } catch {
      return send(res, graphError(400, 100, '(#100) Unable to parse the request body'));
    }
    const raw = tokenOf(req, requestUrl.searchParams, params);
    const auth = authenticate(raw);
    let reply: Reply;
    if (fault?.kind === 'throttle') reply = throttled(fault, 'status' in auth ? 'app' : auth.subject.id);
    else if (fault?.kind === 'expiredToken') reply = expired(now() - 1000);
    else if (fault?.kind === 'graphError')
      reply = graphError(fault.status ?? 400, fault.code, fault.message, { type: fault.type, subcode: fault.subcode });
    else if (fault?.kind === 'status500' && !fault.afterStore) reply = serverError();
    else if (isOAuthRequest(fullPath)) reply = oauthRoute(context, settings, { method, fullPath, query: requestUrl.searchParams, params });
    else if (method === 'GET' && fullPath === '/refresh_access_token') reply = refresh(requestUrl.searchParams, auth);
    else if (fullPath === path) reply = graphError(400, 2500, `Unknown path components: ${path}`);
    else if ('status' in auth) reply = auth;
    else reply = await route({ method, path, query: requestUrl.searchParams, params, token: auth.token, subject: auth.subject });

    if (fault?.kind === 'cutAfterStore') {
      log.outcome = 'cut-after-store';
      res.socket?.destroy();
      return;
    }
    if (fault?.kind === 'status500' && fault.afterStore) reply = serverError();
    log.outcome = reply.status;
    send(res, reply);
  }

  /** Long-lived Instagram / Threads tokens: `grant_type=ig_refresh_token|th_refresh_token`, a new 60-day token. */
  function refresh(query: URLSearchParams, auth: ReturnType<typeof authenticate>): Reply {
    if ('status' in auth) return auth;
    const grant = query.get('grant_type');
    const wanted = auth.subject.kind === 'instagram' ? 'ig_refresh_token' : auth.subject.kind === 'threads' ? 'th_refresh_token' : null;
    if (!wanted || grant !== wanted) return graphError(400, 100, `Unsupported grant_type: ${grant ?? ''}`);
    const next: PeerToken = { token: state.secret(), subjectId: auth.subject.id, expiresAt: now() + 60 * 86_400_000, kind: 'long' };
    state.tokens.set(next.token, next);
    return { status: 200, body: { access_token: next.token, token_type: 'bearer', expires_in: 60 * 86_400 } };
  }

  function route(request: GraphRequest): Reply | Promise<Reply> {
    const found = ROUTES.find((r) => r.method === request.method && r.pattern.test(request.path));
    const match = found?.pattern.exec(request.path);
    if (found && match) return found.handle(context, request, match);
    const node = /^\/(\w+)$/.exec(request.path)?.[1];
    if (request.method !== 'GET' || !node) return graphError(400, 2500, `Unknown path components: ${request.path}`);
    return readNode(request, node === 'me' ? request.subject.id : node);
  }

  /** `GET /{id}`: a Page or user, a Page post or photo, a container, an Instagram media or a Threads post. */
  function readNode(request: GraphRequest, id: string): Reply {
    const me = request.subject.id;
    const subject = state.subjects.get(id);
    if (subject && subject.id === me) {
      return { status: 200, body: pick({ id, name: subject.name, username: subject.username }, fieldsOf(request, ['name'])) };
    }
    const post = state.posts.get(id);
    if (post?.pageId === me) return { status: 200, body: pick(shapePost(context, post), fieldsOf(request, ['message', 'created_time'])) };
    const photo = state.photos.get(id);
    if (photo?.pageId === me) return { status: 200, body: pick(shapePhoto(photo), fieldsOf(request, [])) };
    const container = state.containers.get(id);
    if (container?.ownerId === me) return { status: 200, body: pick(shapeContainer(context, container), fieldsOf(request, [])) };
    const media = state.published.get(id);
    if (media?.ownerId === me) return { status: 200, body: pick(shapePublished(context, media), fieldsOf(request, [])) };
    return unsupportedGet(id);
  }

  function create(kind: SubjectKind, name: string, username: string): CreatedSubject {
    const subject: Subject = { id: state.nextId(kind === 'page' ? '1000' : kind === 'instagram' ? '1784' : '2500'), kind, name, username };
    state.subjects.set(subject.id, subject);
    const token: PeerToken = {
      token: state.secret(),
      subjectId: subject.id,
      expiresAt: settings.tokenSeconds === null ? null : now() + settings.tokenSeconds * 1000,
      kind: 'long',
    };
    state.tokens.set(token.token, token);
    return { subject, accessToken: token.token };
  }

  return {
    url,
    state,
    faults,
    settings,
    createApp: (input) => createApp(state, input),
    createFacebookUser: (input) => createFacebookUser(state, input),
    createPage: (input) => create('page', input.name, input.username ?? input.name.toLowerCase().replace(/\W+/g, '')),
    createInstagramUser: (input) => create('instagram', input.name ?? input.username, input.username),
    createThreadsUser: (input) => create('threads', input.name ?? input.username, input.username),
    advanceClock: (ms) => {
      clockOffset += ms;
    },
    settled: http.settled,
    close: http.close,
  };
}
