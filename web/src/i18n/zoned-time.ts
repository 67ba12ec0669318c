/**
 * Wall-clock time in a named time zone (an organisation's), independent of the browser's zone:
 * what a `datetime-local` input shows and means, and the ISO instant with offset the API expects.
 */

type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number };

function wallClockIn(instant: Date, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** Minutes the zone is ahead of UTC at that instant (e.g. 120 for Brussels in summer). */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const wall = wallClockIn(instant, timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

const pad = (value: number, length = 2) => String(value).padStart(length, '0');

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${pad(Math.floor(absolute / 60))}:${pad(absolute % 60)}`;
}

/** `YYYY-MM-DDTHH:mm` as a `datetime-local` input shows the instant in `timeZone`. */
export function toZonedInputValue(instant: Date, timeZone: string): string {
  const wall = wallClockIn(instant, timeZone);
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}T${pad(wall.hour)}:${pad(wall.minute)}`;
}

/**
 * The instant a wall-clock `YYYY-MM-DDTHH:mm` in `timeZone` means, as ISO 8601 with that zone's offset
 * at that instant (`2026-03-29T10:00:00+02:00`). An hour skipped by a daylight-saving change moves
 * forward; the repeated autumn hour means its first occurrence. Null when the text is no time.
 */
export function zonedInputToIso(value: string, timeZone: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value);
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number) as [number, number, number, number, number];
  const wallAsUtc = Date.UTC(year, month - 1, day, hour, minute);
  if (Number.isNaN(wallAsUtc)) return null;
  // The zone's offset at the wanted instant is not known before the instant is: try the offsets a day
  // either side (covers every zone's change) and keep the earliest instant showing the asked wall clock.
  const guesses = new Set([-1, 0, 1].map((days) => offsetMinutes(new Date(wallAsUtc + days * 86_400_000), timeZone)));
  const candidates = [...guesses].map((offset) => new Date(wallAsUtc - offset * 60_000)).sort((a, b) => a.getTime() - b.getTime());
  const exact = candidates.find((instant) => toZonedInputValue(instant, timeZone) === value.slice(0, 16));
  // No exact match: the time fell in a skipped hour; the later candidate lies just after it.
  const instant = exact ?? (candidates[candidates.length - 1] as Date);
  const offset = offsetMinutes(instant, timeZone);
  return `${toZonedInputValue(instant, timeZone)}:00${formatOffset(offset)}`;
}

/** A timestamp as people in `timeZone` read it, with the zone named ("12 mrt. 2026, 09:30 CET"). */
export function formatInZone(value: string | null | undefined, timeZone: string, locale: string): string {
  if (!value) return '—';
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return value;
  try {
    return new Intl.DateTimeFormat(locale, {
      timeZone,
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    }).format(instant);
  } catch {
    // An unknown zone name: fall back to the browser's zone rather than showing nothing.
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(instant);
  }
}
