/**
 * Mastodon streaming reader (docs.joinmastodon.org/methods/streaming): one WebSocket to
 * `/api/v1/streaming`, one `subscribe` message per stream, `update` statuses turned into SourceItems.
 *
 * Why `ws` and not masto's createStreamingAPIClient: masto v7 accepts a WebSocket implementation,
 * but it constructs it with only (url, protocols), so the socket cannot be pinned to the address we
 * checked against the private-network rules; its backoff is uncapped and without jitter (1 s · 2ⁿ);
 * it reports no connection state (connected, retrying, why it failed); and an `{error}` frame ends
 * the subscription's iterator. Each is a requirement here.
 *
 * Gaps: Mastodon streaming has no cursor, so statuses posted while disconnected never arrive on the
 * socket. With `fillGaps` (default on), after each reconnect the reader polls every stream's REST
 * timeline from the last status id it saw (fetchSince, through safeFetch) and delivers what the gap
 * held; a caller can do the same itself with `fetchSince` and `state().lastStatusIds`. Polled and
 * streamed statuses can overlap: the caller deduplicates by `externalId` (the status URI).
 *
 * Access: Mastodon's streaming server asks for an access token on every WebSocket upgrade (401
 * "Missing access token" otherwise); any user token works for public and hashtag streams, no scope
 * needed. Some other servers (and older Mastodon) stream public timelines without one.
 */
import WebSocket from 'ws';
import { UnsafeUrlError } from '../../../kit/safe-fetch.js';
import type { SourceItem } from '../sources/item.js';
import { discoverInstance, fetchSince, type MastodonStreamSpec, streamKey } from './mastodon-fetch.js';
import { compareStatusIds, parseStreamingMessage, statusToItem } from './mastodon-status.js';
import { Backoff, type BackoffOptions, closeSocket, describeSocketError, frameText, IdleWatch } from './reconnect.js';
import { checkStreamTarget, type StreamTarget } from './stream-target.js';

export type { MastodonStreamSpec };

export type MastodonItemInfo = {
  stream: MastodonStreamSpec;
  /** The status id on this instance (what `fetchSince` takes). */
  statusId: string;
  /** `status.update`: the author edited a status already delivered. */
  edited: boolean;
  /** Recovered by polling after a reconnect, not received on the socket. */
  fromPoll: boolean;
};

export type MastodonStreamOptions = {
  /** User-given; checked against the private-network rules before anything is sent. */
  instanceUrl: string;
  streams: MastodonStreamSpec[];
  accessToken?: string;
  /** Streaming server when not the one /api/v2/instance names (itself checked the same way). */
  streamingUrl?: string;
  /** Called in order, one call at a time; a throw is recorded in `lastError`, the stream goes on. */
  onItems: (items: SourceItem[], info: MastodonItemInfo) => void | Promise<void>;
  /** A status was deleted; `statusId` is the instance's id, not the URI. */
  onDelete?: (statusId: string, stream: MastodonStreamSpec) => void | Promise<void>;
  onState?: (state: MastodonStreamState) => void;
  /** Poll for statuses missed while disconnected. Default true. */
  fillGaps?: boolean;
  /** Hosts or CIDRs that may be reached even if private. Default: KANAAL_ALLOW_URLS. */
  allow?: string[];
  backoff?: BackoffOptions;
  /** Silence after which the connection is considered dead, in ms. Default 120 000 (Mastodon pings every 30 s). */
  idleTimeoutMs?: number;
};

export type MastodonStreamCounters = {
  events: number;
  items: number;
  deletes: number;
  malformed: number;
  reconnects: number;
  polledItems: number;
};

export type MastodonStreamState = {
  connected: boolean;
  /** When the last frame arrived (Mastodon events carry no time of their own). */
  lastEventAt: Date | null;
  lastError: string | null;
  /** Newest status id seen per stream (`streamKey`), for `fetchSince`. */
  lastStatusIds: Record<string, string>;
  nextAttemptAt: Date | null;
  stopped: boolean;
};

export type MastodonStreamReader = {
  readonly counters: Readonly<MastodonStreamCounters>;
  state(): MastodonStreamState;
  /** Closes the socket, stops reconnecting, waits for deliveries in progress. */
  stop(): Promise<void>;
};

/** Connection that stayed up this long counts as working even without events (quiet hashtags). */
const STABLE_MS = 10_000;

/**
 * Starts reading. Rejects with UnsafeUrlError when the instance (or its streaming server) is on a
 * private network and not allow-listed; any other trouble (DNS, refused, 401) goes to `lastError`
 * and the reader keeps retrying with backoff.
 */
export async function startMastodonStream(options: MastodonStreamOptions): Promise<MastodonStreamReader> {
  const rest = { accessToken: options.accessToken, allow: options.allow };
  const instance = await discoverInstance(options.instanceUrl, rest);
  const endpoint = new URL('/api/v1/streaming', options.streamingUrl ?? instance.streamingUrl);
  let firstTarget: StreamTarget | null = null;
  try {
    firstTarget = await checkStreamTarget(endpoint, options.allow);
  } catch (error) {
    if (error instanceof UnsafeUrlError) throw error;
  }

  const specs = new Map(options.streams.map((spec) => [streamKey(spec), spec]));
  const backoff = new Backoff(options.backoff);
  const idleTimeoutMs = options.idleTimeoutMs ?? 120_000;
  const counters: MastodonStreamCounters = { events: 0, items: 0, deletes: 0, malformed: 0, reconnects: 0, polledItems: 0 };
  const lastIds: Record<string, string> = {};
  let socket: WebSocket | null = null;
  let idle: IdleWatch | null = null;
  let connected = false;
  let stopped = false;
  let everOpened = false;
  let openedAt = 0;
  let lastEventAt: Date | null = null;
  let lastError: string | null = null;
  let nextAttemptAt: Date | null = null;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let chain: Promise<void> = Promise.resolve();
  let pending = 0;

  const state = (): MastodonStreamState => ({ connected, lastEventAt, lastError, lastStatusIds: { ...lastIds }, nextAttemptAt, stopped });
  const emitState = () => options.onState?.(state());

  /** Hands work to the caller in order; pauses reading when the caller falls far behind. */
  function enqueue(work: () => void | Promise<void>, what: string): void {
    pending += 1;
    if (pending > 500 && socket !== null && !socket.isPaused) socket.pause();
    chain = chain
      .then(work)
      .catch((error: unknown) => {
        lastError = `${what} failed: ${(error instanceof Error ? error.message : String(error)).slice(0, 200)}`;
        emitState();
      })
      .finally(() => {
        pending -= 1;
        if (pending <= 100 && socket?.isPaused) socket.resume();
      });
  }

  function noteId(key: string, id: string): void {
    const known = lastIds[key];
    if (known === undefined || compareStatusIds(id, known) > 0) lastIds[key] = id;
  }

  async function connect(): Promise<void> {
    reconnectTimer = null;
    nextAttemptAt = null;
    if (stopped) return;
    let target = firstTarget;
    firstTarget = null;
    if (target === null) {
      try {
        // Checked again on every attempt: the name may point elsewhere by now.
        target = await checkStreamTarget(endpoint, options.allow);
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        if (error instanceof UnsafeUrlError)
          stopped = true; // refused for good, retrying will not help
        else scheduleReconnect();
        emitState();
        return;
      }
      if (stopped) return;
    }
    const headers: Record<string, string> = { 'user-agent': 'Kanaal/0.1 (+https://github.com/kanaal)' };
    if (options.accessToken) headers.authorization = `Bearer ${options.accessToken}`;
    const ws = new WebSocket(target.url, {
      headers,
      lookup: target.lookup,
      family: target.family,
      handshakeTimeout: 15_000,
      maxPayload: 8 * 1024 * 1024,
      perMessageDeflate: false,
    });
    socket = ws;
    let received = false;
    ws.on('open', () => {
      if (ws !== socket) return;
      connected = true;
      lastError = null;
      openedAt = Date.now();
      idle = new IdleWatch(ws, idleTimeoutMs, () =>
        dropConnection(ws, `no data from the instance for ${Math.round(idleTimeoutMs / 1000)} seconds`),
      );
      for (const spec of specs.values()) ws.send(JSON.stringify({ type: 'subscribe', ...spec }));
      if (everOpened && options.fillGaps !== false) fillGaps();
      everOpened = true;
      emitState();
    });
    ws.on('message', (data) => {
      if (ws !== socket) return;
      idle?.touch();
      received = true;
      lastEventAt = new Date();
      onFrame(frameText(data));
    });
    ws.on('error', (error) => {
      if (ws === socket) lastError = describeSocketError(error);
    });
    ws.on('close', (code) => {
      if (ws !== socket) return;
      if (received || (openedAt > 0 && Date.now() - openedAt >= STABLE_MS)) backoff.reset();
      if (lastError === null && code !== 1000) lastError = 'the connection was cut';
      dropConnection(ws, null);
    });
  }

  function scheduleReconnect(): void {
    const delay = backoff.next();
    counters.reconnects += 1;
    nextAttemptAt = new Date(Date.now() + delay);
    reconnectTimer = setTimeout(() => void connect(), delay);
  }

  function dropConnection(ws: WebSocket, reason: string | null): void {
    if (ws !== socket) return;
    if (reason !== null) lastError = reason;
    socket = null;
    connected = false;
    openedAt = 0;
    idle?.stop();
    idle = null;
    ws.removeAllListeners('message');
    ws.on('error', () => {});
    if (ws.readyState !== WebSocket.CLOSED) ws.terminate();
    if (!stopped) scheduleReconnect();
    emitState();
  }

  function onFrame(text: string): void {
    const message = parseStreamingMessage(text);
    if (message.type === 'malformed') {
      counters.malformed += 1;
      return;
    }
    if (message.type === 'error') {
      lastError = `the instance refused a stream: ${message.error}`;
      emitState();
      return;
    }
    const spec = message.type === 'other' ? undefined : specs.get(message.stream);
    if (message.type === 'other' || spec === undefined) return; // another stream or event (system messages, an old subscription)
    counters.events += 1;
    if (message.type === 'delete') {
      counters.deletes += 1;
      if (options.onDelete) enqueue(() => options.onDelete?.(message.statusId, spec), 'handling a deletion');
      return;
    }
    const item = statusToItem(message.status, instance.domain);
    if (item === null) {
      counters.malformed += 1;
      return;
    }
    counters.items += 1;
    noteId(message.stream, message.statusId);
    const info: MastodonItemInfo = { stream: spec, statusId: message.statusId, edited: message.edited, fromPoll: false };
    enqueue(() => options.onItems([item], info), 'storing a post');
  }

  function fillGaps(): void {
    for (const [key, spec] of specs) {
      const since = lastIds[key];
      if (since === undefined) continue; // nothing seen yet: no position to fill from
      fetchSince(options.instanceUrl, spec, since, { ...rest, localDomain: instance.domain })
        .then((result) => {
          if (stopped || result.newestId === null) return;
          noteId(key, result.newestId);
          counters.polledItems += result.items.length;
          if (!result.complete) lastError = `the gap after reconnecting to ${key} was too long: its newest posts were not fetched`;
          const info: MastodonItemInfo = { stream: spec, statusId: result.newestId, edited: false, fromPoll: true };
          if (result.items.length > 0) enqueue(() => options.onItems(result.items, info), 'storing polled posts');
        })
        .catch((error: unknown) => {
          lastError = `filling the gap after reconnecting failed: ${error instanceof Error ? error.message : String(error)}`;
          emitState();
        });
    }
  }

  async function stop(): Promise<void> {
    if (stopped && socket === null) return;
    stopped = true;
    if (reconnectTimer !== null) clearTimeout(reconnectTimer);
    reconnectTimer = null;
    nextAttemptAt = null;
    idle?.stop();
    const ws = socket;
    socket = null;
    connected = false;
    if (ws !== null) await closeSocket(ws);
    await chain;
    emitState();
  }

  void connect();
  return { counters, state, stop };
}
