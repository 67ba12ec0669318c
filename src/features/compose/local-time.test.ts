import { describe, expect, it } from 'vitest';
import { instantsForWallTime, parsePlannedTime, zoneOffsetMinutes } from './local-time.js';

const BXL = 'Europe/Brussels';

describe('planned times in Europe/Brussels across daylight saving changes', () => {
  it('knows the offset in winter and summer', () => {
    expect(zoneOffsetMinutes(BXL, new Date('2026-01-15T12:00:00Z'))).toBe(60);
    expect(zoneOffsetMinutes(BXL, new Date('2026-07-15T12:00:00Z'))).toBe(120);
  });

  it('refuses 02:30 on 2026-03-29, which does not exist (with or without offset)', () => {
    expect(instantsForWallTime(BXL, { year: 2026, month: 3, day: 29, hour: 2, minute: 30, second: 0 })).toEqual([]);
    const withOffset = parsePlannedTime('2026-03-29T02:30:00+01:00', BXL);
    expect(withOffset.ok).toBe(false);
    const local = parsePlannedTime('2026-03-29T02:30', BXL);
    expect(local).toMatchObject({ ok: false, problem: { code: 'time_skipped', message: expect.stringContaining('does not exist') } });
    expect(parsePlannedTime('2026-03-29T03:30:00+02:00', BXL)).toEqual({ ok: true, instant: new Date('2026-03-29T01:30:00Z') });
  });

  it('in the 2026-10-25 overlap, the offset picks the 02:30; without one the earlier (summer time) is taken', () => {
    expect(instantsForWallTime(BXL, { year: 2026, month: 10, day: 25, hour: 2, minute: 30, second: 0 })).toHaveLength(2);
    expect(parsePlannedTime('2026-10-25T02:30:00+02:00', BXL)).toEqual({ ok: true, instant: new Date('2026-10-25T00:30:00Z') });
    expect(parsePlannedTime('2026-10-25T02:30:00+01:00', BXL)).toEqual({ ok: true, instant: new Date('2026-10-25T01:30:00Z') });
    expect(parsePlannedTime('2026-10-25T02:30', BXL)).toEqual({ ok: true, instant: new Date('2026-10-25T00:30:00Z') });
  });

  it('refuses an offset that is not the zone’s, and nonsense dates; accepts Z as an instant', () => {
    expect(parsePlannedTime('2026-07-01T10:00:00+01:00', BXL).ok).toBe(false);
    expect(parsePlannedTime('2026-02-30T10:00', BXL).ok).toBe(false);
    expect(parsePlannedTime('tomorrow', BXL).ok).toBe(false);
    expect(parsePlannedTime('2026-07-01T08:00:00Z', BXL)).toEqual({ ok: true, instant: new Date('2026-07-01T08:00:00Z') });
  });
});
