import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { buildOrganisation, buildUser } from '../test/factories.js';
import { type GeneratedFrame, startJetstreamPeer } from '../test/peers/jetstream.js';
import { createSource } from '../src/features/listening/source-service.js';
import { startListeningStreams } from '../src/features/listening/stream-loop.js';
import { createWatchlist } from '../src/features/listening/watchlist-service.js';
import type { Caller } from '../src/kit/access.js';
import { rows } from '../src/kit/sql.js';
import { generatePosts, generateQueries } from './corpus.js';
import type { Benchmark } from './list.js';
import { bootBenchApp, DEFAULT_POSTGRES_URL, openBenchDatabase, postgresReachable, removeDir, SCALE } from './support/world.js';

const EVENTS = Math.round(100_000 * SCALE);
const WATCHLISTS = Number(process.env.BENCH_WATCHLISTS ?? 1000) || 1000;

/**
 * Listening end to end, on the production path: a local WebSocket server replays Jetstream-format
 * events (generated NL/FR/EN posts from bench/corpus.ts, plus likes and deletes as Jetstream sends
 * them), the stream loop reads them with the Jetstream reader, ingest matches every post against the
 * organisation's active watchlists (one compiled matcher) and stores the matching mentions and their
 * matches, with the cursor in the same transaction. Measured until the stored cursor reaches the last
 * event. Runs on PGlite and, when reachable, on PostgreSQL (BENCH_DATABASE_URL).
 */
export const listeningIngestBenchmark: Benchmark = {
  name: 'listening-ingest',
  description: `${EVENTS} Jetstream events → ${WATCHLISTS} watchlists → mentions stored, PGlite and PostgreSQL`,
  async run() {
    const frames = jetstreamFrames(EVENTS);
    const figures: Record<string, number> = { events: EVENTS, watchlists: WATCHLISTS };
    const url = process.env.BENCH_DATABASE_URL ?? DEFAULT_POSTGRES_URL;
    const backends: Array<{ key: string; url: string | null }> = [{ key: 'pglite', url: null }];
    if (await postgresReachable(url)) backends.push({ key: 'postgres', url });
    else console.log(`PostgreSQL not reachable at ${url}: PGlite only`);
    for (const backend of backends) {
      const result = await runOnce(backend.url, frames);
      console.log(
        `${backend.key}: ${EVENTS} events in ${result.seconds.toFixed(2)} s = ${Math.round(result.eventsPerSecond)} events/s; ` +
          `${result.mentions} mentions stored (${((100 * result.mentions) / result.posts).toFixed(1)} % of ${result.posts} posts), ${result.matches} matches`,
      );
      figures[`${backend.key}_events_per_s`] = Math.round(result.eventsPerSecond);
      figures[`${backend.key}_seconds`] = Number(result.seconds.toFixed(2));
      figures[`${backend.key}_mentions`] = result.mentions;
      figures[`${backend.key}_matches`] = result.matches;
    }
    return figures;
  },
};

async function runOnce(url: string | null, frames: GeneratedFrame[]) {
  const bench = await openBenchDatabase(url);
  const { running, dataDir } = await bootBenchApp(bench.database, randomBytes(32).toString('base64'));
  const ctx = running.ctx;
  const peer = await startJetstreamPeer({ events: frames });
  try {
    const org = await buildOrganisation(ctx.db);
    const admin = await buildUser(ctx.db, { superadmin: true });
    const caller: Caller = { userId: admin.user.id, email: admin.user.email, name: admin.user.name, isSuperadmin: true, via: 'token' };
    for (const [i, q] of generateQueries(WATCHLISTS).entries()) {
      await createWatchlist(ctx, caller, org.id, { name: `watch ${i}`, query: q.query, active: true });
    }
    const source = await createSource(ctx, caller, org.id, {
      kind: 'bluesky',
      name: 'Bluesky firehose',
      settings: { languages: [], keywords: [], keep: 'matching' },
      active: true,
    } as Parameters<typeof createSource>[3]);
    const lastUs = frames[frames.length - 1]?.timeUs ?? 0;
    const posts = frames.filter((f) => f.kind === 'post').length;

    const started = performance.now();
    const streams = startListeningStreams(ctx, { jetstreamUrl: peer.url, refreshMs: 60_000 });
    for (;;) {
      const [state] = await rows<{ cursor: number | null }>(
        ctx.db,
        sql`SELECT (state->>'cursor')::bigint AS cursor FROM listening_sources WHERE id = ${source.id}::uuid`,
      );
      if (Number(state?.cursor ?? 0) >= lastUs) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const seconds = (performance.now() - started) / 1000;
    await streams.stop();
    const [counts] = await rows<{ mentions: number; matches: number }>(
      ctx.db,
      sql`SELECT (SELECT count(*) FROM mentions)::int AS mentions, (SELECT count(*) FROM mention_matches)::int AS matches`,
    );
    return { seconds, eventsPerSecond: frames.length / seconds, posts, mentions: counts?.mentions ?? 0, matches: counts?.matches ?? 0 };
  } finally {
    await peer.close();
    await running.close();
    await bench.drop();
    await removeDir(dataDir);
  }
}

/**
 * Jetstream events as the service sends them: 90 % post creates carrying the corpus's posts, 10 % post
 * deletes; times in the last minutes (older posts would fall outside the retention period).
 */
function jetstreamFrames(count: number): GeneratedFrame[] {
  const posts = generatePosts(count, 7);
  const frames: GeneratedFrame[] = [];
  const startUs = (Date.now() - 60_000) * 1000 - count * 100;
  for (let i = 0; i < count; i++) {
    const timeUs = startUs + i * 100;
    const did = `did:plc:bench${(i % 5000).toString(36).padStart(6, '0')}`;
    const rkey = `3l${i.toString(36).padStart(11, '0')}`;
    const post = posts[i];
    if (!post) break;
    if (i % 10 === 9) {
      const commit = { rev: rkey, operation: 'delete', collection: 'app.bsky.feed.post', rkey: `3l${(i - 5).toString(36).padStart(11, '0')}` };
      frames.push({ kind: 'post-delete', timeUs, collection: 'app.bsky.feed.post', frame: JSON.stringify({ did, time_us: timeUs, kind: 'commit', commit }) });
      continue;
    }
    const record = { $type: 'app.bsky.feed.post', text: post.text, langs: [post.lang], createdAt: new Date(timeUs / 1000).toISOString() };
    const commit = { rev: rkey, operation: 'create', collection: 'app.bsky.feed.post', rkey, record, cid: `bafyrei${rkey}` };
    frames.push({ kind: 'post', timeUs, collection: 'app.bsky.feed.post', frame: JSON.stringify({ did, time_us: timeUs, kind: 'commit', commit }) });
  }
  return frames;
}
