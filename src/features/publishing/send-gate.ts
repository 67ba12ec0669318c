import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../../db/client.js';

/**
 * The send gate (docs/publishing.md, "No post leaves after a pause is committed"). Every send holds
 * the gate shared from its pause re-check until its outcome is recorded; `pausePublishing` holds it
 * exclusively while it commits. So a pause commits only after every send in flight has finished,
 * and every send that starts later sees the pause.
 *
 * - PostgreSQL: a session-level `pg_advisory_lock_shared` on a dedicated pooled connection, shared
 *   by the sends that start within a short window (PostgresSendGate); `pg_advisory_xact_lock`
 *   (exclusive, released at commit) in the pause transaction. Works across any number of worker
 *   processes on one database. A new shared request queues behind a waiting exclusive one and a
 *   session admits sends only during its window, so a pause is not starved by a stream of sends.
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

/**
 * Runs sends (pause re-check → network calls → outcomes recorded) inside the gate, shared. The
 * caller does its pause re-check inside `fn`, after the gate is held.
 */
export async function withSendGateShared<T>(database: Database, fn: () => Promise<T>): Promise<T> {
  if (database.kind === 'pglite') return pgliteGate(database).shared(fn);
  const leave = await postgresGate(database).enter();
  try {
    return await fn();
  } finally {
    leave();
  }
}

/** How the PostgreSQL gate shares its sessions (see PostgresSendGate). */
export const SEND_GATE_SESSIONS = {
  /** A session takes new sends for this long after its shared lock was granted, then drains and lets go. */
  admitMs: 250,
  /** Sessions (pooled connections) a process holds at most; a send waits for one when all are draining. */
  maxSessions: 3,
};

type GateSession = { holders: number; admitUntil: number; closing: boolean; close: () => void; timer?: NodeJS.Timeout };

/**
 * The PostgreSQL side of the gate for one process. Taking `pg_advisory_lock_shared` on a pooled
 * connection for every send cost two round trips and a connection held through each network call.
 * Instead a session (one dedicated connection holding the shared lock) is shared by every send that
 * starts within `admitMs` of the lock being granted; it lets go of the lock once that window has
 * passed and its last send has recorded its outcome. Then a new session is opened, whose
 * `pg_advisory_lock_shared` queues behind a waiting pause.
 *
 * Why it is still the same guarantee: a send joins only a session that holds the shared lock, and
 * does its pause re-check after joining; the session keeps the lock until every send that joined
 * it has recorded its outcome. A pause commits only while holding the lock exclusively, so a send
 * either re-checks after the pause committed (and holds its row) or has left and been recorded
 * before the pause could commit. The windows only bound how long a pause waits: at most `admitMs`
 * plus the longest send in flight (the per-send lock made it wait for the longest send).
 */
class PostgresSendGate {
  private readonly sessions: GateSession[] = [];
  private opening: Promise<void> | null = null;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly database: Database) {}

  /** Joins an admitting session (opening one when there is none); returns how to leave it. */
  async enter(): Promise<() => void> {
    for (;;) {
      const now = Date.now();
      const open = this.sessions.find((s) => !s.closing && now < s.admitUntil);
      if (open) {
        open.holders += 1;
        let left = false;
        return () => {
          if (left) return;
          left = true;
          open.holders -= 1;
          this.settle(open);
        };
      }
      if (!this.opening && this.sessions.length < SEND_GATE_SESSIONS.maxSessions) this.opening = this.open();
      // Wait for the session being opened, or for one to close when all are draining.
      if (this.opening) await this.opening;
      else await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  /** Opens a session; resolves once its shared lock is granted (or the attempt failed). */
  private open(): Promise<void> {
    return new Promise<void>((granted, failed) => {
      let session: GateSession | undefined;
      const finished = this.database
        .withConnection(async (query) => {
          await query('SELECT pg_advisory_lock_shared($1::bigint)', [SEND_GATE_LOCK_ID]);
          try {
            await new Promise<void>((close) => {
              session = { holders: 0, admitUntil: Date.now() + SEND_GATE_SESSIONS.admitMs, closing: false, close };
              this.sessions.push(session);
              granted();
              this.settle(session);
            });
          } finally {
            // If the unlock fails, withConnection closes the connection: the lock ends with it.
            await query('SELECT pg_advisory_unlock_shared($1::bigint)', [SEND_GATE_LOCK_ID]);
          }
        })
        .catch((error: unknown) => failed(error))
        .finally(() => {
          if (session) this.sessions.splice(this.sessions.indexOf(session), 1);
          for (const wake of this.waiting.splice(0)) wake();
        });
      void finished;
    }).finally(() => {
      this.opening = null;
    });
  }

  /** Closes a session that admits no more and has no sends left; otherwise checks again when its window ends. */
  private settle(session: GateSession): void {
    if (session.closing || session.holders > 0) return;
    const left = session.admitUntil - Date.now();
    if (left > 0) {
      if (!session.timer) {
        session.timer = setTimeout(() => {
          session.timer = undefined;
          this.settle(session);
        }, left);
        session.timer.unref();
      }
      return;
    }
    session.closing = true;
    session.close();
  }
}

const postgresGates = new WeakMap<Database, PostgresSendGate>();

function postgresGate(database: Database): PostgresSendGate {
  let gate = postgresGates.get(database);
  if (!gate) {
    gate = new PostgresSendGate(database);
    postgresGates.set(database, gate);
  }
  return gate;
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
