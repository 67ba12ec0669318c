import { type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { rows } from '../../kit/sql.js';

/**
 * Reading mention_matches in arrival order without missing a row that commits late.
 *
 * A match's `matched_at` is the start time of the ingest transaction that wrote it (its column
 * default, now()). Transactions commit out of order: one that began at 10:00:00.1 may commit after
 * one that began at 10:00:00.2, so "everything after the last row I saw" read at the wrong moment
 * would jump over the late one for ever. The arrival horizon closes that gap: it is the start of
 * the oldest transaction still open in the database (pg_stat_activity), or the current time when
 * there is none, minus a small margin. Every transaction that began before the horizon has ended,
 * so every row with matched_at < horizon that will ever exist is already visible to the next
 * statement, and a reader that only goes up to the horizon never skips a row. The horizon must be
 * read in a statement before the one that reads the rows (READ COMMITTED: each statement sees what
 * was committed when it started).
 *
 * Costs and limits: an open transaction holds alerts back for as long as it stays open (delayed,
 * never lost; the runner logs a warning past ten minutes). It relies on pg_stat_activity showing
 * the ingest sessions' xact_start, i.e. Kanaal's processes using one database role (or a role with
 * pg_read_all_stats). On PGlite there is a single session, so the horizon is simply "now".
 *
 * Timestamps cross between statements as exact text with microseconds (isoMicros): JavaScript's
 * Date keeps milliseconds only, and a rounded cursor would skip or repeat rows.
 */

export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** Margin below the oldest open transaction's start: covers the instant between its start and its report. */
const HORIZON_MARGIN = sql.raw(`interval '250 milliseconds'`);

/** A timestamptz expression as exact UTC text: `2026-03-02T08:00:00.123456Z`. */
export function isoMicros(expression: SQL): SQL {
  return sql`to_char((${expression}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

export type Horizon = {
  /** Exact UTC text (isoMicros): rows with matched_at below it are all visible now. */
  at: string;
  /** How far the horizon lags behind the clock (an old open transaction holds it back). */
  lagSeconds: number;
};

/** See the module comment. Call it in its own statement, before reading rows up to it. */
export async function arrivalHorizon(db: DbOrTx): Promise<Horizon> {
  const [row] = await rows<{ at: string; lag: string | number }>(
    db,
    sql`SELECT ${isoMicros(sql.raw('h.at'))} AS at, extract(epoch FROM statement_timestamp() - h.at) AS lag
          FROM (SELECT least(statement_timestamp(),
                             coalesce((SELECT min(a.xact_start) FROM pg_stat_activity a
                                        WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()
                                          AND a.backend_type = 'client backend' AND a.xact_start IS NOT NULL),
                                      'infinity'::timestamptz)) - ${HORIZON_MARGIN} AS at) h`,
  );
  if (!row) throw new Error('arrival horizon: no answer');
  return { at: row.at, lagSeconds: Number(row.lag) };
}

/** Exact UTC text of the database clock now, or `offsetMs` from now (for cursors that start "from now"). */
export async function databaseNow(db: DbOrTx, offsetMs = 0): Promise<string> {
  const [row] = await rows<{ at: string }>(
    db,
    sql`SELECT ${isoMicros(sql`statement_timestamp() + ${`${offsetMs} milliseconds`}::interval`)} AS at`,
  );
  if (!row) throw new Error('database clock: no answer');
  return row.at;
}
