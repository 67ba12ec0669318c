import type { Params } from '../mastodon/http.js';
import type { MetaPeerState, PeerToken, Subject } from './store.js';

/** What route handlers share, and Graph-shaped replies. Request parsing is the Mastodon peer's (form, multipart, JSON). */

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

export type PeerSettings = {
  /** Status reads a container answers IN_PROGRESS before it is FINISHED (0: FINISHED at once). */
  containerPolls: number;
  /** Lifetime of tokens made by `createPage`/`createInstagramUser`/`createThreadsUser` (null: never expire, like page tokens). */
  tokenSeconds: number | null;
};

export type PeerContext = { state: MetaPeerState; settings: PeerSettings; now: () => number; baseUrl: string };

export type GraphRequest = {
  method: string;
  /** Path without the version prefix. */
  path: string;
  query: URLSearchParams;
  params: Params;
  token: PeerToken;
  subject: Subject;
};

export type Route = {
  method: 'GET' | 'POST';
  pattern: RegExp;
  handle(peer: PeerContext, request: GraphRequest, match: string[]): Reply | Promise<Reply>;
};

let trace = 0;

/** `{"error": {message, type, code, error_subcode, fbtrace_id}}` as Graph sends it. */
export function graphError(
  status: number,
  code: number,
  message: string,
  extra: { type?: string; subcode?: number; transient?: boolean; userTitle?: string; userMessage?: string } = {},
): Reply {
  trace += 1;
  return {
    status,
    headers:
      extra.type === 'OAuthException' && code === 190
        ? { 'WWW-Authenticate': `OAuth "Facebook Platform" "invalid_token" "${message}"` }
        : {},
    body: {
      error: {
        message,
        type: extra.type ?? 'OAuthException',
        code,
        ...(extra.subcode !== undefined ? { error_subcode: extra.subcode } : {}),
        ...(extra.transient !== undefined ? { is_transient: extra.transient } : {}),
        ...(extra.userTitle ? { error_user_title: extra.userTitle } : {}),
        ...(extra.userMessage ? { error_user_msg: extra.userMessage } : {}),
        fbtrace_id: `A${String(trace).padStart(6, '0')}peerTrace`,
      },
    },
  };
}

export function unsupportedGet(id: string, method = 'get'): Reply {
  return graphError(
    400,
    100,
    `Unsupported ${method} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
    { type: 'GraphMethodException', subcode: 33 },
  );
}

export function param(request: GraphRequest, key: string): string | undefined {
  const fromBody = request.params[key];
  if (typeof fromBody === 'string') return fromBody;
  return request.query.get(key) ?? undefined;
}

export function flag(request: GraphRequest, key: string, fallback: boolean): boolean {
  const value = param(request, key);
  if (value === undefined) return fallback;
  return value === 'true' || value === '1';
}

/** Requested `fields` (comma-separated), or the defaults. `id` is always returned. */
export function fieldsOf(request: GraphRequest, defaults: string[]): Set<string> {
  const raw = request.query.get('fields');
  const names = raw ? raw.split(',').map((f) => f.trim().replace(/\{.*$/, '')) : defaults;
  return new Set(['id', ...names]);
}

export function pick(all: Record<string, unknown>, fields: Set<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(all).filter(([key, value]) => fields.has(key) && value !== undefined));
}

/** `since`/`until` as Graph takes them: a Unix timestamp or a date string. */
export function timeParam(value: string | null): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : at;
}

/** Cursor-based paging of a newest-first list: `limit` (default 25, max 100), `after`, `since`, `until`. */
export function page<T>(
  peer: PeerContext,
  request: GraphRequest,
  items: T[],
  createdAt: (item: T) => number,
  shape: (item: T) => Record<string, unknown>,
): Reply {
  const since = timeParam(request.query.get('since'));
  const until = timeParam(request.query.get('until'));
  const window = items.filter((item) => (since === null || createdAt(item) >= since) && (until === null || createdAt(item) <= until));
  const limit = Math.min(Math.max(Number(request.query.get('limit') ?? 25) || 25, 1), 100);
  const after = request.query.get('after');
  const start = after ? Number(Buffer.from(after, 'base64url').toString('utf8')) || 0 : 0;
  const slice = window.slice(start, start + limit);
  const cursor = (n: number) => Buffer.from(String(n)).toString('base64url');
  const paging: Record<string, unknown> = { cursors: { before: cursor(start), after: cursor(start + slice.length) } };
  if (start + slice.length < window.length) {
    const next = new URL(`${peer.baseUrl}/v21.0${request.path}`);
    for (const [key, value] of request.query) if (key !== 'after' && key !== 'access_token') next.searchParams.set(key, value);
    next.searchParams.set('after', cursor(start + slice.length));
    paging.next = next.toString();
  }
  return { status: 200, body: { data: slice.map(shape), paging } };
}

/** Fetches an image the way Meta does: from the public URL it was given. */
export async function fetchImage(url: string): Promise<{ bytes: Buffer; contentType: string } | { error: string }> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) return { error: `HTTP ${response.status}` };
    return {
      bytes: Buffer.from(await response.arrayBuffer()),
      contentType: (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '',
    };
  } catch (error) {
    return { error: (error as Error).message };
  }
}
