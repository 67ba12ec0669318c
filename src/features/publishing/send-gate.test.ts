import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { ReadersWriterLock } from './send-gate.js';

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
