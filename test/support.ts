import { randomBytes } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { loadConfig, type Config } from '../src/app/config.js';
import type { AppContext } from '../src/app/context.js';
import { bootApp } from '../src/app/start.js';
import { openDatabase, wrapPglite, type Database } from '../src/db/client.js';
import { migrate } from '../src/db/migrate.js';

/**
 * Test databases: PGlite by default, PostgreSQL when TEST_DATABASE_URL is set. Each test gets a
 * fresh, migrated database, cloned from a template migrated once per test process.
 */
let pgliteTemplate: Promise<PGlite> | null = null;
let postgresTemplate: Promise<string> | null = null;

export const usingPostgres = Boolean(process.env.TEST_DATABASE_URL);

export async function freshDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  if (url) {
    postgresTemplate ??= createPostgresTemplate(url);
    const template = await postgresTemplate;
    const name = `kanaal_t_${randomBytes(6).toString('hex')}`;
    await adminQuery(url, `CREATE DATABASE ${name} TEMPLATE ${template}`);
    const database = await openDatabase({ databaseUrl: withDatabase(url, name) });
    const close = database.close;
    database.close = async () => {
      await close();
      await adminQuery(url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    };
    return database;
  }
  pgliteTemplate ??= (async () => {
    const template = await PGlite.create();
    await migrate(wrapPglite(template));
    return template;
  })();
  return wrapPglite((await (await pgliteTemplate).clone()) as PGlite);
}

async function createPostgresTemplate(url: string): Promise<string> {
  const name = `kanaal_tmpl_${process.pid}_${randomBytes(3).toString('hex')}`;
  await adminQuery(url, `CREATE DATABASE ${name}`);
  const database = await openDatabase({ databaseUrl: withDatabase(url, name) });
  await migrate(database);
  await database.close();
  process.once('exit', () => {
    // Best effort: a template left behind is harmless but untidy.
  });
  return name;
}

async function adminQuery(url: string, text: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
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

export type TestApp = {
  app: FastifyInstance;
  ctx: AppContext;
  database: Database;
  close(): Promise<void>;
};

/**
 * A Kanaal server on a fresh database, not listening (use `app.inject`) unless `listen` is set.
 * No demo data; the job queue only when asked for.
 */
export async function createTestApp(options: { env?: Record<string, string>; queue?: boolean; listen?: boolean; demo?: boolean } = {}): Promise<TestApp> {
  const database = await freshDatabase();
  const config: Config = loadConfig({
    KANAAL_SECRET_KEY: randomBytes(32).toString('base64'),
    KANAAL_DATA_DIR: `./.tmp/test-${randomBytes(4).toString('hex')}`,
    KANAAL_DEMO: options.demo ? '1' : '0',
    KANAAL_ADMIN_EMAIL: 'root@kanaal.test',
    KANAAL_ADMIN_PASSWORD: 'root-password-123',
    KANAAL_LOG_LEVEL: 'silent',
    PORT: '0',
    ...options.env,
  });
  const running = await bootApp(config, { database, logger: false, queue: options.queue ?? false });
  const app = running.server;
  if (!app) throw new Error('test app has no server');
  if (options.listen) await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    ctx: running.ctx,
    database,
    async close() {
      await running.close();
      await database.close();
    },
  };
}

export function listeningUrl(app: FastifyInstance): string {
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('not listening');
  return `http://127.0.0.1:${address.port}`;
}
