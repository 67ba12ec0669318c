import type { ServerResponse } from 'node:http';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import { rows } from '../../kit/sql.js';
import { arrivalHorizon, isoMicros, NIL_UUID } from './alert-cursor.js';
import { MESSAGE_COLUMNS, type MessageDbRow, presentMessage } from './alert-log-service.js';
import { excerptOf } from './alert-message.js';
import { listeningEvents, type MatchedEvent } from './ingest.js';
import type { FiredTerm } from './matcher/index.js';
import { occurredAtOf } from './mention-keys.js';
import type { SourceKind } from './sources/item.js';

/**
 * The live listening stream of one organisation (Server-Sent Events): `match` events for new
 * matches and `alert` events for in-app alert messages.
 *
 * Two paths feed it. In this process, ingest's `matched` event (after its commit) is sent at once,
 * without an event id. For every process (a web process does not ingest; workers do), a short poll
 * reads the database in arrival order after the connection's cursor and up to the arrival horizon
 * (alert-cursor.ts), sends what the first path did not, and moves the event id: the id is the
 * cursor, so a browser reconnecting with Last-Event-ID resumes exactly after what the poll had
 * passed. Matches sent by the first path after that point come again on resume (at least once:
 * clients deduplicate on `key`). Heartbeat comments keep proxies from closing an idle stream; the
 * server ends each stream after MAX_LIFETIME_MS (the browser reconnects, and access is checked
 * again) and every stream when it stops.
 */

const POLL_MS = 1500;
const HEARTBEAT_MS = 15_000;
const MAX_LIFETIME_MS = 30 * 60_000;
const POLL_BATCH = 200;
const MAX_BUFFERED_BYTES = 1024 * 1024;
const REMEMBERED_KEYS = 5000;

type Cursor = { matchAt: string; mentionId: string; watchlistId: string; alertAt: string; alertId: string };

export function encodeStreamCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.matchAt, c.mentionId, c.watchlistId, c.alertAt, c.alertId])).toString('base64url');
}

export function decodeStreamCursor(value: string | undefined): Cursor | null {
  if (!value) return null;
  try {
    const parts = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(parts) || parts.length !== 5 || !parts.every((p) => typeof p === 'string')) return null;
    const [matchAt, mentionId, watchlistId, alertAt, alertId] = parts as string[];
    const uuid = /^[0-9a-f-]{36}$/i;
    const time = (s: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(s);
    if (!time(matchAt as string) || !time(alertAt as string) || !uuid.test(mentionId as string) || !uuid.test(watchlistId as string))
      return null;
    if (!/^\d{1,19}$/.test(alertId as string)) return null;
    return { matchAt, mentionId, watchlistId, alertAt, alertId } as Cursor;
  } catch {
    return null;
  }
}

type MatchData = {
  key: string;
  mentionId: string;
  watchlistId: string;
  watchlistName: string;
  excerpt: string;
  highlights: Array<{ start: number; end: number; term: string }>;
  url: string | null;
  author: string | null;
  authorDisplayName: string | null;
  title: string | null;
  kind: SourceKind;
  occurredAt: string;
};

function matchData(m: Omit<MatchData, 'key' | 'excerpt' | 'highlights'> & { text: string; fired: FiredTerm[] }): MatchData {
  const { text, fired, ...rest } = m;
  return { key: `${m.mentionId}:${m.watchlistId}`, ...rest, ...excerptOf(text, fired) };
}

type Hub = { streams: Set<ListeningStream>; listener: ((event: MatchedEvent) => void) | null; stopping: boolean };
const hubs = new WeakMap<AppContext, Hub>();

function hubOf(ctx: AppContext): Hub {
  let hub = hubs.get(ctx);
  if (!hub) {
    hub = { streams: new Set(), listener: null, stopping: false };
    hubs.set(ctx, hub);
  }
  return hub;
}

/** Ends every open stream of this app (the server is stopping). */
export function closeAllStreams(ctx: AppContext): void {
  const hub = hubOf(ctx);
  hub.stopping = true;
  for (const stream of [...hub.streams]) stream.close();
}

export class ListeningStream {
  private cursor!: Cursor;
  /** Keys sent by the in-process path that the poll has not passed yet. */
  private readonly sentEarly = new Set<string>();
  private readonly timers: NodeJS.Timeout[] = [];
  private polling = false;
  private closed = false;

  constructor(
    private readonly ctx: AppContext,
    private readonly organisationId: string,
    private readonly res: ServerResponse,
  ) {}

  /** Writes the headers and starts the stream after `lastEventId` (or from now). */
  async open(lastEventId: string | undefined): Promise<void> {
    this.res.on('close', () => this.close());
    const resumed = decodeStreamCursor(lastEventId);
    if (resumed) this.cursor = resumed;
    else {
      const horizon = await arrivalHorizon(this.ctx.db);
      this.cursor = { matchAt: horizon.at, mentionId: NIL_UUID, watchlistId: NIL_UUID, alertAt: horizon.at, alertId: '0' };
    }
    // The client left, or the server began to stop, while the stream was opening.
    if (this.closed || hubOf(this.ctx).stopping) {
      this.close();
      return;
    }
    this.res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    this.write(`retry: 3000\nid: ${encodeStreamCursor(this.cursor)}\nevent: cursor\ndata: {}\n\n`);
    const hub = hubOf(this.ctx);
    hub.streams.add(this);
    if (!hub.listener) {
      hub.listener = (event) => {
        for (const stream of hub.streams) stream.onMatched(event);
      };
      listeningEvents.on('matched', hub.listener);
    }
    this.timers.push(setInterval(() => void this.poll(), POLL_MS));
    this.timers.push(setInterval(() => this.write(': heartbeat\n\n'), HEARTBEAT_MS));
    this.timers.push(setTimeout(() => this.close(), MAX_LIFETIME_MS));
    void this.poll();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    const hub = hubOf(this.ctx);
    hub.streams.delete(this);
    if (hub.streams.size === 0 && hub.listener) {
      listeningEvents.off('matched', hub.listener);
      hub.listener = null;
    }
    if (!this.res.writableEnded) this.res.end();
  }

  private write(chunk: string): void {
    if (this.closed) return;
    if (this.res.destroyed) {
      this.close();
      return;
    }
    // A client that does not read: drop it rather than buffer without end (it reconnects and resumes).
    if (this.res.writableLength > MAX_BUFFERED_BYTES) {
      this.close();
      return;
    }
    this.res.write(chunk);
  }

  private send(event: string, data: unknown, withId: boolean): void {
    this.write(`${withId ? `id: ${encodeStreamCursor(this.cursor)}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  onMatched(event: MatchedEvent): void {
    if (this.closed || event.organisationId !== this.organisationId) return;
    const now = new Date();
    for (const mention of event.matched) {
      for (const match of mention.matches) {
        const data = matchData({
          mentionId: mention.mentionId,
          watchlistId: match.queryId,
          watchlistName: match.watchlistName,
          url: mention.item.url,
          author: mention.item.author,
          authorDisplayName: mention.item.authorDisplayName,
          title: mention.item.title,
          kind: mention.item.kind,
          occurredAt: occurredAtOf(mention.item, now).toISOString(),
          text: mention.item.text,
          fired: match.fired,
        });
        if (this.sentEarly.has(data.key)) continue;
        if (this.sentEarly.size >= REMEMBERED_KEYS) this.sentEarly.clear();
        this.sentEarly.add(data.key);
        this.send('match', data, false);
      }
    }
  }

  /** Reads what arrived after the cursor, up to the horizon; never throws (a failed poll is tried again). */
  async poll(): Promise<void> {
    if (this.polling || this.closed) return;
    this.polling = true;
    try {
      let more = true;
      while (more && !this.closed) more = await this.pollOnce();
    } catch (error) {
      if (!this.closed) this.ctx.log.warn({ err: error, organisationId: this.organisationId }, 'listening stream: poll failed');
    } finally {
      this.polling = false;
    }
  }

  private async pollOnce(): Promise<boolean> {
    const horizon = await arrivalHorizon(this.ctx.db);
    const c = this.cursor;
    const alerts = await rows<MessageDbRow & { watchlist_name: string; position: string }>(
      this.ctx.db,
      sql`SELECT ${MESSAGE_COLUMNS}, w.name AS watchlist_name, ${isoMicros(sql.raw('am.created_at'))} AS position
            FROM alert_messages am JOIN watchlists w ON w.id = am.watchlist_id
           WHERE am.organisation_id = ${this.organisationId}::uuid AND am.in_app
             AND am.created_at >= ${c.alertAt}::timestamptz AND (am.created_at, am.id) > (${c.alertAt}::timestamptz, ${c.alertId}::bigint)
             AND am.created_at < ${horizon.at}::timestamptz
           ORDER BY am.created_at, am.id LIMIT ${POLL_BATCH}`,
    );
    const matches = await rows<{
      mention_id: string;
      watchlist_id: string;
      watchlist_name: string;
      position: string;
      fired: FiredTerm[];
      text: string;
      url: string | null;
      author: string | null;
      author_display_name: string | null;
      title: string | null;
      kind: SourceKind;
      occurred_at: Date | string;
    }>(
      this.ctx.db,
      sql`SELECT mm.mention_id, mm.watchlist_id, w.name AS watchlist_name, ${isoMicros(sql.raw('mm.matched_at'))} AS position, mm.fired,
                 m.text, m.url, m.author, m.author_display_name, m.title, m.kind, m.occurred_at
            FROM mention_matches mm JOIN mentions m ON m.id = mm.mention_id JOIN watchlists w ON w.id = mm.watchlist_id
           WHERE mm.organisation_id = ${this.organisationId}::uuid
             AND mm.matched_at >= ${c.matchAt}::timestamptz
             AND (mm.matched_at, mm.mention_id, mm.watchlist_id) > (${c.matchAt}::timestamptz, ${c.mentionId}::uuid, ${c.watchlistId}::uuid)
             AND mm.matched_at < ${horizon.at}::timestamptz
           ORDER BY mm.matched_at, mm.mention_id, mm.watchlist_id LIMIT ${POLL_BATCH}`,
    );
    if (this.closed) return false;
    for (const a of alerts) {
      this.cursor = { ...this.cursor, alertAt: a.position, alertId: a.id };
      this.send('alert', { ...presentMessage(a), watchlistName: a.watchlist_name }, true);
    }
    let idBehind = false;
    for (const m of matches) {
      this.cursor = { ...this.cursor, matchAt: m.position, mentionId: m.mention_id, watchlistId: m.watchlist_id };
      const key = `${m.mention_id}:${m.watchlist_id}`;
      if (this.sentEarly.delete(key)) {
        idBehind = true;
        continue;
      }
      idBehind = false;
      this.send(
        'match',
        matchData({
          mentionId: m.mention_id,
          watchlistId: m.watchlist_id,
          watchlistName: m.watchlist_name,
          url: m.url,
          author: m.author,
          authorDisplayName: m.author_display_name,
          title: m.title,
          kind: m.kind,
          occurredAt: new Date(m.occurred_at).toISOString(),
          text: m.text,
          fired: m.fired,
        }),
        true,
      );
    }
    // The in-process path had sent the last rows already: move the browser's event id past them.
    if (idBehind) this.send('cursor', {}, true);
    const full = alerts.length === POLL_BATCH || matches.length === POLL_BATCH;
    return full;
  }
}
