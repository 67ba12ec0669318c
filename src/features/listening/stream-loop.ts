import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import { UnsafeUrlError } from '../../kit/safe-fetch.js';
import { loadConnectedAccount } from '../connections/accounts.js';
import { ingestItems } from './ingest.js';
import { blueskyMentionText, mentionsHandle, ownChannels } from './own-mentions.js';
import { type ListeningSourceRow, listeningSources } from './schema.js';
import { ZMastodonSettings } from './source-settings.js';
import { unsafeUrlFailure } from './sources/feed-reader-fetch.js';
import { type SourceItem, SourceError } from './sources/item.js';
import { DEFAULT_JETSTREAM_URL, startJetstream } from './streams/jetstream.js';
import { fetchSince, type MastodonStreamSpec, streamKey } from './streams/mastodon-fetch.js';
import { compareStatusIds } from './streams/mastodon-status.js';
import { startMastodonStream } from './streams/mastodon-stream.js';
import { noteStreamError, noteStreamProblem } from './stream-state.js';

/**
 * The stream sources of every organisation, run in this worker process: one Jetstream reader per
 * Bluesky source (and per own-mentions source with Bluesky channels), one Mastodon streaming reader
 * per Mastodon source. Every ~30 s the sources table is read again: new or changed sources (new
 * settings, or new channels for own mentions) are (re)started, removed or deactivated ones stopped.
 * One process per deployment runs them (a session advisory lock; see streamsLock).
 *
 * Resuming: after each ingested batch the source's state keeps the Jetstream cursor (time_us of
 * the batch's last event) or the newest Mastodon status id per stream, in the same transaction as
 * the batch. A restarted reader starts from there: Jetstream replays from the cursor (minus a small
 * rewind, deduplicated), Mastodon polls each timeline from the stored id (fetchSince) while the
 * socket takes the live tail.
 */

export type ListeningStreamsOptions = {
  /** Jetstream endpoint (operator setting). Default: Bluesky's public jetstream2. */
  jetstreamUrl?: string;
  /** How often the sources table is read for changes. Default 30 s. */
  refreshMs?: number;
  /** Passed to the Jetstream readers (tests use short batches). */
  jetstreamBatchMs?: number;
};

export type ListeningStreams = {
  /** Reads the sources table now and starts/stops readers to match it. */
  refresh(): Promise<void>;
  /** Ids of the sources with a reader running now. */
  running(): string[];
  stop(): Promise<void>;
};

type Runner = { fingerprint: string; stop(): Promise<void> };

const running = new WeakMap<AppContext, ListeningStreams>();

// Any fixed number: the same in every Kanaal process sharing one database.
const STREAMS_LOCK_ID = 727_100_008;

/**
 * One process of a deployment runs the streams (two would read every stream twice): the holder of
 * a session advisory lock, kept on a dedicated connection while it runs. Other workers ask again at
 * each refresh and take over when the holder stops. PGlite has one process: always granted.
 */
function streamsLock(ctx: AppContext): { acquire(): Promise<boolean>; release(): Promise<void> } {
  let held: Promise<void> | null = null;
  let holding = false;
  let letGo: (() => void) | null = null;
  return {
    async acquire() {
      if (ctx.database.kind === 'pglite' || holding) return true;
      return new Promise<boolean>((granted) => {
        const session = ctx.database.withConnection(async (query) => {
          const [row] = await query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [STREAMS_LOCK_ID]);
          if (!row?.ok) return granted(false);
          holding = true;
          granted(true);
          await new Promise<void>((resolve) => {
            letGo = resolve;
          });
          await query('SELECT pg_advisory_unlock($1)', [STREAMS_LOCK_ID]);
        });
        held = session
          .catch((error: unknown) => {
            ctx.log.warn({ err: error }, 'listening: the streams lock was lost');
            granted(false);
          })
          .finally(() => {
            held = null;
            holding = false;
            letGo = null;
          });
      });
    },
    async release() {
      letGo?.();
      await held;
    },
  };
}

/** Starts this process's listening streams once (BACKGROUND_LOOPS); calling again returns the running one. */
export function startListeningStreams(ctx: AppContext, options: ListeningStreamsOptions = {}): ListeningStreams {
  const existing = running.get(ctx);
  if (existing) return existing;
  const runners = new Map<string, Runner>();
  const lock = streamsLock(ctx);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();

  async function reconcile(): Promise<void> {
    const wanted = (await lock.acquire()) ? await wantedStreams() : new Map<string, Wanted>();
    for (const [id, runner] of runners) {
      const want = wanted.get(id);
      if (!want || want.fingerprint !== runner.fingerprint) {
        runners.delete(id);
        await runner.stop();
      }
    }
    for (const [id, want] of wanted) {
      if (stopped || runners.has(id)) continue;
      try {
        runners.set(id, await want.start());
      } catch (error) {
        // Refused for good (a private address): keep a placeholder so it is not retried until the source changes.
        runners.set(id, { fingerprint: want.fingerprint, stop: async () => {} });
        await noteStreamError(ctx, id, error instanceof UnsafeUrlError ? unsafeUrlFailure(error) : new SourceError('stream_start_failed'));
        if (!(error instanceof UnsafeUrlError)) ctx.log.error({ err: error, sourceId: id }, 'listening: starting a stream failed');
      }
    }
  }

  function refresh(): Promise<void> {
    current = current
      .then(() => (stopped ? undefined : reconcile()))
      .catch((error: unknown) => ctx.log.error({ err: error }, 'listening: stream refresh failed'));
    return current;
  }

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => void refresh().finally(schedule), options.refreshMs ?? 30_000);
    timer.unref();
  };

  type Wanted = { fingerprint: string; start(): Promise<Runner> };

  async function wantedStreams(): Promise<Map<string, Wanted>> {
    const list = await ctx.db
      .select()
      .from(listeningSources)
      .where(and(eq(listeningSources.active, true), inArray(listeningSources.kind, ['mastodon', 'bluesky', 'own_mentions'])));
    const wanted = new Map<string, Wanted>();
    for (const source of list) {
      // What the reader depends on: a renamed source keeps its connection, new settings restart it.
      const base = JSON.stringify(source.settings);
      if (source.kind === 'bluesky') {
        wanted.set(source.id, {
          fingerprint: base,
          start: async () => ({ fingerprint: base, ...jetstreamFor(ctx, source, null, options) }),
        });
      } else if (source.kind === 'own_mentions') {
        const handles = (await ownChannels(ctx, source)).filter((c) => c.network === 'bluesky').map((c) => blueskyMentionText(c.handle));
        if (handles.length === 0) continue;
        const fingerprint = `${base}|${handles.sort().join(',')}`;
        wanted.set(source.id, { fingerprint, start: async () => ({ fingerprint, ...jetstreamFor(ctx, source, handles, options) }) });
      } else {
        wanted.set(source.id, { fingerprint: base, start: async () => ({ fingerprint: base, ...(await mastodonFor(ctx, source)) }) });
      }
    }
    return wanted;
  }

  const streams: ListeningStreams = {
    refresh,
    running: () => [...runners.keys()],
    async stop() {
      stopped = true;
      clearTimeout(timer);
      if (running.get(ctx) === streams) running.delete(ctx);
      await current;
      await Promise.all([...runners.values()].map((r) => r.stop()));
      runners.clear();
      await lock.release();
    },
  };
  running.set(ctx, streams);
  void refresh().finally(schedule);
  ctx.queue?.boss.once('stopped', () => void streams.stop());
  return streams;
}

/**
 * A Jetstream reader for a Bluesky source (`handles` null) or for the Bluesky side of an own-mentions
 * source (only posts whose text mentions one of `handles`).
 */
function jetstreamFor(
  ctx: AppContext,
  source: ListeningSourceRow,
  handles: string[] | null,
  options: ListeningStreamsOptions,
): { stop(): Promise<void> } {
  const cursor = typeof source.state.cursor === 'number' ? source.state.cursor : null;
  let lastError: string | null = null;
  const reader = startJetstream({
    url: options.jetstreamUrl ?? DEFAULT_JETSTREAM_URL,
    cursor,
    ...(options.jetstreamBatchMs !== undefined ? { batchMs: options.jetstreamBatchMs } : {}),
    async onEvents(items, lastCursor, deletedIds) {
      const wanted: SourceItem[] =
        handles === null ? items : items.filter((i) => mentionsHandle(i.text, handles)).map((i) => ({ ...i, kind: 'own_mentions' }));
      await ingestItems(ctx, { sourceId: source.id }, wanted, {
        state: { cursor: lastCursor },
        deletedExternalIds: deletedIds,
        success: true,
      });
    },
    onState(state) {
      if (state.lastError !== lastError) {
        lastError = state.lastError;
        if (state.lastError) noteStreamProblem(ctx, source.id, new SourceError('bluesky_stream', { message: state.lastError }));
      }
    },
  });
  return { stop: () => reader.stop() };
}

/** A Mastodon streaming reader for a Mastodon source, filling the gap since the stored status ids first. */
async function mastodonFor(ctx: AppContext, source: ListeningSourceRow): Promise<{ stop(): Promise<void> }> {
  const settings = ZMastodonSettings.parse(source.settings);
  const streams: MastodonStreamSpec[] = settings.hashtags.map((tag) => ({ stream: 'hashtag', tag }));
  if (settings.publicTimeline !== 'none') streams.push({ stream: settings.publicTimeline });
  let accessToken: string | undefined;
  if (settings.channelId) {
    const loaded = await loadConnectedAccount(ctx.db, ctx.keyring, settings.channelId).catch(() => null);
    const token = loaded?.account.credentials.accessToken;
    if (typeof token === 'string') accessToken = token;
  }
  const lastIds: Record<string, string> = { ...((source.state.lastStatusIds as Record<string, string> | undefined) ?? {}) };
  const note = (key: string, id: string) => {
    const known = lastIds[key];
    if (known === undefined || compareStatusIds(id, known) > 0) lastIds[key] = id;
  };
  const store = (items: SourceItem[]) =>
    ingestItems(ctx, { sourceId: source.id }, items, { state: { lastStatusIds: { ...lastIds } }, success: true });
  let lastError: string | null = null;
  const stored = { ...lastIds };
  const reader = await startMastodonStream({
    instanceUrl: settings.instanceUrl,
    streams,
    accessToken,
    allow: ctx.config.allowUrls,
    async onItems(items, info) {
      note(streamKey(info.stream), info.statusId);
      await store(items);
    },
    onState(state) {
      if (state.lastError !== lastError) {
        lastError = state.lastError;
        if (state.lastError) noteStreamProblem(ctx, source.id, new SourceError('mastodon_stream', { message: state.lastError }));
      }
    },
  });
  // What was posted while no reader ran (Mastodon streaming has no cursor): the timelines from the stored ids.
  for (const spec of streams) {
    const since = stored[streamKey(spec)];
    if (!since) continue;
    try {
      const gap = await fetchSince(settings.instanceUrl, spec, since, { accessToken, allow: ctx.config.allowUrls });
      if (gap.newestId) note(streamKey(spec), gap.newestId);
      if (gap.items.length || gap.newestId) await store(gap.items);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      noteStreamProblem(ctx, source.id, new SourceError('mastodon_catch_up', { message }));
    }
  }
  return { stop: () => reader.stop() };
}
