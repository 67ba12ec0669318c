import { sql } from 'drizzle-orm';
import { startPublishingWorker } from '../src/features/publishing/jobs.js';
import { resumeHeld } from '../src/features/publishing/held.js';
import { pausePublishing } from '../src/features/publishing/pause.js';
import { rows } from '../src/kit/sql.js';
import type { Benchmark } from './list.js';
import { setUpBurst, waitFor } from './support/burst-run.js';
import { peerDuplicates, round1, statusesAfter } from './support/peer-audit.js';
import { lostRows, SCALE } from './support/world.js';

/** Posts in the pause run: BENCH_PAUSE_POSTS, else 2,000 × BENCH_SCALE. */
const POSTS = Number(process.env.BENCH_PAUSE_POSTS ?? 0) || Math.round(2000 * SCALE);
const TIMEOUT_MS = (Number(process.env.BENCH_TIMEOUT_S ?? 420) || 420) * 1000;

/**
 * During a burst, pausePublishing for organisation A's subtree (half the channels) at a random
 * moment. Afterwards, on the peer: no status of an in-scope account stored after the pause took
 * the send gate (its created_at, clock_timestamp() inside the gate; the commit is later still),
 * in-scope rows are published (before) or held; then resume and check each is out exactly once.
 */
export const pauseBenchmark: Benchmark = {
  name: 'pause',
  description: `${POSTS} posts over 200 channels; pause of one organisation subtree (100 channels) committed mid-burst, then resume`,
  async run() {
    const setup = await setUpBurst(POSTS, 10);
    const { ctx, peer, world } = setup;
    try {
      await setup.release(new Date(Date.now() + 500));
      const worker = startPublishingWorker(ctx);
      const pauseAfter = Math.round(POSTS * (0.1 + Math.random() * 0.4));
      await waitFor(ctx, (c) => (c.published ?? 0) >= pauseAfter, TIMEOUT_MS, 'before pause');
      const asked = Date.now();
      const pause = await pausePublishing(setup.db.database, world.caller, {
        scope: 'organisation',
        organisationId: world.orgs.a,
        reason: 'bench: crisis pause during a burst',
      } as Parameters<typeof pausePublishing>[2]);
      const returned = Date.now();
      const gateAt = new Date(pause.createdAt).getTime();
      console.log(`pause committed after ${pauseAfter} published: waited ${returned - asked} ms for the gate; ${pause.heldCount} rows held`);

      const inScope = new Set(world.channels.filter((c) => c.inPauseScope).map((c) => c.accountId));
      await waitFor(
        ctx,
        (c) => (c.scheduled ?? 0) + (c.publishing ?? 0) + (c.unconfirmed ?? 0) === 0,
        TIMEOUT_MS,
        'out of scope draining',
      );
      await peer.settled();
      const afterGate = statusesAfter(peer, inScope, gateAt);
      const afterReturn = statusesAfter(peer, inScope, returned);
      const [scope] = await rows<{ held: string; published: string; other: string }>(
        ctx.db,
        sql`SELECT count(*) FILTER (WHERE state = 'held') AS held, count(*) FILTER (WHERE state = 'published') AS published,
                   count(*) FILTER (WHERE state NOT IN ('held', 'published')) AS other
              FROM publications WHERE organisation_id IN (${world.orgs.a}::uuid, ${world.orgs.a1}::uuid)`,
      );
      const held = Number(scope?.held ?? 0);
      console.log(`in scope: ${scope?.published} published before the pause, ${held} held, ${scope?.other} other; ${afterGate} statuses after the gate`);

      await ctx.db.execute(sql`UPDATE publishing_pauses SET lifted_at = clock_timestamp(), lift_reason = 'bench' WHERE id = ${pause.id}::uuid`);
      const heldIds = await rows<{ id: string }>(ctx.db, sql`SELECT id FROM publications WHERE state = 'held'`);
      const resumeStarted = Date.now();
      for (let i = 0; i < heldIds.length; i += 500) {
        await resumeHeld(ctx.db, world.caller, { publicationIds: heldIds.slice(i, i + 500).map((r) => r.id), reason: 'bench: resume' });
      }
      const resumed = await waitFor(ctx, (c) => (c.published ?? 0) + (c.failed ?? 0) >= POSTS, TIMEOUT_MS, 'after resume');
      const resumeSeconds = (Date.now() - resumeStarted) / 1000;
      await worker.stop();
      await peer.settled();
      const dup = peerDuplicates(peer);
      const lost = await lostRows(ctx.db);
      console.log(`resumed ${heldIds.length} held rows: all out ${resumed ? 'yes' : 'NO'} in ${round1(resumeSeconds)} s; duplicates ${dup.byKey}/${dup.byText}; lost ${lost}`);
      return {
        posts: POSTS,
        channelsInScope: inScope.size,
        publishedBeforePause: pauseAfter,
        pauseWaitMs: returned - asked,
        heldAtPause: pause.heldCount,
        inScopeStatusesAfterCommit: afterGate,
        inScopeStatusesAfterReturn: afterReturn,
        inScopeHeld: held,
        inScopeNotHeldNorPublished: Number(scope?.other ?? 0),
        resumed: heldIds.length,
        resumeSeconds: round1(resumeSeconds),
        duplicates: Math.max(dup.byKey, dup.byText),
        lost,
      };
    } finally {
      await setup.close();
    }
  },
};
