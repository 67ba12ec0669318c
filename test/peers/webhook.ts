import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { type FaultMatch, FaultSwitches } from './fault-switches.js';
import { readBody, sendJson, startHttpPeer } from './kit/http.js';

/**
 * A webhook receiver that keeps the contract of docs/webhooks.md, as a receiver written from those
 * docs would: it checks `X-Kanaal-Signature` with the docs' verification (HMAC-SHA256 over
 * `timestamp + "." + raw body` — the raw query string for lookups — compared in constant time,
 * timestamps more than 5 minutes off refused), treats a repeated Idempotency-Key as the same post
 * (same `{id, url}`, nothing stored twice), answers pings, and answers
 * `GET ?idempotency_key=` lookups with 200 or 404. Listens on 127.0.0.1, port chosen by the system.
 *
 * Fault switches (matching rules shared with every peer):
 * - `status429`: 429 with `Retry-After: retryAfterSeconds` (default 30), before anything is done.
 * - `status500`: 500; with `afterStore: true` the post is stored first.
 * - `slow`: waits `delayMs`, then processes (even if the sender gave up).
 * - `cutAfterStore`: stores the post, then destroys the socket: the duplicate trap.
 * - `cutBeforeStore`: destroys the socket on arrival; nothing stored.
 * - `badSecret`: checks the signature against another secret (as after a rotation on one side only).
 */

export type WebhookFault = FaultMatch &
  (
    | { kind: 'status429'; retryAfterSeconds?: number }
    | { kind: 'status500'; afterStore?: boolean }
    | { kind: 'slow'; delayMs: number }
    | { kind: 'cutAfterStore' }
    | { kind: 'cutBeforeStore' }
    | { kind: 'badSecret' }
  );

export type StoredPost = {
  id: string;
  url: string;
  idempotencyKey: string;
  payload: {
    type: 'post';
    idempotencyKey: string;
    channel: { handle: string };
    text: string;
    language: string | null;
    media: Array<{ fileName: string; mimeType: string; altText: string; sha256: string; dataBase64: string }>;
    sentAt: string;
  };
  receivedAt: Date;
};

export type ReceivedRequest = { method: string; path: string; verdict: 'ok' | 'bad-signature' | 'fault'; status: number | 'cut' };

export type WebhookPeerSettings = {
  /** Answer GET lookups (false: 405, like a receiver that never implemented them). */
  lookups: boolean;
  /** `full`: `{id, url}`; `empty`: 204 without a body (Kanaal then uses the key as id). */
  reply: 'full' | 'empty';
};

export type WebhookPeer = {
  /** The receiver's address, with a path, as a person would enter it on the channel. */
  url: string;
  secret: string;
  posts: Map<string, StoredPost>;
  received: ReceivedRequest[];
  pings: number;
  duplicates: number;
  faults: FaultSwitches<WebhookFault>;
  settings: WebhookPeerSettings;
  settled(): Promise<void>;
  close(): Promise<void>;
};

/** The docs/webhooks.md verification, line for line (typed). */
export function verifyKanaalSignature(
  secret: string,
  timestamp: string | undefined,
  signature: string | undefined,
  signedContent: Buffer,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  if (!timestamp || !/^\d+$/.test(timestamp) || !signature) return false;
  if (Math.abs(nowSeconds - Number(timestamp)) > 300) return false; // 5-minute tolerance
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(signedContent).digest('hex')}`;
  const a = Buffer.from(expected);
  const b = Buffer.from(signature);
  return a.length === b.length && timingSafeEqual(a, b);
}

function one(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export async function startWebhookPeer(options: { secret?: string; path?: string } = {}): Promise<WebhookPeer> {
  const secret = options.secret ?? randomBytes(32).toString('base64url');
  const path = options.path ?? '/hooks/kanaal';
  const posts = new Map<string, StoredPost>();
  const received: ReceivedRequest[] = [];
  const faults = new FaultSwitches<WebhookFault>();
  const settings: WebhookPeerSettings = { lookups: true, reply: 'full' };
  let nextId = 1;
  const peer = { pings: 0, duplicates: 0 };

  const http = await startHttpPeer(handle, { onError: (res) => reply(res, 500, { error: 'internal error' }) });
  const base = http.url;

  function store(payload: StoredPost['payload']): StoredPost {
    const id = `wh-${nextId++}`;
    const post: StoredPost = { id, url: `${base}/nieuws/${id}`, idempotencyKey: payload.idempotencyKey, payload, receivedAt: new Date() };
    posts.set(payload.idempotencyKey, post);
    return post;
  }

  function answer(res: ServerResponse, status: number, post: StoredPost | null): number {
    if (settings.reply === 'empty') return reply(res, status === 201 ? 204 : status, undefined);
    return reply(res, status, post ? { id: post.id, url: post.url } : { ok: true });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const url = new URL(req.url ?? '/', base);
    const method = (req.method ?? 'GET').toUpperCase();
    const log: ReceivedRequest = { method, path: url.pathname, verdict: 'ok', status: 0 };
    received.push(log);
    const fault = faults.take(method, url.pathname);
    if (fault?.kind === 'cutBeforeStore') {
      log.status = 'cut';
      res.socket?.destroy();
      return;
    }
    if (fault?.kind === 'slow') await sleep(fault.delayMs, undefined, { signal: http.closing }).catch(() => undefined);
    if (fault?.kind === 'status429') {
      log.verdict = 'fault';
      log.status = reply(res, 429, { error: 'slow down' }, { 'Retry-After': String(fault.retryAfterSeconds ?? 30) });
      return;
    }
    if (fault?.kind === 'status500' && !fault.afterStore) {
      log.verdict = 'fault';
      log.status = reply(res, 500, { error: 'receiver broke' });
      return;
    }
    if (url.pathname !== path) {
      log.status = reply(res, 404, { error: 'no such hook' });
      return;
    }
    // Lookups sign the raw query string; everything else signs the raw body.
    const signed = method === 'GET' ? Buffer.from(url.search.slice(1)) : raw;
    const key = fault?.kind === 'badSecret' ? `${secret}-rotated` : secret;
    if (!verifyKanaalSignature(key, one(req.headers['x-kanaal-timestamp']), one(req.headers['x-kanaal-signature']), signed)) {
      log.verdict = 'bad-signature';
      log.status = reply(res, 401, { error: 'invalid signature' });
      return;
    }
    if (method === 'GET') {
      if (!settings.lookups) {
        log.status = reply(res, 405, { error: 'lookups not supported' });
        return;
      }
      const found = posts.get(url.searchParams.get('idempotency_key') ?? '');
      log.status = found ? reply(res, 200, { id: found.id, url: found.url }) : reply(res, 404, { error: 'unknown idempotency key' });
      return;
    }
    if (method !== 'POST') {
      log.status = reply(res, 405, { error: 'method not allowed' });
      return;
    }
    let payload: Record<string, unknown>;
    try {
      payload = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
    } catch {
      log.status = reply(res, 400, { error: 'body is not JSON' });
      return;
    }
    if (payload.type === 'ping') {
      peer.pings += 1;
      log.status = reply(res, 200, { ok: true, name: 'Stadswebsite (test)' });
      return;
    }
    const idempotencyKey = one(req.headers['idempotency-key']);
    if (payload.type !== 'post' || !idempotencyKey || idempotencyKey !== payload.idempotencyKey) {
      log.status = reply(res, 400, { error: 'a post needs type "post" and the same Idempotency-Key in header and body' });
      return;
    }
    const existing = posts.get(idempotencyKey);
    if (existing) {
      peer.duplicates += 1;
      log.status = answer(res, 200, existing);
      return;
    }
    const media = Array.isArray(payload.media) ? (payload.media as StoredPost['payload']['media']) : [];
    if (typeof payload.text !== 'string' || payload.text.trim() === '') {
      log.status = reply(res, 422, { error: 'text is required' });
      return;
    }
    const corrupt = media.find((m) => createHash('sha256').update(Buffer.from(m.dataBase64, 'base64')).digest('hex') !== m.sha256);
    if (corrupt) {
      log.status = reply(res, 422, { error: `sha256 of ${corrupt.fileName} does not match its data` });
      return;
    }
    const post = store(payload as StoredPost['payload']);
    if (fault?.kind === 'cutAfterStore') {
      log.status = 'cut';
      res.socket?.destroy();
      return;
    }
    if (fault?.kind === 'status500') {
      log.verdict = 'fault';
      log.status = reply(res, 500, { error: 'receiver broke after storing' });
      return;
    }
    log.status = answer(res, 201, post);
  }

  return {
    url: `${base}${path}`,
    secret,
    posts,
    received,
    get pings() {
      return peer.pings;
    },
    get duplicates() {
      return peer.duplicates;
    },
    faults,
    settings,
    settled: http.settled,
    close: http.close,
  };
}

/** Sends a JSON reply; returns its status for the request log. */
function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): number {
  sendJson(res, { status, body, headers }, 'application/json');
  return status;
}
