import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../test/support.js';
import type { Database } from '../../db/client.js';
import { ReadersWriterLock, SEND_GATE_LOCK_ID, SEND_GATE_SESSIONS, withSendGateExclusive, withSendGateShared } from './send-gate.js';

/** The in-process gate PGlite uses (the PostgreSQL gate is exercised by pause.test.ts on both backends). */
describe('readers/writer lock', () => {
  it('lets sends share it, makes a pause wait for them, and queues later sends behind the pause', async () => {
    const lock = new ReadersWriterLock();
    const events: string[] = [];
    const send = (name: string, ms: number) =>
      lock.shared(async () => {
        events.push(`${name} start`);
        await sleep(ms);
        events.push(`${name} end`);
      });
    const first = send('a', 40);
    const second = send('b', 20);
    await sleep(5);
    expect(lock.state).toEqual({ readers: 2, writer: false, waiting: 0 });
    const pause = lock.exclusive(async () => {
      events.push('pause');
    });
    await sleep(5);
    const late = send('c', 1);
    expect(lock.state.waiting).toBe(2);
    await Promise.all([first, second, pause, late]);
    expect(events).toEqual(['a start', 'b start', 'b end', 'a end', 'pause', 'c start', 'c end']);
    expect(lock.state).toEqual({ readers: 0, writer: false, waiting: 0 });
  });

  it('releases the gate when a send throws', async () => {
    const lock = new ReadersWriterLock();
    await expect(lock.shared(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(lock.exclusive(async () => 'paused')).resolves.toBe('paused');
  });
});

/**
 * The gate on the test database: the in-process lock on PGlite, shared advisory-lock sessions on
 * PostgreSQL (TEST_DATABASE_URL). The same contract on both.
 */
describe('the send gate on the database', () => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(async () => database?.close());

  const gateSessions = async () => {
    if (database.kind !== 'postgres') return 0;
    const [found] = await database.query<{ n: string }>(
      `SELECT count(*) AS n FROM pg_locks
        WHERE locktype = 'advisory' AND objid = $1 AND mode = 'ShareLock' AND granted
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      [SEND_GATE_LOCK_ID],
    );
    return Number(found?.n ?? 0);
  };

  it('a pause under a steady stream of sends waits for those in flight, runs alone, and is not starved', async () => {
    const sends: Array<[number, number]> = [];
    const pause: { body?: [number, number] } = {};
    let maxSessions = 0;
    const streamUntil = performance.now() + 2500;
    const stream = async () => {
      while (performance.now() < streamUntil) {
        await withSendGateShared(database, async () => {
          const start = performance.now();
          await sleep(20 + Math.random() * 40);
          sends.push([start, performance.now()]);
        });
      }
    };
    const streams = Promise.all(Array.from({ length: 8 }, stream));
    await sleep(300);
    maxSessions = Math.max(maxSessions, await gateSessions());
    const asked = performance.now();
    await withSendGateExclusive(database, async () => {
      const start = performance.now();
      await sleep(50);
      pause.body = [start, performance.now()];
    });
    const waited = performance.now() - asked;
    maxSessions = Math.max(maxSessions, await gateSessions());
    await streams;

    if (!pause.body) throw new Error('the pause did not run');
    const [pauseStart, pauseEnd] = pause.body;
    // No send ran while the pause held the gate: each ended before it began or started after it ended.
    expect(sends.filter(([s, e]) => e > pauseStart && s < pauseEnd)).toEqual([]);
    // Bounded wait: the sends in flight (≤ 60 ms) plus, on PostgreSQL, a session's admit window.
    expect(waited).toBeLessThan(SEND_GATE_SESSIONS.admitMs + 1000);
    // Sends went on after the pause.
    expect(sends.some(([s]) => s > pauseEnd)).toBe(true);
    if (database.kind === 'postgres') {
      expect(maxSessions).toBeGreaterThanOrEqual(1);
      expect(maxSessions).toBeLessThanOrEqual(SEND_GATE_SESSIONS.maxSessions);
    }
  });

  it('many sends at once share a few gate sessions, and the gate is let go once they are done', async () => {
    let peak = 0;
    await Promise.all(
      Array.from({ length: 40 }, () =>
        withSendGateShared(database, async () => {
          await sleep(30);
          peak = Math.max(peak, await gateSessions());
        }),
      ),
    );
    if (database.kind === 'postgres') expect(peak).toBeLessThanOrEqual(SEND_GATE_SESSIONS.maxSessions);
    // Nothing in flight: a pause gets the gate within a session's window.
    const asked = performance.now();
    await withSendGateExclusive(database, async () => undefined);
    expect(performance.now() - asked).toBeLessThan(SEND_GATE_SESSIONS.admitMs + 500);
    await sleep(SEND_GATE_SESSIONS.admitMs + 100);
    expect(await gateSessions()).toBe(0);
  });
});
