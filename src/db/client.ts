import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import pg from 'pg';
import { fromPglite } from 'pg-boss';

type BossDatabase = ReturnType<typeof fromPglite>;
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The one database type every service takes: PGlite and node-postgres both satisfy it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Services accept either a database or an open transaction, so callers decide the transaction. */
export type DbOrTx = Db | Tx;

export type SessionQuery = <T = Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

export type Database = {
  kind: 'pglite' | 'postgres';
  db: Db;
  /** Plain SQL with parameters, for migrations, health checks and tooling. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Multi-statement SQL without parameters (migrations). */
  exec(text: string): Promise<void>;
  /**
   * Runs `fn` on one dedicated connection, held until it settles, so session-level state (an
   * advisory lock taken with `pg_advisory_lock_shared`) stays with it. PGlite has a single session:
   * `fn` gets the ordinary query function.
   */
  withConnection<T>(fn: (query: SessionQuery) => Promise<T>): Promise<T>;
  /**
   * True when opening created a new embedded cluster. Creating one (initdb in WASM) grows the WASM
   * heap to ~800 MB and a WASM heap never shrinks, so boot reopens it once set up (see bootApp).
   */
  created?: boolean;
  /** What pg-boss runs on: the same PGlite instance, or the pg connection string. */
  boss: { db: BossDatabase; backend: 'pglite' } | { connectionString: string };
  close(): Promise<void>;
};

/** Opens server Postgres when a URL is given, otherwise the embedded PGlite database in dataDir. */
export async function openDatabase(options: { databaseUrl?: string; dataDir?: string; memory?: boolean }): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl);
  return openPglite(options.memory ? undefined : `${options.dataDir ?? './data'}/pg`);
}

async function openPglite(path: string | undefined): Promise<Database> {
  if (!path) return wrapPglite(await PGlite.create());
  await mkdir(path, { recursive: true });
  const created = !existsSync(`${path}/PG_VERSION`);
  return { ...wrapPglite(await PGlite.create({ dataDir: path })), created };
}

/** Wraps an open PGlite instance (tests hand in clones of a migrated template). */
export function wrapPglite(client: PGlite): Database {
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    kind: 'pglite',
    db,
    async query<T>(text: string, params: unknown[] = []) {
      const result = await client.query(text, params);
      return result.rows as T[];
    },
    async exec(text: string) {
      await client.exec(text);
    },
    async withConnection(fn) {
      return fn(async <R>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as R[]);
    },
    boss: { db: fromPglite(client), backend: 'pglite' },
    async close() {
      await client.close();
    },
  };
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // A dropped idle connection must not take the process down; the next query gets a fresh one.
  pool.on('error', () => {});
  await pool.query('SELECT 1');
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    kind: 'postgres',
    db,
    async query<T>(text: string, params: unknown[] = []) {
      const result = await pool.query(text, params);
      return result.rows as T[];
    },
    async exec(text: string) {
      await pool.query(text);
    },
    async withConnection(fn) {
      const connection = await pool.connect();
      try {
        const result = await fn(async <R>(text: string, params: unknown[] = []) => (await connection.query(text, params)).rows as R[]);
        connection.release();
        return result;
      } catch (error) {
        // Its session state (a lock not released) is unknown: close it rather than hand it back.
        connection.release(error instanceof Error ? error : new Error(String(error)));
        throw error;
      }
    },
    boss: { connectionString: url },
    async close() {
      await pool.end();
    },
  };
}
