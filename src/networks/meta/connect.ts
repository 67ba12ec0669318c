import { DEFAULT_USER_AGENT } from '../../kit/safe-fetch.js';
import type { OAuthApp, OAuthConnect } from '../connect.js';
import { stringField } from '../connect.js';
import { type ConnectedAccount, ConnectorError } from '../connector.js';
import { classifyGraphError, classifyNetworkError, type GraphError, graphClient, type GraphPage, str } from './graph-client.js';

/**
 * Connecting Facebook Pages, Instagram professional accounts and Threads profiles: one configured
 * app per product (KANAAL_OAUTH_APPS `facebook`, `instagram`, `threads`; Meta gives Instagram and
 * Threads their own app id and secret), authorization code flow, then a long-lived token.
 *
 * - Facebook Pages (Facebook Login, "manually build a login flow"): the dialog at
 *   www.facebook.com/v23.0/dialog/oauth; the code is exchanged at graph.facebook.com
 *   `GET /v23.0/oauth/access_token` for a short-lived user token, which `grant_type=
 *   fb_exchange_token` turns into a long-lived one; `GET /v23.0/me/accounts` then lists the Pages
 *   the person manages, each with a Page token. A Page token read with a long-lived user token
 *   does not expire, so the channel keeps `{pageId, pageAccessToken}` and no expiry. The Page is
 *   the one the channel's handle names (username, id or name): the person signing in is one of
 *   its administrators, not the Page, so the choice is made here (see `accountIsChannel`).
 * - Instagram (Instagram API with Instagram Login, Business Login): www.instagram.com/oauth/
 *   authorize; `POST api.instagram.com/oauth/access_token` (form) → short-lived token and user id;
 *   `GET graph.instagram.com/access_token?grant_type=ig_exchange_token` → 60-day token, renewed
 *   by instagram.ts `refresh`. Credentials `{igUserId, accessToken, expiresAt}`.
 * - Threads: threads.net/oauth/authorize; `POST graph.threads.net/oauth/access_token` (form);
 *   `GET graph.threads.net/access_token?grant_type=th_exchange_token` → 60-day token, renewed by
 *   threads.ts `refresh`. Credentials `{threadsUserId, accessToken, expiresAt}`. (Meta's newer
 *   pages show threads.com; threads.net is the address the API has always answered on.)
 *
 * Overrides (test peers, as for X and LinkedIn): `authorizeBaseUrl` replaces every sign-in host
 * (www.facebook.com, www.instagram.com, threads.net) and `apiBaseUrl` every server-to-server host
 * (graph.facebook.com, api.instagram.com, graph.instagram.com, graph.threads.net), paths
 * unchanged; the connection's `apiBaseUrl` is then the override too. One peer can therefore serve
 * all three: Instagram and Threads share paths and the peer tells them apart by the app.
 *
 * Plain fetch: Meta's SDKs are for ads or for browsers, and these are four small requests.
 * `user_id` comes as a JSON number with more digits than a double holds, so it is read from the
 * reply's text, never through JSON.parse.
 */

export const META_OAUTH_VERSION = 'v23.0';
export const FACEBOOK_SCOPES = ['pages_show_list', 'pages_manage_posts', 'pages_read_engagement'] as const;
export const INSTAGRAM_SCOPES = ['instagram_business_basic', 'instagram_business_content_publish'] as const;
export const THREADS_SCOPES = ['threads_basic', 'threads_content_publish'] as const;

const HOSTS = {
  facebookSignIn: 'https://www.facebook.com',
  facebookGraph: 'https://graph.facebook.com',
  instagramSignIn: 'https://www.instagram.com',
  instagramToken: 'https://api.instagram.com',
  instagramGraph: 'https://graph.instagram.com',
  threadsSignIn: 'https://threads.net',
  threadsGraph: 'https://graph.threads.net',
} as const;

const TIMEOUT_MS = 15_000;
/** At most this many Pages are read (`/me/accounts` pages of 100). */
const MAX_ACCOUNT_PAGES = 10;

type Product = 'Facebook' | 'Instagram' | 'Threads';
type MetaApp = { clientId: string; clientSecret: string };

function appOf(app: OAuthApp | null, product: Product, key: string): MetaApp {
  if (!app?.clientSecret) {
    throw new ConnectorError(
      'rejected',
      `${product} is not set up on this installation: an administrator must add Kanaal’s ${product} app (KANAAL_OAUTH_APPS.${key}, with its secret)`,
    );
  }
  return { clientId: app.clientId, clientSecret: app.clientSecret };
}

const signIn = (app: OAuthApp | null, real: string) => app?.authorizeBaseUrl ?? real;
const server = (app: OAuthApp | null, real: string) => app?.apiBaseUrl ?? real;

function authorizeUrl(base: string, path: string, params: Record<string, string>): string {
  const url = new URL(path, base);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.toString();
}

/** Meta's error bodies: Graph's `{error: {...}}`, api.instagram.com's flat `{error_type, error_message}`, or plain OAuth. */
function errorOf(body: Record<string, unknown> | undefined): GraphError | undefined {
  if (!body) return undefined;
  const nested = body.error;
  if (nested && typeof nested === 'object') return nested as GraphError;
  if (typeof body.error_message === 'string') return { message: body.error_message, type: str(body.error_type) };
  if (typeof nested === 'string') return { message: str(body.error_description) ?? nested };
  return undefined;
}

/**
 * One token request. A refusal (4xx) is final even where Graph's code would be read as passing
 * (code 1 "Error validating client secret."): the code or token will not work better next time.
 */
async function tokenRequest(
  url: URL,
  what: string,
  form?: Record<string, string>,
): Promise<{ body: Record<string, unknown>; text: string }> {
  let response: Response;
  let text: string;
  try {
    response = await fetch(url, {
      method: form ? 'POST' : 'GET',
      headers: {
        accept: 'application/json',
        'user-agent': DEFAULT_USER_AGENT,
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form) } : {}),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    text = await response.text();
  } catch (error) {
    const failed = classifyNetworkError(error, 'read');
    throw new ConnectorError(failed.kind, `${what}: ${failed.message}`, failed.details);
  }
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    body = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    body = undefined;
  }
  const error = errorOf(body);
  if (!response.ok || error) {
    const classified = classifyGraphError(response.status, error, response.headers, 'read');
    const final = classified.kind === 'ambiguous' && response.status >= 400 && response.status < 500 && error?.is_transient !== true;
    throw new ConnectorError(final ? 'rejected' : classified.kind, `${what}: ${classified.message}`, classified.details);
  }
  // `{data: [{access_token, user_id, permissions}]}` is how Instagram's Business Login page shows the reply.
  const first = Array.isArray(body?.data) ? (body.data[0] as Record<string, unknown> | undefined) : undefined;
  const tokens = first && typeof first.access_token === 'string' ? first : body;
  if (!tokens || typeof tokens.access_token !== 'string' || tokens.access_token === '') {
    throw new ConnectorError('ambiguous', `${what}: the reply has no access token (HTTP ${response.status})`);
  }
  return { body: tokens, text };
}

/** `"user_id": 17841400000000001` (or quoted) read from the text: as a number it would lose its last digits. */
function userIdOf(text: string, what: string): string {
  const found = /"user_id"\s*:\s*"?(\d+)"?/.exec(text)?.[1];
  if (!found) throw new ConnectorError('ambiguous', `${what}: the reply names no user id`);
  return found;
}

function expiryOf(body: Record<string, unknown>): Date {
  const seconds = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 60 * 86_400;
  return new Date(Date.now() + seconds * 1000);
}

function permissionsOf(body: Record<string, unknown>): string[] | null {
  const raw = body.permissions;
  if (Array.isArray(raw)) return raw.map(String);
  if (typeof raw === 'string') return raw.split(/[\s,]+/).filter(Boolean);
  return null;
}

// ---------------------------------------------------------------- Facebook Pages

type PageAccount = { id: string; name?: string; username?: string; access_token?: string; tasks?: string[] };

/**
 * What a channel's handle names: `@stadgent`, `stadgent`, `facebook.com/stadgent/`,
 * `…/profile.php?id=61550000000000`, `…/pages/Stad-Gent/123456` → `stadgent` or the id.
 */
export function pageKeyOf(handle: string): string {
  const plain = handle.trim();
  const address = /^https?:\/\//i.test(plain) ? plain : /^([\w-]+\.)*facebook\.com\//i.test(plain) ? `https://${plain}` : null;
  if (address && URL.canParse(address)) {
    const url = new URL(address);
    const id = url.searchParams.get('id');
    if (id && /^\d+$/.test(id)) return id;
    const last = url.pathname.split('/').filter(Boolean).pop() ?? '';
    return decodeURIComponent(last).replace(/^@/, '').toLowerCase();
  }
  return plain.replace(/^@/, '').toLowerCase();
}

function describe(page: PageAccount): string {
  const name = page.name ?? page.id;
  return page.username ? `${name} (@${page.username})` : name;
}

/** The Page the handle names: by username first, then id, then name (when only one has it). */
export function pickPage(pages: PageAccount[], handle: string): PageAccount {
  const key = pageKeyOf(handle);
  const found =
    pages.find((p) => p.username?.toLowerCase() === key) ??
    pages.find((p) => p.id === key) ??
    (() => {
      const named = pages.filter((p) => p.name?.trim().toLowerCase() === key);
      if (named.length > 1) {
        throw new ConnectorError(
          'rejected',
          `this Facebook account manages several Pages named ${handle}; register the channel with the Page’s username or id`,
        );
      }
      return named[0];
    })();
  if (!found) {
    const managed = pages.map(describe).join(', ') || 'no Pages';
    throw new ConnectorError(
      'rejected',
      `this Facebook account manages ${managed} — not ${handle}. Sign in as one of its administrators and tick it when Facebook asks which Pages Kanaal may use.`,
    );
  }
  if (found.tasks && !found.tasks.includes('CREATE_CONTENT')) {
    throw new ConnectorError(
      'rejected',
      `this Facebook account may not post as ${describe(found)}: it needs the “create content” task on the Page`,
    );
  }
  if (!found.access_token) throw new ConnectorError('rejected', `Facebook gave no Page token for ${describe(found)}`);
  return found;
}

/** Every Page the person manages (fields needed to choose one and post as it). */
async function managedPages(apiBaseUrl: string, userToken: string, handle: string): Promise<PageAccount[]> {
  // graphClient wants an account; only its address is read. The token travels as a Bearer header.
  const account: ConnectedAccount = { channelId: '', network: 'facebook', apiBaseUrl, handle, credentials: {} };
  const client = graphClient(account, userToken, META_OAUTH_VERSION, { timeoutMs: TIMEOUT_MS });
  const pages: PageAccount[] = [];
  let reply = await client.call<GraphPage<PageAccount>>(
    { method: 'GET', path: '/me/accounts', query: { fields: 'id,name,username,access_token,tasks', limit: 100 } },
    'read',
  );
  for (let n = 1; ; n += 1) {
    pages.push(...(reply.data ?? []));
    if (!reply.paging?.next || (reply.data ?? []).length === 0 || n >= MAX_ACCOUNT_PAGES) return pages;
    reply = await client.next<GraphPage<PageAccount>>(reply.paging.next, 'read');
  }
}

/**
 * The Page is picked by handle here, because the person who signs in is not the Page: the
 * connection service's comparison of handles (verify returns `@username`) would refuse Pages
 * registered by id (`profile.php?id=…`, Pages without a username) or by name.
 */
export const facebookConnect: OAuthConnect = {
  kind: 'oauth',
  fields: [],
  registersPerInstance: false,
  accountIsChannel: false,
  async begin({ app, redirectUri, state }) {
    const fb = appOf(app, 'Facebook', 'facebook');
    const authorize = authorizeUrl(signIn(app, HOSTS.facebookSignIn), `/${META_OAUTH_VERSION}/dialog/oauth`, {
      client_id: fb.clientId,
      redirect_uri: redirectUri,
      state,
      scope: FACEBOOK_SCOPES.join(','),
      response_type: 'code',
    });
    return { authorizeUrl: authorize, pending: { redirectUri } };
  },
  async complete({ app, pending, code, handle }) {
    const fb = appOf(app, 'Facebook', 'facebook');
    const graph = server(app, HOSTS.facebookGraph);
    const tokenUrl = (params: Record<string, string>) => {
      const url = new URL(`/${META_OAUTH_VERSION}/oauth/access_token`, graph);
      for (const [key, value] of Object.entries({ client_id: fb.clientId, client_secret: fb.clientSecret, ...params }))
        url.searchParams.set(key, value);
      return url;
    };
    const short = await tokenRequest(tokenUrl({ redirect_uri: stringField(pending, 'redirectUri'), code }), 'exchanging the code');
    const long = await tokenRequest(
      tokenUrl({ grant_type: 'fb_exchange_token', fb_exchange_token: String(short.body.access_token) }),
      'getting a long-lived token',
    );
    const page = pickPage(await managedPages(graph, String(long.body.access_token), handle), handle);
    return {
      apiBaseUrl: graph,
      credentials: { pageId: page.id, pageAccessToken: page.access_token ?? '' },
      tokenExpiresAt: null,
    };
  },
};

// ---------------------------------------------------------------- Instagram and Threads

type LongLivedFlow = {
  product: Product;
  key: 'instagram' | 'threads';
  signInHost: string;
  codeHost: string;
  graphHost: string;
  scopes: readonly string[];
  grantType: 'ig_exchange_token' | 'th_exchange_token';
  /** The permission without which the connection could not post (Instagram lists what was granted). */
  publishScope: string;
  idField: 'igUserId' | 'threadsUserId';
};

function longLivedConnect(flow: LongLivedFlow): OAuthConnect {
  return {
    kind: 'oauth',
    fields: [],
    registersPerInstance: false,
    async begin({ app, redirectUri, state }) {
      const meta = appOf(app, flow.product, flow.key);
      const authorize = authorizeUrl(signIn(app, flow.signInHost), '/oauth/authorize', {
        client_id: meta.clientId,
        redirect_uri: redirectUri,
        scope: flow.scopes.join(','),
        response_type: 'code',
        state,
      });
      return { authorizeUrl: authorize, pending: { redirectUri } };
    },
    async complete({ app, pending, code }) {
      const meta = appOf(app, flow.product, flow.key);
      const what = 'exchanging the code';
      const short = await tokenRequest(new URL('/oauth/access_token', server(app, flow.codeHost)), what, {
        client_id: meta.clientId,
        client_secret: meta.clientSecret,
        grant_type: 'authorization_code',
        redirect_uri: stringField(pending, 'redirectUri'),
        code,
      });
      const userId = userIdOf(short.text, what);
      const granted = permissionsOf(short.body);
      if (granted && !granted.includes(flow.publishScope)) {
        throw new ConnectorError('rejected', `Kanaal was not allowed to publish (${flow.publishScope}); connect again and allow it`);
      }
      const graph = server(app, flow.graphHost);
      const exchange = new URL('/access_token', graph);
      exchange.searchParams.set('grant_type', flow.grantType);
      exchange.searchParams.set('client_secret', meta.clientSecret);
      exchange.searchParams.set('access_token', String(short.body.access_token));
      const long = await tokenRequest(exchange, 'getting a long-lived token');
      const expiresAt = expiryOf(long.body);
      return {
        apiBaseUrl: graph,
        credentials: { [flow.idField]: userId, accessToken: String(long.body.access_token), expiresAt: expiresAt.toISOString() },
        tokenExpiresAt: expiresAt,
      };
    },
  };
}

export const instagramConnect: OAuthConnect = longLivedConnect({
  product: 'Instagram',
  key: 'instagram',
  signInHost: HOSTS.instagramSignIn,
  codeHost: HOSTS.instagramToken,
  graphHost: HOSTS.instagramGraph,
  scopes: INSTAGRAM_SCOPES,
  grantType: 'ig_exchange_token',
  publishScope: 'instagram_business_content_publish',
  idField: 'igUserId',
});

export const threadsConnect: OAuthConnect = longLivedConnect({
  product: 'Threads',
  key: 'threads',
  signInHost: HOSTS.threadsSignIn,
  codeHost: HOSTS.threadsGraph,
  graphHost: HOSTS.threadsGraph,
  scopes: THREADS_SCOPES,
  grantType: 'th_exchange_token',
  publishScope: 'threads_content_publish',
  idField: 'threadsUserId',
});
