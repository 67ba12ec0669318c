import type { SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';

/** Runs raw Drizzle SQL and returns its rows on both drivers (PGlite and node-postgres answer alike). */
export async function rows<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
