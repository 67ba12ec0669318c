import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { type FaultMatch, FaultSwitches } from './fault-switches.js';
import { startHttpPeer } from './kit/http.js';

/**
 * A small Bluesky AppView on 127.0.0.1 that answers the one public read Kanaal makes there:
 * XRPC `app.bsky.actor.searchActors` (GET /xrpc/app.bsky.actor.searchActors?q=&limit=&cursor=),
 * shaped by its lexicon — `{ actors: ProfileView[], cursor? }`, ProfileView `{did, handle,
 * displayName?, avatar?, …}` — and XRPC errors (`{error, message}`: 400 InvalidRequest for a bad
 * limit, 501 MethodNotImplemented for other methods). No authentication, as the public AppView.
 *
 * Matching: every word of `q` (or the deprecated `term`) must occur in the handle or the display
 * name, case-insensitively. The real AppView's search is fuzzier; it does not fold look-alike
 * letters either. `limit` 1–100 (default 25); `cursor` is an offset.
 *
 * Faults (shared switches): `slow` (delays the answer), `status500`, `status429` (with
 * RateLimit-* headers as the AppView sends them).
 */

export type AppViewActor = { did: string; handle: string; displayName?: string; avatar?: string; description?: string };

export type AppViewFault = FaultMatch &
  ({ kind: 'slow'; delayMs: number } | { kind: 'status500' } | { kind: 'status429'; retryAfterSeconds?: number });

export type BlueskyAppViewPeer = {
  /** http://127.0.0.1:PORT — what KANAAL_BLUESKY_APPVIEW would hold. */
  url: string;
  actors: AppViewActor[];
  /** Adds an actor with a did:plc derived from its handle. Throws on a handle Bluesky would refuse. */
  addActor(input: { handle: string; displayName?: string; avatar?: string }): AppViewActor;
  faults: FaultSwitches<AppViewFault>;
  /** Every request, in order (path and query), for assertions. */
  requests: Array<{ method: string; path: string; query: URLSearchParams }>;
  close(): Promise<void>;
};

const HANDLE = /^([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function plcDid(handle: string): string {
  const digest = createHash('sha256').update(handle).digest();
  let id = '';
  for (let i = 0; i < 24; i += 1) id += BASE32[(digest[i] ?? 0) % 32];
  return `did:plc:${id}`;
}

function xrpcError(res: ServerResponse, status: number, error: string, message: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify({ error, message }));
}

export async function startBlueskyAppViewPeer(): Promise<BlueskyAppViewPeer> {
  const actors: AppViewActor[] = [];
  const faults = new FaultSwitches<AppViewFault>();
  const requests: BlueskyAppViewPeer['requests'] = [];

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://appview');
    const method = (req.method ?? 'GET').toUpperCase();
    requests.push({ method, path: url.pathname, query: url.searchParams });
    const fault = faults.take(method, url.pathname);
    if (fault?.kind === 'slow') await sleep(fault.delayMs, undefined, { signal: http.closing }).catch(() => undefined);
    if (res.destroyed) return;
    if (fault?.kind === 'status500') return xrpcError(res, 500, 'InternalServerError', 'Internal Server Error');
    if (fault?.kind === 'status429') {
      const seconds = fault.retryAfterSeconds ?? 30;
      return xrpcError(res, 429, 'RateLimitExceeded', 'Rate Limit Exceeded', {
        'ratelimit-limit': '3000',
        'ratelimit-remaining': '0',
        'ratelimit-reset': String(Math.ceil(Date.now() / 1000) + seconds),
        'ratelimit-policy': '3000;w=300',
      });
    }
    if (url.pathname !== '/xrpc/app.bsky.actor.searchActors') {
      return url.pathname.startsWith('/xrpc/')
        ? xrpcError(res, 501, 'MethodNotImplemented', 'Method Not Implemented')
        : xrpcError(res, 404, 'NotFound', 'Not Found');
    }
    if (method !== 'GET') return xrpcError(res, 400, 'InvalidRequest', 'Incorrect HTTP method (POST) expected GET');
    const rawLimit = url.searchParams.get('limit');
    const limit = rawLimit === null ? 25 : Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      return xrpcError(res, 400, 'InvalidRequest', 'Error: Params must have the property "limit" be <= 100 and >= 1');
    }
    const offset = Math.max(0, Number.parseInt(url.searchParams.get('cursor') ?? '0', 10) || 0);
    const q = (url.searchParams.get('q') ?? url.searchParams.get('term') ?? '').toLowerCase();
    const terms = q.split(/\s+/).filter(Boolean);
    const found =
      terms.length === 0
        ? []
        : actors.filter((a) => terms.every((t) => a.handle.toLowerCase().includes(t) || (a.displayName ?? '').toLowerCase().includes(t)));
    const page = found.slice(offset, offset + limit);
    const body: { actors: AppViewActor[]; cursor?: string } = { actors: page.map((a) => ({ ...a, indexedAt: new Date(0).toISOString() })) };
    if (offset + limit < found.length) body.cursor = String(offset + limit);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  }

  const http = await startHttpPeer(handle, { onError: (res) => xrpcError(res, 500, 'InternalServerError', 'Internal Server Error') });

  return {
    url: http.url,
    actors,
    faults,
    requests,
    addActor(input) {
      if (!HANDLE.test(input.handle)) throw new Error(`"${input.handle}" is not a valid Bluesky handle`);
      const actor: AppViewActor = { did: plcDid(input.handle), handle: input.handle.toLowerCase() };
      if (input.displayName !== undefined) actor.displayName = input.displayName;
      if (input.avatar !== undefined) actor.avatar = input.avatar;
      actors.push(actor);
      return actor;
    },
    close: http.close,
  };
}
