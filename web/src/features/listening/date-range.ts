import { zonedInputToIso } from '../../i18n/zoned-time.js';

function nextDay(value: string): string {
  const [year, month, day] = value.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + 1)).toISOString().slice(0, 10);
}

/**
 * The instants a date range means for the API (from ≤ t < to), read in the organisation's time
 * zone: `from` is the start of its day; `to` is inclusive, so the start of the day after.
 */
export function dateRangeToInstants(from: string | undefined, to: string | undefined, timeZone: string): { from?: string; to?: string } {
  return {
    from: from ? (zonedInputToIso(`${from}T00:00`, timeZone) ?? undefined) : undefined,
    to: to ? (zonedInputToIso(`${nextDay(to)}T00:00`, timeZone) ?? undefined) : undefined,
  };
}
