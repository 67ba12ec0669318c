import { formatInZone } from '../../i18n/zoned-time.js';

/** Where an organisation names no zone, Kanaal's home zone. */
export const DEFAULT_TIME_ZONE = 'Europe/Brussels';

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

/** "in 5 days", "3 hours ago", "now" in the interface language; the largest unit that fits. */
export function relativeTime(value: string, locale: string, now = Date.now()): string {
  const difference = new Date(value).getTime() - now;
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of UNITS) {
    if (Math.abs(difference) >= size || unit === 'minute') return format.format(Math.round(difference / size), unit);
  }
  return format.format(0, 'minute');
}

/** A calendar day as people in `timeZone` read it ("3 dec. 2026"). */
export function dayInZone(value: string, timeZone: string, locale: string): string {
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return value;
  try {
    return new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'short', year: 'numeric' }).format(instant);
  } catch {
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(instant);
  }
}

/** A moment with its zone ("3 dec. 2026, 14:05 CET"). */
export const momentInZone = (value: string, timeZone: string, locale: string): string => formatInZone(value, timeZone, locale);
