import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { createGzip, gunzipSync } from 'node:zlib';
import type { Database } from '../db/client.js';

/**
 * A logical backup: every Kanaal table as JSON rows, gzip-compressed. Being logical (not a PGlite
 * data-dir copy or a pg_dump), a backup taken on embedded PGlite restores on server PostgreSQL and the
 * other way round — the way to move an installation off one machine. Job-queue tables and sessions are
 * left out: they are transient.
 */
export type BackupFile = {
  format: 'kanaal-backup';
  version: 1;
  createdAt: string;
  migrations: string[];
  tables: Record<string, Record<string, unknown>[]>;
};

const TRANSIENT_TABLES = new Set(['kanaal_migrations', 'sessions', 'login_attempts']);

export async function writeBackup(database: Database, file: string): Promise<{ tables: number; rows: number }> {
  const tables = await tablesInDependencyOrder(database);
  const backup: BackupFile = {
    format: 'kanaal-backup',
    version: 1,
    createdAt: new Date().toISOString(),
    migrations: (await database.query<{ name: string }>('SELECT name FROM kanaal_migrations ORDER BY name')).map((r) => r.name),
    tables: {},
  };
  let rows = 0;
  for (const table of tables) {
    const found = await database.query<{ row: Record<string, unknown> }>(`SELECT row_to_json(t) AS row FROM ${ident(table)} t`);
    backup.tables[table] = found.map((r) => r.row);
    rows += found.length;
  }
  await pipeline(Readable.from([JSON.stringify(backup)]), createGzip(), createWriteStream(file, { mode: 0o600 }));
  return { tables: tables.length, rows };
}

/**
 * Restores a backup into a migrated database that holds no Kanaal data yet (refuses otherwise, so a
 * restore can never silently merge into or overwrite a live registry). All in one transaction.
 */
export async function restoreBackup(database: Database, file: string): Promise<{ tables: number; rows: number }> {
  const backup = JSON.parse(gunzipSync(await readFile(file)).toString('utf8')) as BackupFile;
  if (backup.format !== 'kanaal-backup' || backup.version !== 1) throw new Error('Not a Kanaal backup file (version 1).');
  const applied = new Set((await database.query<{ name: string }>('SELECT name FROM kanaal_migrations')).map((r) => r.name));
  const missing = backup.migrations.filter((m) => !applied.has(m));
  if (missing.length) throw new Error(`The backup comes from a newer Kanaal (migrations ${missing.join(', ')}); upgrade first.`);
  const tables = await tablesInDependencyOrder(database);
  for (const table of ['organisations', 'users', 'channels']) {
    const [row] = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${ident(table)}`);
    if ((row?.n ?? 0) > 0) throw new Error(`The database already holds data (${table}); restore needs an empty database.`);
  }
  const selfReferences = await selfReferencingColumns(database);
  let rows = 0;
  await database.exec('BEGIN');
  try {
    for (const table of tables) {
      const data = backup.tables[table] ?? [];
      for (const wave of insertionWaves(data, selfReferences.get(table))) {
        await database.query(`INSERT INTO ${ident(table)} SELECT * FROM json_populate_recordset(NULL::${ident(table)}, $1::json)`, [
          JSON.stringify(wave),
        ]);
      }
      rows += data.length;
      for (const { column } of await serialColumns(database, table)) {
        await database.query(`SELECT setval(pg_get_serial_sequence($1, $2), GREATEST((SELECT max(${ident(column)}) FROM ${ident(table)}), 1))`, [
          table,
          column,
        ]);
      }
    }
    await database.exec('COMMIT');
  } catch (error) {
    await database.exec('ROLLBACK');
    throw error;
  }
  return { tables: tables.length, rows };
}

/** Rows of a self-referencing table (organisations.parent_id) in waves: parents before children. */
function insertionWaves(data: Record<string, unknown>[], selfColumn: string | undefined): Record<string, unknown>[][] {
  if (!selfColumn || data.length === 0) return data.length ? [data] : [];
  const waves: Record<string, unknown>[][] = [];
  const inserted = new Set<unknown>();
  let remaining = data;
  while (remaining.length) {
    const ready = remaining.filter((r) => r[selfColumn] == null || inserted.has(r[selfColumn]));
    if (!ready.length) throw new Error('backup holds a reference cycle');
    for (const r of ready) inserted.add(r.id);
    waves.push(ready);
    remaining = remaining.filter((r) => !ready.includes(r));
  }
  return waves;
}

async function tablesInDependencyOrder(database: Database): Promise<string[]> {
  const tables = (
    await database.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    )
  )
    .map((r) => r.name)
    .filter((t) => !TRANSIENT_TABLES.has(t));
  const deps = await database.query<{ child: string; parent: string }>(
    `SELECT DISTINCT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
       FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = 'public' AND c.conrelid <> c.confrelid`,
  );
  const ordered: string[] = [];
  const visit = (table: string, path: Set<string>) => {
    if (ordered.includes(table) || path.has(table)) return;
    path.add(table);
    for (const d of deps.filter((d) => d.child === table)) visit(d.parent, path);
    if (tables.includes(table)) ordered.push(table);
  };
  for (const t of tables) visit(t, new Set());
  return ordered;
}

async function selfReferencingColumns(database: Database): Promise<Map<string, string>> {
  const found = await database.query<{ table_name: string; column_name: string }>(
    `SELECT c.conrelid::regclass::text AS table_name, a.attname AS column_name
       FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
       JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = 'public' AND c.conrelid = c.confrelid`,
  );
  return new Map(found.map((r) => [r.table_name, r.column_name]));
}

async function serialColumns(database: Database, table: string): Promise<{ column: string }[]> {
  return database.query<{ column: string }>(
    `SELECT column_name AS column FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = $1 AND column_default LIKE 'nextval(%'`,
    [table],
  );
}

function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`unexpected table name ${name}`);
  return `"${name}"`;
}
