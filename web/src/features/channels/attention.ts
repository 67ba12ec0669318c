import type { Channel } from '../../api/types.js';
import { daysSince } from '../../i18n/format.js';

/** A follower figure older than this (about six months) is treated as outdated. */
export const STALE_AFTER_DAYS = 183;

export type AttentionReason = 'dormant' | 'stale' | 'missing';

/** Why a channel needs a look: dormant, or its follower figure is old or missing. Archived channels never do. */
export function attentionReasons(
  channel: Pick<Channel, 'status' | 'followersMeasuredOn' | 'followerCount'>,
  now = new Date(),
): AttentionReason[] {
  if (channel.status === 'archived') return [];
  const reasons: AttentionReason[] = [];
  if (channel.status === 'dormant') reasons.push('dormant');
  if (!channel.followersMeasuredOn || channel.followerCount === null) reasons.push('missing');
  else if ((daysSince(channel.followersMeasuredOn, now) ?? 0) > STALE_AFTER_DAYS) reasons.push('stale');
  return reasons;
}

export function isFigureStale(measuredOn: string | null, now = new Date()): boolean {
  return measuredOn !== null && (daysSince(measuredOn, now) ?? 0) > STALE_AFTER_DAYS;
}
