import { startPublishingWorker } from '../src/features/publishing/jobs.js';
import type { Benchmark } from './list.js';
import { setUpBurst, waitFor } from './support/burst-run.js';
import { peerDuplicates, requestsPerWindow, round1 } from './support/peer-audit.js';
import { CHANNELS, latenessPercentiles, lostRows, SCALE, stateCounts } from './support/world.js';

const SPREAD_SECONDS = Number(process.env.BENCH_BURST_SPREAD_S ?? 60) || 60;
const TIMEOUT_MS = (Number(process.env.BENCH_TIMEOUT_S ?? 420) || 420) * 1000;

/**
 * 10,000 × BENCH_SCALE publications over 200 channels (one Mastodon peer account each), due in the
 * same minute (post i at T + i mod 60 s; BENCH_BURST_SPREAD_S=5 to measure capacity), sent by the
 * real publishing worker loop (startPublishingWorker: sweep, 250 ms claim loop, batched claims, up to
 * PUBLISH_LOOP.concurrency sends in flight) on PGlite, or on PostgreSQL with BENCH_DATABASE_URL.
 * Checked on the peer: duplicates, requests per account per 5-minute window.
 */
export const publishBurstBenchmark: Benchmark = {
  name: 'publish-burst',
  description: `${Math.round(10_000 * SCALE)} posts over ${CHANNELS} Mastodon channels due within ${SPREAD_SECONDS} s, real worker loop, local peer`,
  async run() {
    const total = Math.round(10_000 * SCALE);
    const setup = await setUpBurst(total, SPREAD_SECONDS);
    const { ctx, peer } = setup;
    try {
      const at = new Date(Date.now() + 1000);
      await setup.release(at);
      const started = performance.now();
      const worker = startPublishingWorker(ctx);
      const finished = await waitFor(ctx, (c) => (c.published ?? 0) + (c.failed ?? 0) >= total, TIMEOUT_MS, 'burst');
      const wallSeconds = (performance.now() - started) / 1000;
      await worker.stop();
      await peer.settled();

      const lateness = await latenessPercentiles(ctx.db);
      const lost = await lostRows(ctx.db);
      const dup = peerDuplicates(peer);
      const window = requestsPerWindow(peer, setup.accountOfKey);
      const published = (await stateCounts(ctx)).published ?? 0;
      const totalSeconds = (lateness.lastPublished - lateness.firstDue) / 1000;
      console.log(
        `${finished ? 'all out' : 'NOT all out'} in ${round1(totalSeconds)} s after the first due time (${round1(wallSeconds)} s wall); ` +
          `lateness p50 ${lateness.p50} ms, p99 ${lateness.p99} ms, max ${lateness.max} ms`,
      );
      console.log(
        `peer: ${dup.statuses} statuses, duplicates ${dup.byKey} by key / ${dup.byText} by text; ` +
          `max ${window.maxPerWindow} requests per account per 5 min (limit ${peer.settings.rateLimits.api.limit}), ${window.refused429} × 429`,
      );
      return {
        posts: total,
        channels: setup.world.channels.length,
        postgres: setup.db.url ? 1 : 0,
        finished: finished ? 1 : 0,
        totalSeconds: round1(totalSeconds),
        wallSeconds: round1(wallSeconds),
        postsPerSecond: round1(published / Math.max(0.001, totalSeconds)),
        p50LatenessMs: lateness.p50,
        p99LatenessMs: lateness.p99,
        maxLatenessMs: lateness.max,
        duplicates: Math.max(dup.byKey, dup.byText),
        lost,
        maxRequestsPer5MinPerAccount: window.maxPerWindow,
        rateLimitPer5Min: peer.settings.rateLimits.api.limit,
        peer429s: window.refused429,
      };
    } finally {
      await setup.close();
    }
  },
};
