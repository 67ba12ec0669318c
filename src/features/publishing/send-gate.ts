import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.js';

/**
 * The send gate (docs/publishing.md, "No post leaves after a pause is committed"). Every send holds
 * the gate shared from its pause re-check until its outcome is recorded; `pausePublishing` holds it
 * exclusively while it commits. So a pause commits only after every send in flight has finished,
 * and every send that starts later sees the pause.
 *
 * - PostgreSQL: a session-level `pg_advisory_lock_shared` on a dedicated pooled connection for the
 *   send; `pg_advisory_xact_lock` (exclusive, released at commit) in the pause transaction. Works
 *   across any number of worker processes on one database. A new shared request queues behind a
 *   waiting exclusive one, so a pause is not starved by a stream of sends.
 * - PGlite: one process and one session (advisory locks never conflict within a session), so the
 *   same gate is an in-process readers/writer lock, writer-preferring for the same reason. The pause
 *   takes it before opening its transaction: PGlite runs one transaction at a time, and a send
 *   holding the gate must still be able to record its outcome.
 */

// Any fixed number, the same in every process sharing the database (audit uses …002, migrations …001).
export const SEND_GATE_LOCK_ID = 727_100_003;

type Waiter = { exclusive: boolean; grant: () => void };

/** FIFO readers/writer lock: a waiting writer blocks readers that arrive after it. */
export class ReadersWriterLock {
  private readers = 0;
  private writer = false;
  private readonly queue: Waiter[] = [];

  async shared<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire(false);
    try {
      return await fn();
    } finally {
      this.readers -= 1;
      this.dispatch();
    }
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire(true);
    try {
      return await fn();
    } finally {
      this.writer = false;
      this.dispatch();
    }
  }

  /** For tests and the health of the worker: sends holding the gate, and whether a pause holds it. */
  get state(): { readers: number; writer: boolean; waiting: number } {
    return { readers: this.readers, writer: this.writer, waiting: this.queue.length };
  }

  private acquire(exclusive: boolean): Promise<void> {
    const free = exclusive ? !this.writer && this.readers === 0 : !this.writer;
    if (free && this.queue.length === 0) {
      if (exclusive) this.writer = true;
      else this.readers += 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push({ exclusive, grant: resolve }));
  }

  private dispatch(): void {
    while (this.queue.length > 0 && !this.writer) {
      const next = this.queue[0] as Waiter;
      if (next.exclusive) {
        if (this.readers > 0) return;
        this.queue.shift();
        this.writer = true;
        next.grant();
        return;
      }
      this.queue.shift();
      this.readers += 1;
      next.grant();
    }
  }
}

const pgliteGates = new WeakMap<Database, ReadersWriterLock>();

function pgliteGate(database: Database): ReadersWriterLock {
  let gate = pgliteGates.get(database);
  if (!gate) {
    gate = new ReadersWriterLock();
    pgliteGates.set(database, gate);
  }
  return gate;
}

/** Runs one send (pause re-check → network call → outcome recorded) inside the gate, shared. */
export async function withSendGateShared<T>(database: Database, fn: () => Promise<T>): Promise<T> {
  if (database.kind === 'pglite') return pgliteGate(database).shared(fn);
  return database.withConnection(async (query) => {
    await query('SELECT pg_advisory_lock_shared($1::bigint)', [SEND_GATE_LOCK_ID]);
    try {
      return await fn();
    } finally {
      await query('SELECT pg_advisory_unlock_shared($1::bigint)', [SEND_GATE_LOCK_ID]);
    }
  });
}

/**
 * Runs `fn` in a transaction that holds the gate exclusively until it commits (or rolls back):
 * waits for the sends in flight, and no send starts until the transaction has ended.
 */
export async function withSendGateExclusive<T>(database: Database, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (database.kind === 'pglite') return pgliteGate(database).exclusive(() => database.db.transaction(fn));
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${SEND_GATE_LOCK_ID}::bigint)`);
    return fn(tx);
  });
}

/** The in-process gate of a PGlite database (tests look at it); null on PostgreSQL. */
export function pgliteSendGate(database: Database): ReadersWriterLock | null {
  return database.kind === 'pglite' ? pgliteGate(database) : null;
}
