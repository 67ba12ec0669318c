import { addDays, slotInstant, wallClock } from '../planning/zoned.js';
import type { AlertMode } from './alert-schema.js';

/**
 * When digests fire and when a spike counts as one (pure, no I/O).
 *
 * Digests: hourly at the top of every hour of the organisation's time zone; daily at `hour`:00 of
 * that zone. A digest that could not run at its time (the server was down) runs once when it can,
 * with everything since the last one: missed slots are not caught up one by one.
 *
 * Spikes: the number of matches in the last `windowMinutes` (by the mentions' publication time)
 * against the baseline, the mean number per window of the same length over the 7 days before the
 * window — or since the watchlist was created, if that is more recent. It fires when the count is
 * at least `minimumCount` and at least `factor` × the baseline; with less than one window of
 * history the baseline is 0 and the minimum alone decides. After firing, a rule stays quiet for one
 * window, so a lasting surge gives one alert per window, not one per minute.
 */

export const BASELINE_DAYS = 7;
const MINUTE = 60_000;

const pad = (n: number) => String(n).padStart(2, '0');

/** The next top of the hour in `timeZone` strictly after `after` (zones are offset by whole quarter hours). */
function nextLocalHour(after: Date, timeZone: string): Date {
  const quarter = 15 * MINUTE;
  let candidate = Math.floor(after.getTime() / quarter) * quarter + quarter;
  for (let i = 0; i < 8; i += 1, candidate += quarter) {
    if (wallClock(new Date(candidate), timeZone).time.endsWith(':00')) return new Date(candidate);
  }
  // An offset that is not a multiple of 15 minutes (historical zones only): the next UTC hour.
  return new Date(Math.floor(after.getTime() / (60 * MINUTE)) * 60 * MINUTE + 60 * MINUTE);
}

/** The next `hour`:00 in `timeZone` strictly after `after`; a day where that hour does not exist uses the hour after. */
function nextLocalDaily(after: Date, timeZone: string, hour: number): Date {
  const today = wallClock(after, timeZone).date;
  for (let day = 0; day < 3; day += 1) {
    const date = addDays(today, day);
    const slot = slotInstant(date, `${pad(hour)}:00`, timeZone) ?? slotInstant(date, `${pad((hour + 1) % 24)}:00`, timeZone);
    if (slot && slot.getTime() > after.getTime()) return slot;
  }
  return new Date(after.getTime() + 24 * 60 * MINUTE);
}

/** When a digest rule fires next, after `after`; null for modes without a schedule. */
export function nextDigestAt(mode: AlertMode, after: Date, timeZone: string, digestHour: number): Date | null {
  if (mode === 'digest_hourly') return nextLocalHour(after, timeZone);
  if (mode === 'digest_daily') return nextLocalDaily(after, timeZone, digestHour);
  return null;
}

export type SpikeWindows = { windowFrom: Date; windowTo: Date; baselineFrom: Date; baselineTo: Date };

/** The current window and its baseline period, at `now`, for a watchlist created at `watchlistCreatedAt`. */
export function spikeWindows(now: Date, windowMinutes: number, watchlistCreatedAt: Date): SpikeWindows {
  const windowFrom = new Date(now.getTime() - windowMinutes * MINUTE);
  const week = new Date(windowFrom.getTime() - BASELINE_DAYS * 24 * 60 * MINUTE);
  const baselineFrom = watchlistCreatedAt.getTime() > week.getTime() ? watchlistCreatedAt : week;
  return {
    windowFrom,
    windowTo: now,
    baselineFrom: baselineFrom.getTime() > windowFrom.getTime() ? windowFrom : baselineFrom,
    baselineTo: windowFrom,
  };
}

export type SpikeVerdict = { fires: boolean; baseline: number; ratio: number | null };

/**
 * Whether `count` matches in the window are a spike, given `baselineCount` matches over the
 * baseline period of `baselineMinutes`. Baseline: mean per window (0 with less than one window of history).
 */
export function judgeSpike(input: {
  count: number;
  baselineCount: number;
  baselineMinutes: number;
  windowMinutes: number;
  factor: number;
  minimumCount: number;
}): SpikeVerdict {
  const windows = input.baselineMinutes / input.windowMinutes;
  const baseline = windows >= 1 ? input.baselineCount / windows : 0;
  const ratio = baseline > 0 ? input.count / baseline : null;
  const fires = input.count >= input.minimumCount && (baseline === 0 || input.count >= input.factor * baseline);
  return { fires, baseline: Math.round(baseline * 100) / 100, ratio: ratio === null ? null : Math.round(ratio * 100) / 100 };
}
