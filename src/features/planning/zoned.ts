import { instantsForWallTime, zoneOffsetMinutes } from '../compose/local-time.js';

/**
 * Small helpers on top of compose's local-time module: how an instant reads on the wall clock of a
 * zone, and which instant a (date, 'HH:MM') slot of a zone is. Pure.
 */

export type WallClock = { date: string; time: string; local: string; offset: string; weekday: number };

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** The wall clock of `timeZone` at `instant` (to the minute). */
export function wallClock(instant: Date, timeZone: string): WallClock {
  const offset = zoneOffsetMinutes(timeZone, instant);
  const shifted = new Date(instant.getTime() + offset * 60_000);
  const date = `${shifted.getUTCFullYear()}-${pad(shifted.getUTCMonth() + 1)}-${pad(shifted.getUTCDate())}`;
  const time = `${pad(shifted.getUTCHours())}:${pad(shifted.getUTCMinutes())}`;
  return { date, time, local: `${date}T${time}`, offset: formatOffset(offset), weekday: shifted.getUTCDay() };
}

/**
 * The instant at which `timeZone` shows `date` ('YYYY-MM-DD') at `time` ('HH:MM'): null when that
 * time does not exist that day (spring-forward gap); in the autumn overlap, the earlier instant,
 * so a slot happens once that night, not twice.
 */
export function slotInstant(date: string, time: string, timeZone: string): Date | null {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return instantsForWallTime(timeZone, { year, month, day, hour, minute, second: 0 })[0] ?? null;
}

/** 'YYYY-MM-DD' plus `days` calendar days (no zone involved). */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const d = new Date(Date.UTC(year, month - 1, day + days));
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}
