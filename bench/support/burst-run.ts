import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../src/app/context.js';
import { rows } from '../../src/kit/sql.js';
import {
  type BenchDatabase,
  type BenchWorld,
  bootBenchApp,
  type MastodonPeer,
  openBenchDatabase,
  removeDir,
  seedBurst,
  seedWorld,
  startMastodonPeer,
  stateCounts,
} from './world.js';

/** A database, a peer, the app context, the world and a parked burst: what publish-burst and pause share. */
export type BurstSetup = {
  db: BenchDatabase;
  peer: MastodonPeer;
  ctx: AppContext;
  world: BenchWorld;
  total: number;
  release(at: Date): Promise<void>;
  accountOfKey(key: string): string | undefined;
  close(): Promise<void>;
};

export async function setUpBurst(total: number, spreadSeconds: number): Promise<BurstSetup> {
  const db = await openBenchDatabase(process.env.BENCH_DATABASE_URL || null);
  console.log(`database: ${db.label}`);
  const peer = await startMastodonPeer();
  const { running, dataDir } = await bootBenchApp(db.database, randomBytes(32).toString('base64'));
  const ctx = running.ctx;
  const seeding = performance.now();
  const world = await seedWorld(ctx, peer);
  const burst = await seedBurst(ctx, world, total, spreadSeconds);
  console.log(
    `seeded ${world.channels.length} connected channels (peer accounts) and ${total} publications in ${Math.round(performance.now() - seeding)} ms`,
  );
  const keys = await rows<{ idempotency_key: string; channel_id: string }>(ctx.db, sql`SELECT idempotency_key, channel_id FROM publications`);
  const accountOfChannel = new Map(world.channels.map((c) => [c.id, c.accountId]));
  const keyToAccount = new Map(keys.map((k) => [k.idempotency_key, accountOfChannel.get(k.channel_id) ?? '']));
  return {
    db,
    peer,
    ctx,
    world,
    total,
    release: burst.release,
    accountOfKey: (key) => keyToAccount.get(key),
    async close() {
      await running.close();
      await peer.close();
      await db.drop();
      await removeDir(dataDir);
    },
  };
}

/**
 * Polls the row states every 250 ms until `done(counts)` or `timeoutMs`, printing progress every
 * 5 s. Returns whether `done` was reached.
 */
export async function waitFor(
  ctx: AppContext,
  done: (counts: Record<string, number>) => boolean,
  timeoutMs: number,
  label = 'progress',
): Promise<boolean> {
  const started = Date.now();
  let lastPrint = started;
  for (;;) {
    const counts = await stateCounts(ctx);
    if (done(counts)) return true;
    if (Date.now() - started > timeoutMs) {
      console.log(`${label}: TIMEOUT after ${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(counts)}`);
      return false;
    }
    if (Date.now() - lastPrint >= 5000) {
      lastPrint = Date.now();
      console.log(`${label} +${Math.round((Date.now() - started) / 1000)} s: ${JSON.stringify(counts)}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
