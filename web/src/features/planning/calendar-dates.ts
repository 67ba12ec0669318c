/**
 * Plain calendar dates ('YYYY-MM-DD') for the grids, with no time zone involved: each post is
 * placed by its own organisation's wall-clock date (`plannedLocal`), which the server computes.
 */

const pad = (n: number) => String(n).padStart(2, '0');

export function toDateString(d: Date): string {
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function parseDate(value: string): Date {
  const [y, m, d] = value.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

export function addDays(value: string, days: number): string {
  const d = parseDate(value);
  d.setUTCDate(d.getUTCDate() + days);
  return toDateString(d);
}

export function addMonths(value: string, months: number): string {
  const d = parseDate(value);
  return toDateString(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1)));
}

/** Monday of the week holding `value` (weeks start on Monday in Belgium). */
export function startOfWeek(value: string): string {
  const weekday = (parseDate(value).getUTCDay() + 6) % 7;
  return addDays(value, -weekday);
}

export function todayIn(timeZone?: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return parts;
}

/** The days a view shows: 6 weeks for a month (Monday first), 7 for a week, 31 for the list. */
export function visibleDays(view: 'month' | 'week' | 'list', anchor: string): string[] {
  if (view === 'week') return Array.from({ length: 7 }, (_, i) => addDays(startOfWeek(anchor), i));
  if (view === 'list') return Array.from({ length: 31 }, (_, i) => addDays(anchor, i));
  const first = `${anchor.slice(0, 7)}-01`;
  const start = startOfWeek(first);
  return Array.from({ length: 42 }, (_, i) => addDays(start, i));
}

/**
 * The instant range to ask the API for: a day either side of the visible dates, so every zone's
 * posts on those local dates are included (they are then placed by their local date).
 */
export function fetchRange(days: string[]): { from: string; to: string } {
  const first = days[0] ?? todayIn();
  const last = days[days.length - 1] ?? first;
  return { from: `${addDays(first, -1)}T00:00:00Z`, to: `${addDays(last, 2)}T00:00:00Z` };
}

/** Queue-slot weekdays as the API numbers them (0 = Sunday … 6 = Saturday), listed Monday first. */
export const WEEKDAYS_MONDAY_FIRST = [1, 2, 3, 4, 5, 6, 0] as const;

/** 'maandag', 'lundi', 'Monday' … for an API weekday number. 3 January 2021 was a Sunday. */
export function weekdayName(weekday: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2021, 0, 3 + weekday)));
}

/** Queue slots in week order, Monday first, then by time. */
export function sortSlotsMondayFirst<T extends { weekday: number; time: string }>(slots: T[]): T[] {
  const rank = (weekday: number) => (weekday + 6) % 7;
  return [...slots].sort((a, b) => rank(a.weekday) - rank(b.weekday) || a.time.localeCompare(b.time));
}
