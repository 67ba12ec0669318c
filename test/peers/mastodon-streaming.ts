/**
 * A local Mastodon streaming server, after docs.joinmastodon.org/methods/streaming and Mastodon's
 * own streaming/index.js: WebSocket upgrade on /api/v1/streaming (401 with X-Error-Message when a
 * token is required and missing or unknown), `subscribe`/`unsubscribe` messages (`stream`, `tag`),
 * events as `{stream: [name, tag?], event, payload}` with `update`/`status.update` payloads as JSON
 * strings and `delete` payloads as the bare id, `{error, status}` for a bad subscription, ping frames
 * as heartbeats. Plus the REST side a reader needs: GET /api/v2/instance, GET
 * /api/v1/timelines/tag/:hashtag and /api/v1/timelines/public (since_id, min_id, max_id, limit,
 * local, remote). Tests post statuses, cut connections and refuse upgrades.
 * Listens on 127.0.0.1, port chosen by the system.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { startHttpPeer } from './kit/http.js';

export type PeerStatus = {
  id: string;
  uri: string;
  url: string;
  created_at: string;
  content: string;
  spoiler_text: string;
  language: string | null;
  visibility: 'public';
  account: { id: string; username: string; acct: string; display_name: string; url: string };
  tags: Array<{ name: string; url: string }>;
  reblog: null;
};

export type PostInput = {
  /** `alice` (local) or `bob@elders.example` (remote). */
  acct: string;
  displayName?: string;
  content: string;
  spoilerText?: string;
  language?: string | null;
  tags?: string[];
};

type Subscription = { stream: string; tag?: string };
type Client = { ws: WebSocket; subscriptions: Subscription[] };

export type MastodonStreamingPeer = {
  /** http://127.0.0.1:PORT — the instance URL. */
  url: string;
  /** Account domain of local accounts (`domain` in /api/v2/instance). */
  domain: string;
  statuses: PeerStatus[];
  /** Upgrade attempts with the token they carried. */
  upgrades: Array<{ at: number; authorization: string | null; refusedWith: number | null }>;
  /** HTTP requests (method and path with query), REST side. */
  requests: string[];
  openSockets(): number;
  /** Current subscriptions per open socket. */
  subscriptions(): Subscription[][];
  /** Creates a status and streams it to matching subscribers (none while nobody is connected). */
  post(input: PostInput): PeerStatus;
  edit(id: string, content: string): void;
  remove(id: string): void;
  /** Sends a raw text frame to every open socket. */
  sendRaw(text: string): void;
  /** Terminates every open socket (TCP reset, as a crashed proxy would). */
  cutAll(): void;
  /** The next `times` upgrades are answered with `status`. */
  refuse(times: number, status?: number): void;
  close(): Promise<void>;
};

export type MastodonStreamingPeerOptions = {
  /** Tokens accepted; with `requireToken` an upgrade without one of them gets 401. */
  tokens?: string[];
  /** Default true, as Mastodon's streaming server does. */
  requireToken?: boolean;
  /** Account domain (LOCAL_DOMAIN). Default `stad.example`. */
  domain?: string;
  /** Ping interval in ms. Default 30 000, as Mastodon. */
  heartbeatMs?: number;
};

const PUBLIC_STREAMS = new Set(['public', 'public:local', 'public:remote', 'hashtag', 'hashtag:local']);

export async function startMastodonStreamingPeer(options: MastodonStreamingPeerOptions = {}): Promise<MastodonStreamingPeer> {
  const tokens = new Set(options.tokens ?? []);
  const requireToken = options.requireToken ?? true;
  const domain = options.domain ?? 'stad.example';
  const statuses: PeerStatus[] = [];
  const upgrades: MastodonStreamingPeer['upgrades'] = [];
  const requests: string[] = [];
  const refusals: number[] = [];
  const clients = new Set<Client>();
  let sequence = 0;

  const wss = new WebSocketServer({ noServer: true });
  const http = await startHttpPeer(handleHttp);
  const base = http.url;

  http.server.on('upgrade', (req, socket, head) => {
    // Node's HTTP server takes its error listener off a socket it hands to 'upgrade': a client that
    // resets the connection after a refusal would otherwise throw ECONNRESET in the test process.
    socket.on('error', () => {});
    const url = new URL(req.url ?? '/', base);
    const authorization = req.headers.authorization ?? null;
    const token =
      authorization?.replace(/^Bearer /, '') ?? url.searchParams.get('access_token') ?? req.headers['sec-websocket-protocol'] ?? null;
    let refusedWith = refusals.shift() ?? null;
    let message = 'Refused';
    if (refusedWith === null && url.pathname !== '/api/v1/streaming') refusedWith = 404;
    if (refusedWith === null && token !== null && !tokens.has(token)) [refusedWith, message] = [401, 'Invalid access token'];
    if (refusedWith === null && token === null && requireToken) [refusedWith, message] = [401, 'Missing access token'];
    upgrades.push({ at: Date.now(), authorization, refusedWith });
    if (refusedWith !== null) {
      socket.end(`HTTP/1.1 ${refusedWith} Refused\r\nConnection: close\r\nContent-Length: 0\r\nX-Error-Message: ${message}\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const client: Client = { ws, subscriptions: [] };
      clients.add(client);
      ws.on('close', () => clients.delete(client));
      ws.on('error', () => clients.delete(client));
      ws.on('message', (data) => onClientMessage(client, data.toString()));
      const stream = url.searchParams.get('stream');
      if (stream) subscribe(client, { stream, tag: url.searchParams.get('tag') ?? undefined });
    });
  });

  function subscribe(client: Client, sub: Subscription): void {
    const error = !PUBLIC_STREAMS.has(sub.stream)
      ? 'Unknown stream type'
      : sub.stream.startsWith('hashtag') && !sub.tag
        ? 'Missing tag name parameter'
        : null;
    if (error) {
      client.ws.send(JSON.stringify({ error, status: 400 }));
      return;
    }
    if (!client.subscriptions.some((s) => s.stream === sub.stream && s.tag?.toLowerCase() === sub.tag?.toLowerCase()))
      client.subscriptions.push(sub);
  }

  function onClientMessage(client: Client, text: string): void {
    let message: { type?: unknown; stream?: unknown; tag?: unknown };
    try {
      message = JSON.parse(text);
    } catch {
      return; // Mastodon logs and ignores
    }
    const stream = Array.isArray(message.stream) ? message.stream[0] : message.stream;
    if (typeof stream !== 'string') return;
    const tag = typeof message.tag === 'string' ? message.tag : undefined;
    if (message.type === 'subscribe') subscribe(client, { stream, tag });
    else if (message.type === 'unsubscribe') {
      client.subscriptions = client.subscriptions.filter((s) => !(s.stream === stream && s.tag?.toLowerCase() === tag?.toLowerCase()));
    }
  }

  const isLocal = (status: PeerStatus) => !status.account.acct.includes('@');
  function inStream(status: PeerStatus, sub: Subscription): boolean {
    const local = isLocal(status);
    const tagged = (tag: string | undefined) => tag !== undefined && status.tags.some((t) => t.name === tag.toLowerCase());
    switch (sub.stream) {
      case 'public':
        return true;
      case 'public:local':
        return local;
      case 'public:remote':
        return !local;
      case 'hashtag':
        return tagged(sub.tag);
      case 'hashtag:local':
        return local && tagged(sub.tag);
      default:
        return false;
    }
  }

  function broadcast(status: PeerStatus, event: string, payload: string): void {
    for (const client of clients) {
      for (const sub of client.subscriptions) {
        if (!inStream(status, sub) || client.ws.readyState !== WebSocket.OPEN) continue;
        client.ws.send(JSON.stringify({ stream: sub.tag === undefined ? [sub.stream] : [sub.stream, sub.tag], event, payload }));
      }
    }
  }

  function timeline(url: URL, filter: (status: PeerStatus) => boolean): PeerStatus[] {
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 20) || 20, 40);
    const big = (name: string) => (url.searchParams.get(name) === null ? null : BigInt(url.searchParams.get(name) as string));
    const [sinceId, minId, maxId] = [big('since_id'), big('min_id'), big('max_id')];
    let list = statuses.filter(filter);
    if (url.searchParams.get('local') === 'true') list = list.filter(isLocal);
    if (url.searchParams.get('remote') === 'true') list = list.filter((s) => !isLocal(s));
    if (maxId !== null) list = list.filter((s) => BigInt(s.id) < maxId);
    const lower = minId ?? sinceId;
    if (lower !== null) list = list.filter((s) => BigInt(s.id) > lower);
    list.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? 1 : -1)); // newest first, as Mastodon answers
    // min_id: the page just above the id (the oldest ones); since_id and none: the newest page.
    return minId !== null ? list.slice(Math.max(0, list.length - limit)) : list.slice(0, limit);
  }

  function handleHttp(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', base);
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const [status, body] = route(req.method ?? 'GET', url);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  }

  function route(method: string, url: URL): [number, unknown] {
    const notFound: [number, unknown] = [404, { error: 'Record not found' }];
    if (method !== 'GET') return notFound;
    if (url.pathname === '/api/v2/instance') {
      return [200, { domain, title: 'Stad', configuration: { urls: { streaming: base.replace(/^http/, 'ws') } } }];
    }
    const tagMatch = /^\/api\/v1\/timelines\/tag\/([^/]+)$/.exec(url.pathname);
    if (tagMatch) {
      const tag = decodeURIComponent(tagMatch[1] as string).toLowerCase();
      return [200, timeline(url, (s) => s.tags.some((t) => t.name === tag))];
    }
    if (url.pathname === '/api/v1/timelines/public') return [200, timeline(url, () => true)];
    return notFound;
  }

  const heartbeat = setInterval(() => {
    for (const client of clients) if (client.ws.readyState === WebSocket.OPEN) client.ws.ping();
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  return {
    url: base,
    domain,
    statuses,
    upgrades,
    requests,
    openSockets: () => clients.size,
    subscriptions: () => [...clients].map((c) => [...c.subscriptions]),
    post(input) {
      sequence += 1;
      const id = ((BigInt(Date.now()) << 16n) + BigInt(sequence)).toString();
      const [username, remoteDomain] = input.acct.split('@') as [string, string | undefined];
      const home = remoteDomain ? `https://${remoteDomain}` : base;
      const status: PeerStatus = {
        id,
        uri: `${home}/users/${username}/statuses/${id}`,
        url: `${home}/@${username}/${id}`,
        created_at: new Date().toISOString(),
        content: input.content,
        spoiler_text: input.spoilerText ?? '',
        language: input.language === undefined ? 'nl' : input.language,
        visibility: 'public',
        account: {
          id: String(sequence),
          username,
          acct: input.acct,
          display_name: input.displayName ?? username,
          url: `${home}/@${username}`,
        },
        tags: (input.tags ?? []).map((name) => ({ name: name.toLowerCase(), url: `${base}/tags/${name.toLowerCase()}` })),
        reblog: null,
      };
      statuses.push(status);
      broadcast(status, 'update', JSON.stringify(status));
      return status;
    },
    edit(id, content) {
      const status = statuses.find((s) => s.id === id);
      if (!status) throw new Error(`no status ${id}`);
      status.content = content;
      broadcast(status, 'status.update', JSON.stringify(status));
    },
    remove(id) {
      const index = statuses.findIndex((s) => s.id === id);
      const [status] = statuses.splice(index, 1);
      if (status) broadcast(status, 'delete', id);
    },
    sendRaw(text) {
      for (const client of clients) client.ws.send(text);
    },
    cutAll() {
      for (const client of clients) client.ws.terminate();
    },
    refuse(times, status = 503) {
      for (let i = 0; i < times; i++) refusals.push(status);
    },
    async close() {
      clearInterval(heartbeat);
      for (const client of clients) client.ws.terminate();
      wss.close();
      await http.close();
    },
  };
}
