/**
 * Wall-clock times in an IANA zone, without a date library: Intl tells the offset of a zone at an
 * instant, and a wall-clock time maps to zero (spring-forward gap), one or two (autumn overlap)
 * instants. Pure; used to check planned times against the organisation's zone.
 */

import type { FieldError } from '../../kit/errors.js';
import { codedFieldError } from '../../kit/field-errors.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Offset of `timeZone` from UTC at `instant`, in minutes (Brussels: 60 in winter, 120 in summer). */
export function zoneOffsetMinutes(timeZone: string, instant: Date): number {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  return Math.round((wall - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

type Wall = { year: number; month: number; day: number; hour: number; minute: number; second: number };

/** Every instant at which the clocks in `timeZone` show `wall`, earliest first (0, 1 or 2 of them). */
export function instantsForWallTime(timeZone: string, wall: Wall): Date[] {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const offsets = new Set([-1, 0, 1].map((d) => zoneOffsetMinutes(timeZone, new Date(asUtc + d * 86_400_000))));
  const found = [...offsets]
    .map((offset) => asUtc - offset * 60_000)
    .filter((t) => zoneOffsetMinutes(timeZone, new Date(t)) * 60_000 === asUtc - t);
  return [...new Set(found)].sort((a, b) => a - b).map((t) => new Date(t));
}

/** A planned time, or why it cannot be one (a field error without its path: the caller knows the field). */
export type PlannedTime = { ok: true; instant: Date } | { ok: false; problem: FieldError };

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * Reads a planned time for an organisation in `timeZone`:
 * - with `Z`: an exact instant, taken as is;
 * - with an offset (`2026-10-25T02:30+02:00`): the offset must be the zone's offset at that moment,
 *   so a time inside the spring-forward gap (02:30 on 2026-03-29 in Brussels) is refused, and in the
 *   autumn overlap the offset says which of the two 02:30s is meant;
 * - without an offset: a wall-clock time in the zone; a time in the gap is refused, and in the
 *   overlap the earlier instant (still summer time) is chosen, as java.time and Temporal do.
 */
export function parsePlannedTime(value: string, timeZone: string): PlannedTime {
  const m = ISO.exec(value.trim());
  if (!m) return { ok: false, problem: codedFieldError('', 'planned_time') };
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  const zone = m[7];
  const check = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return { ok: false, problem: codedFieldError('', 'not_a_calendar_time') };
  }
  if (zone === 'Z') return { ok: true, instant: check };
  const local = `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}`;
  const candidates = instantsForWallTime(timeZone, { year, month, day, hour, minute, second });
  if (candidates.length === 0) {
    return { ok: false, problem: codedFieldError('', 'time_skipped', { local, timeZone }) };
  }
  if (zone === undefined) return { ok: true, instant: candidates[0] as Date };
  const sign = zone.startsWith('-') ? -1 : 1;
  const offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const instant = new Date(check.getTime() - offset * 60_000);
  if (!candidates.some((c) => c.getTime() === instant.getTime())) {
    return { ok: false, problem: codedFieldError('', 'offset_mismatch', { local, offset: zone, timeZone }) };
  }
  return { ok: true, instant };
}
