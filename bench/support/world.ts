import { randomBytes, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildChannel, buildOrganisation, buildUser } from '../../test/factories.js';
import { startMastodonPeer, type MastodonPeer } from '../../test/peers/mastodon/server.js';
import { loadConfig } from '../../src/app/config.js';
import type { AppContext } from '../../src/app/context.js';
import { bootApp, type RunningApp } from '../../src/app/start.js';
import { type Database, openDatabase, wrapPglite } from '../../src/db/client.js';
import { migrate } from '../../src/db/migrate.js';
import type { Caller } from '../../src/kit/access.js';
import { SYSTEM_ACTOR } from '../../src/kit/audit.js';
import { rows } from '../../src/kit/sql.js';
import { saveChannelConnection } from '../../src/features/connections/accounts.js';
import { contentSha256 } from '../../src/features/publishing/content.js';
import { publications } from '../../src/features/publishing/schema.js';

/**
 * Shared set-up for the publishing benchmarks (publish-burst, publish-chaos, pause): a database
 * (PGlite in memory, or a fresh PostgreSQL database), a Mastodon peer with one account per channel,
 * an organisation tree, connected channels and a burst of scheduled publications.
 *
 * BENCH_SCALE (default 1) scales the post count (10,000 × scale); the channel count stays 200
 * unless BENCH_CHANNELS is set.
 */

export const SCALE = Number(process.env.BENCH_SCALE ?? 1) || 1;
export const CHANNELS = Number(process.env.BENCH_CHANNELS ?? 200) || 200;
export const DEFAULT_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

export type BenchDatabase = { database: Database; url: string | null; label: string; drop(): Promise<void> };

/** PGlite in memory, or a new database `kanaal_bench_<random>` on the server `url` points at. */
export async function openBenchDatabase(url: string | null): Promise<BenchDatabase> {
  if (!url) {
    const database = wrapPglite(await PGlite.create());
    await migrate(database);
    return { database, url: null, label: 'PGlite (in memory)', drop: () => database.close() };
  }
  const name = `kanaal_bench_${randomBytes(5).toString('hex')}`;
  await adminQuery(url, `CREATE DATABASE ${name}`);
  const dbUrl = withDatabase(url, name);
  const database = await openDatabase({ databaseUrl: dbUrl });
  await migrate(database);
  return {
    database,
    url: dbUrl,
    label: `PostgreSQL (${name})`,
    async drop() {
      await database.close().catch(() => undefined);
      await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** True when a PostgreSQL server answers at `url`. */
export async function postgresReachable(url: string): Promise<boolean> {
  try {
    await adminQuery(url, 'SELECT 1');
    return true;
  } catch {
    return false;
  }
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** The app context a worker uses (no HTTP server, no pg-boss queue), on `database`. */
export async function bootBenchApp(database: Database, secretKey: string): Promise<{ running: RunningApp; dataDir: string }> {
  const dataDir = join(tmpdir(), `kanaal-bench-${randomBytes(4).toString('hex')}`);
  const config = loadConfig({
    KANAAL_SECRET_KEY: secretKey,
    KANAAL_DATA_DIR: dataDir,
    KANAAL_DEMO: '0',
    KANAAL_ADMIN_EMAIL: 'bench@kanaal.local',
    KANAAL_ADMIN_PASSWORD: 'bench-password-123',
    KANAAL_LOG_LEVEL: 'silent',
  });
  const running = await bootApp(config, { database, role: 'worker', queue: false, logger: false });
  return { running, dataDir };
}

export async function removeDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

export type BenchChannel = { id: string; organisationId: string; accountId: string; inPauseScope: boolean };

export type BenchWorld = {
  caller: Caller;
  /** Root → A → A1, root → B. Channels alternate A / A1 for the first half (the pause scope is A's subtree), B for the rest. */
  orgs: { root: string; a: string; a1: string; b: string };
  channels: BenchChannel[];
  channelByAccount: Map<string, BenchChannel>;
};

/** Organisations, a superadmin caller, and `count` channels each connected to its own peer account (credentials sealed). */
export async function seedWorld(ctx: AppContext, peer: MastodonPeer, count = CHANNELS): Promise<BenchWorld> {
  const db = ctx.db;
  const root = await buildOrganisation(db, { timeZone: 'Europe/Brussels' });
  const a = await buildOrganisation(db, { parentId: root.id });
  const a1 = await buildOrganisation(db, { parentId: a.id });
  const b = await buildOrganisation(db, { parentId: root.id });
  const user = await buildUser(db, { superadmin: true });
  const caller: Caller = { userId: user.user.id, email: user.user.email, name: user.user.name, isSuperadmin: true, via: 'token' };
  const channels: BenchChannel[] = [];
  for (let i = 0; i < count; i++) {
    const inPauseScope = i < count / 2;
    const organisationId = inPauseScope ? (i % 2 === 0 ? a.id : a1.id) : b.id;
    const username = `bench${i}`;
    const account = peer.createAccount({ username });
    const channel = await buildChannel(db, organisationId, { handle: `@${username}@${peer.domain}` });
    await db.transaction((tx) =>
      saveChannelConnection(tx, ctx.keyring, SYSTEM_ACTOR, {
        channelId: channel.id,
        apiBaseUrl: peer.url,
        credentials: { accessToken: account.accessToken, accountId: account.account.id },
        remoteAccountId: account.account.id,
      }),
    );
    channels.push({ id: channel.id, organisationId, accountId: account.account.id, inPauseScope });
  }
  return { caller, orgs: { root: root.id, a: a.id, a1: a1.id, b: b.id }, channels, channelByAccount: new Map(channels.map((c) => [c.accountId, c])) };
}

const PARKED = Date.UTC(2100, 0, 1);

/**
 * Inserts `total` scheduled publications round-robin over the channels (distinct texts, random
 * idempotency keys, content hash as schedulePublication computes it), parked far in the future.
 * Bulk insert instead of 10,000 schedulePublication calls: seeding is not what is measured.
 * `release` then makes them due: post i at `at + (i mod spreadSeconds) s`.
 */
export async function seedBurst(ctx: AppContext, world: BenchWorld, total: number, spreadSeconds: number) {
  const batch = 500;
  for (let start = 0; start < total; start += batch) {
    const values = [];
    for (let i = start; i < Math.min(total, start + batch); i++) {
      const channel = world.channels[i % world.channels.length] as BenchChannel;
      const content = { text: `Bench post ${i}: het loket is gesloten op maandag ${i}.`, language: 'nl' as const, media: [] };
      values.push({
        organisationId: channel.organisationId,
        channelId: channel.id,
        ...content,
        contentSha256: contentSha256(content),
        timeZone: 'Europe/Brussels',
        dueAt: new Date(PARKED + (i % spreadSeconds) * 1000),
        idempotencyKey: randomUUID(),
        state: 'scheduled' as const,
        createdBy: world.caller.userId,
      });
    }
    await ctx.db.insert(publications).values(values);
  }
  return {
    async release(at: Date) {
      await ctx.db.execute(sql`UPDATE publications SET due_at = due_at - make_interval(secs => ${(PARKED - at.getTime()) / 1000})`);
    },
  };
}

export async function stateCounts(ctx: AppContext | { db: AppContext['db'] }): Promise<Record<string, number>> {
  const found = await rows<{ state: string; n: number | string }>(ctx.db, sql`SELECT state, count(*) AS n FROM publications GROUP BY state`);
  return Object.fromEntries(found.map((r) => [r.state, Number(r.n)]));
}

export async function latenessPercentiles(db: AppContext['db']): Promise<{ p50: number; p99: number; max: number; firstDue: number; lastPublished: number }> {
  const [found] = await rows<{ p50: number; p99: number; max: number; first_due: Date | string; last_published: Date | string }>(
    db,
    sql`SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM published_at - due_at)) * 1000 AS p50,
               percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM published_at - due_at)) * 1000 AS p99,
               max(extract(epoch FROM published_at - due_at)) * 1000 AS max,
               min(due_at) AS first_due, max(published_at) AS last_published
          FROM publications WHERE state = 'published'`,
  );
  return {
    p50: Math.round(Number(found?.p50 ?? 0)),
    p99: Math.round(Number(found?.p99 ?? 0)),
    max: Math.round(Number(found?.max ?? 0)),
    firstDue: new Date(found?.first_due ?? 0).getTime(),
    lastPublished: new Date(found?.last_published ?? 0).getTime(),
  };
}

/** Rows neither published nor failed with a reason (unconfirmed, stuck, still queued…). */
export async function lostRows(db: AppContext['db'], where = sql`TRUE`): Promise<number> {
  const [found] = await rows<{ n: number | string }>(
    db,
    sql`SELECT count(*) AS n FROM publications
         WHERE ${where} AND NOT (state = 'published' OR (state = 'failed' AND coalesce(failure_reason, '') <> ''))`,
  );
  return Number(found?.n ?? 0);
}

export { startMastodonPeer, type MastodonPeer };
