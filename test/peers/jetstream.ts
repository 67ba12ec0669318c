/**
 * A local Jetstream (github.com/bluesky-social/jetstream): a WebSocket server on 127.0.0.1 that
 * replays generated events in Jetstream's JSON shape. It honours `cursor` (replay from the first
 * event with `time_us` ≥ cursor) and `wantedCollections` (exact NSIDs or `prefix.*`; identity and
 * account events always pass), keeps a connection open for live events (`append`), and can cut
 * connections after N frames or refuse them with an HTTP status, to test resuming and backoff.
 *
 * Unlike the real service, a connection without a cursor replays from the oldest stored event (the
 * real one live-tails), so tests do not race the clock. `generateJetstreamEvents` is deterministic
 * per seed and is shared with the benchmark.
 */
import { WebSocket, WebSocketServer } from 'ws';
import { startHttpPeer } from './kit/http.js';

export type FrameKind = 'post' | 'post-update' | 'post-delete' | 'like' | 'identity' | 'account' | 'malformed' | 'broken-post';

export type GeneratedFrame = {
  kind: FrameKind;
  /** The event time; a malformed frame (no time of its own) carries its predecessor's, for replay order. */
  timeUs: number;
  /** What goes on the wire. */
  frame: string;
  collection: string | null;
  /** For posts: what a reader should make of them. */
  expected?: { uri: string; url: string; did: string; text: string; language: string | null; createdAt: string };
};

const TEXTS: Record<string, string[]> = {
  nl: [
    'De gemeente opent vandaag het nieuwe zwembad in Zuid. Kom je ook? 🏊',
    'Wegwerkzaamheden op de Ringweg: verwacht vertraging tot vrijdag.',
    'Raadsvergadering over het klimaatplan begint om 19.30 uur, live te volgen.',
    'Wie heeft er ook last van geluidsoverlast bij het station? Meld het!',
    'Een überlekker ijsje op de markt, maar waar blijft de afvalbak? #zwerfafval',
  ],
  fr: [
    "La mairie annonce la fermeture de la piscine pour travaux jusqu'à l'été.",
    'Réunion publique sur le plan vélo ce soir à la salle des fêtes.',
    'Alerte météo : vents forts prévus cette nuit, prudence sur les routes.',
    'Les élèves du lycée ont planté 200 arbres près de la rivière. Bravo à eux !',
    'Où déposer les encombrants ? Le site de la déchetterie ne répond plus.',
  ],
  en: [
    'The council just published the new recycling calendar, finally.',
    'Is the bus to the hospital running today? No updates on the website.',
    'Great turnout at the town hall meeting about the new bridge.',
    'Scam alert: someone pretends to be the city tax office on messaging apps.',
    'Road closed near the harbour after the storm, take the north exit.',
  ],
};
const LANG_TAGS: Record<string, string[]> = { nl: ['nl', 'nl-NL', 'nl-BE'], fr: ['fr', 'fr-BE', 'fr-FR'], en: ['en', 'en-GB', 'en-US'] };
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** mulberry32: small, fast and deterministic. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

function token(random: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE32[Math.floor(random() * 32)];
  return out;
}

export type GenerateOptions = {
  seed?: number;
  /** time_us of the first event. Default 1 725 911 162 000 000 (September 2024). */
  startUs?: number;
  /** Microseconds between events. Default 1 000. */
  stepUs?: number;
  /** Share of frames that are broken (bad JSON, no time, post without text). Default 0.02; 0 for benchmarks. */
  malformedRate?: number;
};

/**
 * `count` frames, deterministic for a seed: about 75 % NL/FR/EN post creates (some with regional
 * language tags or none), the rest likes, post updates and deletes, identity and account events, and
 * a share of malformed frames.
 */
export function generateJetstreamEvents(count: number, options: GenerateOptions = {}): GeneratedFrame[] {
  const random = rng(options.seed ?? 1);
  const startUs = options.startUs ?? 1_725_911_162_000_000;
  const stepUs = options.stepUs ?? 1_000;
  const malformedRate = options.malformedRate ?? 0.02;
  const dids = Array.from({ length: 200 }, () => `did:plc:${token(random, 24)}`);
  const frames: GeneratedFrame[] = [];
  const posted: Array<{ did: string; rkey: string }> = [];
  let timeUs = startUs;

  for (let i = 0; i < count; i++) {
    const roll = random();
    if (roll < malformedRate) {
      const broken = ['{"did":"did:plc:x","time_us":', '[1,2,3]', '{"kind":"commit","commit":{}}', 'null', '\u0000\u0001garbage'];
      const choice = Math.floor(random() * (broken.length + 1));
      if (choice < broken.length) {
        frames.push({ kind: 'malformed', timeUs, frame: broken[choice] as string, collection: null });
        continue;
      }
      timeUs += stepUs;
      const frame = JSON.stringify({
        did: pick(random, dids),
        time_us: timeUs,
        kind: 'commit',
        commit: {
          rev: token(random, 13),
          operation: 'create',
          collection: 'app.bsky.feed.post',
          rkey: token(random, 13),
          record: { langs: ['nl'] },
        },
      });
      frames.push({ kind: 'broken-post', timeUs, frame, collection: 'app.bsky.feed.post' });
      continue;
    }
    timeUs += stepUs;
    const did = pick(random, dids);
    const rkey = token(random, 13);
    const rev = token(random, 13);
    const cid = `bafyrei${token(random, 52)}`;
    const createdAt = new Date(Math.floor(timeUs / 1000) - 200).toISOString();
    if (roll < 0.75) {
      const language = pick(random, ['nl', 'fr', 'en'] as const);
      const text = `${pick(random, TEXTS[language] as string[])} (${i})`;
      const tagRoll = random();
      const langs = tagRoll < 0.1 ? undefined : [pick(random, LANG_TAGS[language] as string[])];
      const record = { $type: 'app.bsky.feed.post', text, ...(langs ? { langs } : {}), createdAt };
      const frame = JSON.stringify({
        did,
        time_us: timeUs,
        kind: 'commit',
        commit: { rev, operation: 'create', collection: 'app.bsky.feed.post', rkey, record, cid },
      });
      posted.push({ did, rkey });
      const uri = `at://${did}/app.bsky.feed.post/${rkey}`;
      const expected = {
        uri,
        url: `https://bsky.app/profile/${did}/post/${rkey}`,
        did,
        text,
        language: langs ? language : null,
        createdAt,
      };
      frames.push({ kind: 'post', timeUs, frame, collection: 'app.bsky.feed.post', expected });
    } else if (roll < 0.83) {
      const record = {
        $type: 'app.bsky.feed.like',
        createdAt,
        subject: { cid, uri: `at://${pick(random, dids)}/app.bsky.feed.post/${token(random, 13)}` },
      };
      const frame = JSON.stringify({
        did,
        time_us: timeUs,
        kind: 'commit',
        commit: { rev, operation: 'create', collection: 'app.bsky.feed.like', rkey, record, cid },
      });
      frames.push({ kind: 'like', timeUs, frame, collection: 'app.bsky.feed.like' });
    } else if (roll < 0.86 && posted.length > 0) {
      const target = pick(random, posted);
      const record = { $type: 'app.bsky.feed.post', text: 'edited', createdAt };
      const commit = { rev, operation: 'update', collection: 'app.bsky.feed.post', rkey: target.rkey, record, cid };
      frames.push({
        kind: 'post-update',
        timeUs,
        frame: JSON.stringify({ did: target.did, time_us: timeUs, kind: 'commit', commit }),
        collection: 'app.bsky.feed.post',
      });
    } else if (roll < 0.91 && posted.length > 0) {
      const target = pick(random, posted);
      const commit = { rev, operation: 'delete', collection: 'app.bsky.feed.post', rkey: target.rkey };
      frames.push({
        kind: 'post-delete',
        timeUs,
        frame: JSON.stringify({ did: target.did, time_us: timeUs, kind: 'commit', commit }),
        collection: 'app.bsky.feed.post',
      });
    } else if (roll < 0.96) {
      const identity = { did, handle: `${token(random, 8)}.bsky.social`, seq: i, time: createdAt };
      frames.push({
        kind: 'identity',
        timeUs,
        frame: JSON.stringify({ did, time_us: timeUs, kind: 'identity', identity }),
        collection: null,
      });
    } else {
      const account = { active: random() < 0.7, did, seq: i, time: createdAt };
      frames.push({ kind: 'account', timeUs, frame: JSON.stringify({ did, time_us: timeUs, kind: 'account', account }), collection: null });
    }
  }
  return frames;
}

/** Jetstream's filter: exact NSID or `prefix.*`; frames without a collection always pass. */
export function wanted(collection: string | null, filters: string[]): boolean {
  if (collection === null || filters.length === 0) return true;
  return filters.some((filter) => (filter.endsWith('.*') ? collection.startsWith(filter.slice(0, -1)) : filter === collection));
}

export type JetstreamConnection = { at: number; cursor: number | null; wantedCollections: string[]; refused: number | null };

export type JetstreamPeer = {
  /** ws://127.0.0.1:PORT/subscribe */
  url: string;
  /** Every connection attempt, in order (refused ones too). */
  connections: JetstreamConnection[];
  /** Sockets open now. */
  openSockets(): number;
  /** The next `times` connections are cut (TCP reset) after sending `frames` frames. */
  cutAfter(frames: number, times?: number): void;
  /** The next `times` upgrade requests are answered with `status` instead. */
  refuse(times: number, status?: number): void;
  /** Adds events to the history and sends them to connected readers that want them. */
  append(frames: GeneratedFrame[]): void;
  close(): Promise<void>;
};

export async function startJetstreamPeer(options: { events?: GeneratedFrame[] } = {}): Promise<JetstreamPeer> {
  const history: GeneratedFrame[] = [...(options.events ?? [])];
  const connections: JetstreamConnection[] = [];
  const cuts: number[] = [];
  const refusals: number[] = [];
  const live = new Set<{ ws: WebSocket; filters: string[]; sent: number; cutAt: number | null; replaying: boolean }>();
  const wss = new WebSocketServer({ noServer: true });
  const http = await startHttpPeer((_req, res) => {
    res.writeHead(404).end();
  });

  http.server.on('upgrade', (req, socket, head) => {
    // Node's HTTP server takes its error listener off a socket it hands to 'upgrade': a client that
    // resets the connection after a refusal would otherwise throw ECONNRESET in the test process.
    socket.on('error', () => {});
    const url = new URL(req.url ?? '/', 'http://localhost');
    const cursorParam = url.searchParams.get('cursor');
    const cursor = cursorParam === null ? null : Number(cursorParam);
    const filters = url.searchParams.getAll('wantedCollections');
    const refused = refusals.shift() ?? null;
    connections.push({ at: Date.now(), cursor, wantedCollections: filters, refused });
    if (url.pathname !== '/subscribe' || refused !== null) {
      socket.end(`HTTP/1.1 ${refused ?? 404} Refused\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const client = { ws, filters, sent: 0, cutAt: cuts.shift() ?? null, replaying: true };
      live.add(client);
      ws.on('close', () => live.delete(client));
      ws.on('error', () => live.delete(client));
      const start = cursor === null ? 0 : history.findIndex((frame) => frame.timeUs >= cursor);
      void replay(client, start === -1 ? history.length : start);
    });
  });

  function send(client: { ws: WebSocket; filters: string[]; sent: number; cutAt: number | null }, frame: GeneratedFrame): boolean {
    if (client.ws.readyState !== WebSocket.OPEN) return false;
    if (!wanted(frame.collection, client.filters)) return true;
    client.ws.send(frame.frame);
    client.sent += 1;
    if (client.cutAt !== null && client.sent >= client.cutAt) {
      client.ws.terminate();
      return false;
    }
    return true;
  }

  async function replay(
    client: { ws: WebSocket; filters: string[]; sent: number; cutAt: number | null; replaying: boolean },
    from: number,
  ) {
    // Live appends during the replay are picked up because the loop reads `history.length` each turn.
    for (let i = from; i < history.length; i++) {
      if (!send(client, history[i] as GeneratedFrame)) return;
      if (client.ws.bufferedAmount > 1 << 20) {
        while (client.ws.readyState === WebSocket.OPEN && client.ws.bufferedAmount > 1 << 18) await new Promise((r) => setTimeout(r, 1));
      }
    }
    client.replaying = false;
  }

  return {
    url: `ws://127.0.0.1:${http.port}/subscribe`,
    connections,
    openSockets: () => live.size,
    cutAfter(frames, times = 1) {
      for (let i = 0; i < times; i++) cuts.push(frames);
    },
    refuse(times, status = 503) {
      for (let i = 0; i < times; i++) refusals.push(status);
    },
    append(frames) {
      history.push(...frames);
      for (const client of live) {
        if (client.replaying) continue;
        for (const frame of frames) if (!send(client, frame)) break;
      }
    },
    async close() {
      for (const client of live) client.ws.terminate();
      wss.close();
      await http.close();
    },
  };
}
