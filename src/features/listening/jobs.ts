import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { defineJob } from '../../app/jobs.js';
import { pollDueSources } from './poll.js';
import { purgeExpiredMentions } from './settings-service.js';
import { startListeningStreams } from './stream-loop.js';
import { backfillWatchlistJob } from './watchlist-backfill.js';

/**
 * Listening's background work: polling feeds, pages and own-account mentions (cron, every minute,
 * each source at its own interval), the daily retention purge, running a new or changed watchlist
 * over the stored mentions (watchlist-backfill.ts), and the stream sources (an
 * in-process loop, BACKGROUND_LOOPS: streams are long-lived connections, not jobs).
 */

const ZNoPayload = z.object({}).passthrough();

/** Every minute: the polled sources whose interval has passed. A bad source is recorded on it, never thrown. */
export const pollSourcesJob = defineJob({
  name: 'listening-poll-sources',
  payload: ZNoPayload,
  retry: { limit: 0, delaySeconds: 60 },
  cron: '* * * * *',
  async handler(ctx) {
    try {
      const outcomes = await pollDueSources(ctx);
      const failed = outcomes.filter((o) => o.error !== null).length;
      if (outcomes.length > 0) ctx.log.info({ job: 'listening-poll-sources', polled: outcomes.length, failed }, 'listening sources polled');
    } catch (error) {
      ctx.log.error({ err: error, job: 'listening-poll-sources' }, 'listening poll failed');
    }
  },
});

/** Daily at 03:17 UTC: mentions older than their organisation's retention period go. */
export const purgeMentionsJob = defineJob({
  name: 'listening-purge',
  payload: ZNoPayload,
  retry: { limit: 2, delaySeconds: 600 },
  cron: '17 3 * * *',
  async handler(ctx) {
    const removed = await purgeExpiredMentions(ctx);
    if (removed > 0) ctx.log.info({ job: 'listening-purge', removed }, 'expired mentions removed');
  },
});

export const LISTENING_JOBS = [pollSourcesJob, purgeMentionsJob, backfillWatchlistJob];

/** The BACKGROUND_LOOPS entry: this worker's stream readers. */
export function startListeningLoop(ctx: AppContext): { stop(): Promise<void> } {
  return startListeningStreams(ctx);
}
