import { timingSafeEqual } from 'node:crypto';
import type { Params } from '../mastodon/http.js';
import { fieldsOf, type GraphRequest, graphError, page, pick, type PeerContext, type Reply, type Route, unsupportedGet } from './graph.js';
import type { AuthCode, MetaApp, MetaPeerState, OAuthProduct, PageRole, PeerToken, Subject, SubjectKind } from './store.js';

/**
 * Connecting accounts, as Meta documents it for its three sign-ins. The peer serves every host on
 * one address (Kanaal maps sign-in hosts onto `authorizeBaseUrl` and API hosts onto `apiBaseUrl`,
 * paths unchanged); Instagram and Threads use the same paths and are told apart by the app
 * (`client_id`), each app being registered for one product as Meta's Instagram and Threads app ids
 * are.
 *
 * - Facebook Login (developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow,
 *   access-tokens/get-long-lived): `GET /vX/dialog/oauth` (www.facebook.com) approves at once as
 *   `settings.authorizeAs` (a Facebook person) and redirects with `code` (10 minutes, once) and
 *   `state`; `GET /vX/oauth/access_token` (graph.facebook.com) with client_id, client_secret,
 *   redirect_uri and code gives a short-lived user token (1 hour), and with
 *   `grant_type=fb_exchange_token` a long-lived one (60 days); `GET /vX/me/accounts` lists the
 *   Pages the person manages with a Page token each: one that never expires when asked with a
 *   long-lived user token, one expiring with the user token otherwise.
 * - Instagram Login (Business Login for Instagram): `GET /oauth/authorize` (www.instagram.com;
 *   the redirect gets `#_` appended, as Instagram does), `POST /oauth/access_token`
 *   (api.instagram.com, form) → `{access_token, user_id, permissions}`, errors in Instagram's own
 *   flat shape `{error_type, code, error_message}`; `GET /access_token?grant_type=ig_exchange_token`
 *   (graph.instagram.com) → 60-day token.
 * - Threads: `GET /oauth/authorize` (threads.net), `POST /oauth/access_token` (graph.threads.net)
 *   → `{access_token, user_id}`, `GET /access_token?grant_type=th_exchange_token` → 60-day token.
 *
 * `user_id` is a JSON number in Meta's replies although ids have 17 digits, more than a double
 * holds exactly; the peer sends it the same way (RawJson), so a client parsing it as a number fails.
 * Other errors are Graph's `{"error": {message, type, code, error_subcode, fbtrace_id}}`.
 * `settings.deny` makes the sign-in pages redirect with `error=access_denied`.
 */

export type OAuthSettings = {
  /** Subject id the sign-in pages approve as; null: the first Facebook person / Instagram / Threads user. */
  authorizeAs: string | null;
  /** The person refuses at the sign-in page. */
  deny: boolean;
};

/** A JSON body sent exactly as written (numbers too large for a double). */
export class RawJson {
  constructor(readonly text: string) {}
}

type OAuthRequest = { method: string; fullPath: string; query: URLSearchParams; params: Params };

const VERSION = /^\/v\d+\.\d+(?=\/)/;
const LONG_LIVED_SECONDS = 60 * 86_400;
const SHORT_LIVED_SECONDS = 3600;
const CODE_TTL_MS: Record<OAuthProduct, number> = { facebook: 10 * 60_000, instagram: 3600_000, threads: 3600_000 };
const SIGNS_IN: Record<OAuthProduct, SubjectKind> = { facebook: 'user', instagram: 'instagram', threads: 'threads' };
const REQUIRED_SCOPE: Record<OAuthProduct, string | null> = {
  facebook: null,
  instagram: 'instagram_business_basic',
  threads: 'threads_basic',
};
const SCOPES: Record<OAuthProduct, Set<string>> = {
  facebook: new Set([
    'public_profile',
    'email',
    'pages_show_list',
    'pages_manage_posts',
    'pages_read_engagement',
    'pages_manage_metadata',
    'pages_read_user_content',
    'business_management',
    'instagram_basic',
    'instagram_content_publish',
  ]),
  instagram: new Set([
    'instagram_business_basic',
    'instagram_business_content_publish',
    'instagram_business_manage_messages',
    'instagram_business_manage_comments',
  ]),
  threads: new Set([
    'threads_basic',
    'threads_content_publish',
    'threads_manage_replies',
    'threads_read_replies',
    'threads_manage_insights',
  ]),
};
export const ALL_TASKS = ['ADVERTISE', 'ANALYZE', 'CREATE_CONTENT', 'MESSAGING', 'MODERATE', 'MANAGE'];

/** Whether a request is one of the OAuth endpoints above (they need no access token, or take it as a parameter). */
export function isOAuthRequest(fullPath: string): boolean {
  const path = fullPath.replace(VERSION, '');
  if (path !== fullPath) return path === '/dialog/oauth' || path === '/oauth/access_token';
  return fullPath === '/oauth/authorize' || fullPath === '/oauth/access_token' || fullPath === '/access_token';
}

export function oauthRoute(peer: PeerContext, settings: OAuthSettings, request: OAuthRequest): Reply {
  const { method, fullPath } = request;
  const path = fullPath.replace(VERSION, '');
  const versioned = path !== fullPath;
  if (versioned && path === '/dialog/oauth' && method === 'GET') return authorize(peer, settings, request, 'facebook');
  if (versioned && path === '/oauth/access_token') return facebookToken(peer, request);
  if (!versioned && fullPath === '/oauth/authorize' && method === 'GET') return authorize(peer, settings, request, null);
  if (!versioned && fullPath === '/oauth/access_token' && method === 'POST') return codeExchange(peer, request);
  if (!versioned && fullPath === '/access_token' && method === 'GET') return longLivedExchange(peer, request);
  return graphError(400, 100, `Unsupported ${method.toLowerCase()} request.`);
}

function value(request: OAuthRequest, key: string): string | undefined {
  const fromBody = request.params[key];
  return typeof fromBody === 'string' ? fromBody : (request.query.get(key) ?? undefined);
}

function sameSecret(given: string | undefined, expected: string): boolean {
  const a = Buffer.from(given ?? '');
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const invalidApp = (): Reply => graphError(400, 101, 'Error validating application. Invalid application ID.');
const invalidSecret = (): Reply => graphError(400, 1, 'Error validating client secret.');
const invalidToken = (): Reply => graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token');

function expiredToken(peer: PeerContext, at: number): Reply {
  const when = (ms: number) => new Date(ms).toUTCString();
  return graphError(
    400,
    190,
    `Error validating access token: Session has expired on ${when(at)}. The current time is ${when(peer.now())}.`,
    {
      subcode: 463,
    },
  );
}

/** The sign-in page: checks the app and redirect URI (errors stay on the page), then approves or refuses at once. */
function authorize(peer: PeerContext, settings: OAuthSettings, request: OAuthRequest, expected: OAuthProduct | null): Reply {
  const q = request.query;
  const app = peer.state.apps.get(q.get('client_id') ?? '');
  if (!app || (expected ? app.product !== expected : app.product === 'facebook')) return invalidApp();
  const redirectUri = q.get('redirect_uri') ?? '';
  if (!app.redirectUris.includes(redirectUri)) {
    return graphError(
      400,
      191,
      "Can't load URL: The domain of this URL isn't included in the app's domains. To be able to load this URL, add all domains and subdomains of your app to the App Domains field in your app settings.",
    );
  }
  // Facebook's dialog defaults to `code`; Instagram and Threads require it.
  const responseType = q.get('response_type') ?? (app.product === 'facebook' ? 'code' : '');
  if (responseType !== 'code') return graphError(400, 100, `Invalid response_type: ${responseType}`);
  const scopes = (q.get('scope') ?? '').split(/[\s,]+/).filter(Boolean);
  const unknown = scopes.filter((s) => !SCOPES[app.product].has(s));
  if (unknown.length > 0) return graphError(400, 100, `Invalid Scopes: ${unknown.join(', ')}`);
  const required = REQUIRED_SCOPE[app.product];
  if (required && !scopes.includes(required)) return graphError(400, 100, `Invalid Scopes: ${required} is required`);

  const location = new URL(redirectUri);
  const back = (params: Record<string, string>): Reply => {
    for (const [key, v] of Object.entries(params)) location.searchParams.set(key, v);
    const state = q.get('state');
    if (state !== null) location.searchParams.set('state', state);
    return { status: 302, headers: { Location: `${location.toString()}${app.product === 'instagram' ? '#_' : ''}` } };
  };
  if (settings.deny) {
    return back({
      error: 'access_denied',
      error_reason: 'user_denied',
      error_description: app.product === 'facebook' ? 'Permissions error' : 'The user denied your request.',
      ...(app.product === 'facebook' ? { error_code: '200' } : {}),
    });
  }
  const kind = SIGNS_IN[app.product];
  const subject = settings.authorizeAs
    ? peer.state.subjects.get(settings.authorizeAs)
    : [...peer.state.subjects.values()].find((s) => s.kind === kind);
  if (!subject || subject.kind !== kind) return graphError(400, 100, `The peer has no ${kind} to sign in as (settings.authorizeAs)`);
  const code = `AQ${peer.state.secret().slice(4)}`;
  peer.state.codes.set(code, {
    code,
    clientId: app.clientId,
    redirectUri,
    subjectId: subject.id,
    scopes,
    expiresAt: peer.now() + CODE_TTL_MS[app.product],
    used: false,
  });
  return back({ code });
}

/** Why a code cannot be exchanged (Facebook's wording and subcodes), or null. */
function codeProblem(peer: PeerContext, code: AuthCode | undefined, app: MetaApp, redirectUri: string | undefined) {
  if (!code || code.clientId !== app.clientId) return { message: 'Invalid verification code format.', subcode: 36008 };
  if (code.used) return { message: 'This authorization code has been used.', subcode: 36009 };
  if (code.expiresAt <= peer.now()) return { message: 'This authorization code has expired.', subcode: 36007 };
  if (redirectUri !== code.redirectUri) {
    return {
      message:
        'Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request',
      subcode: 36008,
    };
  }
  return null;
}

function issue(peer: PeerContext, app: MetaApp, subjectId: string, scopes: string[], kind: PeerToken['kind']): PeerToken {
  const seconds = kind === 'long' ? LONG_LIVED_SECONDS : SHORT_LIVED_SECONDS;
  const token: PeerToken = {
    token: peer.state.secret(),
    subjectId,
    expiresAt: peer.now() + seconds * 1000,
    kind,
    clientId: app.clientId,
    scopes,
  };
  peer.state.tokens.set(token.token, token);
  return token;
}

function tokenReply(peer: PeerContext, token: PeerToken): Reply {
  const expiresIn = Math.round(((token.expiresAt ?? peer.now()) - peer.now()) / 1000);
  return { status: 200, body: { access_token: token.token, token_type: 'bearer', expires_in: expiresIn } };
}

/** graph.facebook.com `/oauth/access_token`: a code for a short-lived user token, or `fb_exchange_token` for a long-lived one. */
function facebookToken(peer: PeerContext, request: OAuthRequest): Reply {
  const app = peer.state.apps.get(value(request, 'client_id') ?? '');
  if (app?.product !== 'facebook') return invalidApp();
  if (!sameSecret(value(request, 'client_secret'), app.clientSecret)) return invalidSecret();
  const grant = value(request, 'grant_type');
  if (grant === 'fb_exchange_token') {
    const token = peer.state.tokens.get(value(request, 'fb_exchange_token') ?? '');
    if (!token || token.clientId !== app.clientId || peer.state.subjects.get(token.subjectId)?.kind !== 'user') return invalidToken();
    if (token.expiresAt !== null && token.expiresAt <= peer.now()) return expiredToken(peer, token.expiresAt);
    return tokenReply(peer, issue(peer, app, token.subjectId, token.scopes ?? [], 'long'));
  }
  if (grant !== undefined && grant !== 'authorization_code') return graphError(400, 100, `Unsupported grant_type: ${grant}`);
  const code = peer.state.codes.get(value(request, 'code') ?? '');
  const problem = codeProblem(peer, code, app, value(request, 'redirect_uri'));
  if (problem || !code) return graphError(400, 100, problem?.message ?? 'Invalid verification code format.', { subcode: problem?.subcode });
  code.used = true;
  return tokenReply(peer, issue(peer, app, code.subjectId, code.scopes, 'short'));
}

/** Instagram's api.instagram.com answers errors in its own flat shape, not Graph's. */
function instagramError(message: string): Reply {
  return { status: 400, body: { error_type: 'OAuthException', code: 400, error_message: message } };
}

/** api.instagram.com / graph.threads.net `POST /oauth/access_token`: a code for a short-lived token and the user id. */
function codeExchange(peer: PeerContext, request: OAuthRequest): Reply {
  const app = peer.state.apps.get(value(request, 'client_id') ?? '');
  if (!app || app.product === 'facebook') return invalidApp();
  const fail = (reply: Reply): Reply => {
    const graph = reply.body as { error: { message: string } };
    return app.product === 'instagram' ? instagramError(graph.error.message) : reply;
  };
  if (!sameSecret(value(request, 'client_secret'), app.clientSecret)) return fail(invalidSecret());
  if (value(request, 'grant_type') !== 'authorization_code')
    return fail(graphError(400, 100, 'Invalid grant_type: must be authorization_code'));
  const code = peer.state.codes.get(value(request, 'code') ?? '');
  const problem = codeProblem(peer, code, app, value(request, 'redirect_uri'));
  if (problem || !code)
    return fail(graphError(400, 100, problem?.message ?? 'Invalid verification code format.', { subcode: problem?.subcode }));
  code.used = true;
  const token = issue(peer, app, code.subjectId, code.scopes, 'short');
  // The id as a bare number, as Meta sends it (see the note at the top).
  const permissions = app.product === 'instagram' ? `,"permissions":${JSON.stringify(code.scopes)}` : '';
  return { status: 200, body: new RawJson(`{"access_token":${JSON.stringify(token.token)},"user_id":${code.subjectId}${permissions}}`) };
}

/** graph.instagram.com / graph.threads.net `GET /access_token`: a short-lived token for a 60-day one. */
function longLivedExchange(peer: PeerContext, request: OAuthRequest): Reply {
  const grant = request.query.get('grant_type');
  const product = grant === 'ig_exchange_token' ? 'instagram' : grant === 'th_exchange_token' ? 'threads' : null;
  if (!product) return graphError(400, 100, `Unsupported grant_type: ${grant ?? ''}`);
  const token = peer.state.tokens.get(request.query.get('access_token') ?? '');
  if (!token || peer.state.subjects.get(token.subjectId)?.kind !== product) return invalidToken();
  if (token.expiresAt !== null && token.expiresAt <= peer.now()) return expiredToken(peer, token.expiresAt);
  const app = token.clientId ? peer.state.apps.get(token.clientId) : undefined;
  if (!app) return invalidToken();
  if (!sameSecret(request.query.get('client_secret') ?? undefined, app.clientSecret)) return invalidSecret();
  return tokenReply(peer, issue(peer, app, token.subjectId, token.scopes ?? [], 'long'));
}

/** A Page as `/me/accounts` lists it, with a Page token that lives as long as the user token allows. */
function shapeAccount(peer: PeerContext, request: GraphRequest, role: PageRole, fields: Set<string>): Record<string, unknown> {
  const pageSubject = peer.state.subjects.get(role.pageId);
  if (!pageSubject) return { id: role.pageId };
  let accessToken: string | undefined;
  if (fields.has('access_token')) {
    const user = request.token;
    const token: PeerToken = {
      token: peer.state.secret(),
      subjectId: pageSubject.id,
      expiresAt: user.kind === 'long' ? null : user.expiresAt,
      kind: user.kind,
      clientId: user.clientId,
    };
    peer.state.tokens.set(token.token, token);
    accessToken = token.token;
  }
  return pick(
    {
      id: pageSubject.id,
      name: pageSubject.name,
      username: pageSubject.username,
      access_token: accessToken,
      category: 'Government Organization',
      tasks: role.tasks,
    },
    fields,
  );
}

export const accountRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/(me|\d+)\/accounts$/,
    handle(peer, request, [, who = '']) {
      const user = request.subject;
      if (who !== 'me' && who !== user.id) return unsupportedGet(who);
      if (user.kind !== 'user') {
        const type = user.kind === 'page' ? 'Page' : user.kind === 'instagram' ? 'IGUser' : 'ThreadsUser';
        return graphError(400, 100, `(#100) Tried accessing nonexisting field (accounts) on node type (${type})`, {
          type: 'GraphMethodException',
        });
      }
      // Without pages_show_list Graph lists nothing rather than refusing.
      const listed = request.token.scopes === undefined || request.token.scopes.includes('pages_show_list');
      const roles = listed ? peer.state.pageRoles.filter((r) => r.userId === user.id) : [];
      const fields = fieldsOf(request, ['access_token', 'category', 'name', 'tasks']);
      return page(
        peer,
        request,
        roles,
        () => peer.now(),
        (role) => shapeAccount(peer, request, role, fields),
      );
    },
  },
];

/** An app for one product whose valid redirect URIs are `redirectUris`. */
export function createApp(state: MetaPeerState, input: { product: OAuthProduct; redirectUris?: string[] }): MetaApp {
  const app: MetaApp = {
    clientId: state.nextId('9'),
    clientSecret: state.secret().slice(4, 36),
    product: input.product,
    redirectUris: input.redirectUris ?? ['http://127.0.0.1/callback'],
  };
  state.apps.set(app.clientId, app);
  return app;
}

/** A Facebook person managing `pages` (all tasks unless given). Sign in as them with `settings.authorizeAs = user.id`. */
export function createFacebookUser(
  state: MetaPeerState,
  input: { name: string; pages?: Array<Subject | { page: Subject; tasks: string[] }> },
): Subject {
  const user: Subject = { id: state.nextId('1022'), kind: 'user', name: input.name, username: '' };
  state.subjects.set(user.id, user);
  for (const entry of input.pages ?? []) {
    const role = 'page' in entry ? { pageId: entry.page.id, tasks: entry.tasks } : { pageId: entry.id, tasks: ALL_TASKS };
    state.pageRoles.push({ userId: user.id, ...role });
  }
  return user;
}
