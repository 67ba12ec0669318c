import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { Database } from './client.js';

const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url));
// Any fixed number: it only has to be the same in every Kanaal process sharing one database.
const MIGRATION_LOCK_ID = 727_100_001;

/**
 * Applies every not-yet-applied `NNNN_name.sql` file in order, each in its own transaction.
 * The same files run on PGlite and PostgreSQL; concurrent starters serialise on an advisory lock.
 * Returns the names applied now.
 */
export async function migrate(database: Database): Promise<string[]> {
  await database.exec(
    'CREATE TABLE IF NOT EXISTS kanaal_migrations (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}_.+\.sql$/.test(f)).sort();
  const applied: string[] = [];
  await database.exec(`SELECT pg_advisory_lock(${MIGRATION_LOCK_ID})`);
  try {
    const done = new Set((await database.query<{ name: string }>('SELECT name FROM kanaal_migrations')).map((r) => r.name));
    for (const file of files) {
      if (done.has(file)) continue;
      const sql = await readFile(MIGRATIONS_DIR + file, 'utf8');
      await database.exec(
        `BEGIN;\n${sql}\nINSERT INTO kanaal_migrations (name) VALUES ('${file.replace(/'/g, "''")}');\nCOMMIT;`,
      ).catch(async (error: unknown) => {
        await database.exec('ROLLBACK').catch(() => {});
        throw new Error(`migration ${file} failed: ${error instanceof Error ? error.message : String(error)}`);
      });
      applied.push(file);
    }
  } finally {
    await database.exec(`SELECT pg_advisory_unlock(${MIGRATION_LOCK_ID})`);
  }
  return applied;
}
