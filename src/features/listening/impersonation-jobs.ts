import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { defineJob } from '../../app/jobs.js';
import { rows } from '../../kit/sql.js';
import { scanForImpersonators } from './impersonation-scan.js';
import { SCAN_JOB } from './impersonation-service.js';

/**
 * The impersonation scan as jobs. Daily, one small job per organisation rather than one long job
 * for the whole registry: each finishes well within pg-boss's expiry, and a slow instance delays
 * only its own organisation. "Scan now" sends the same per-organisation job.
 */

/** One organisation's channels (with `subtree`, also those below it). Failures are recorded per channel, never thrown. */
export const impersonationScanJob = defineJob({
  name: SCAN_JOB,
  payload: z.object({ organisationId: z.string().uuid(), subtree: z.boolean().default(false) }),
  retry: { limit: 0, delaySeconds: 300 },
  async handler(ctx, data) {
    const outcomes = await scanForImpersonators(ctx, { organisationId: data.organisationId, subtree: data.subtree });
    const failed = outcomes.filter((o) => !o.ok).length;
    const candidates = outcomes.reduce((sum, o) => sum + o.candidates, 0);
    ctx.log.info({ job: SCAN_JOB, organisationId: data.organisationId, channels: outcomes.length, failed, candidates }, 'impersonation scan done');
  },
});

/** Daily at 04:41 UTC: a scan job for every organisation with a Mastodon or Bluesky channel. */
export const impersonationDailyJob = defineJob({
  name: 'impersonation-scan-daily',
  payload: z.object({}).passthrough(),
  retry: { limit: 2, delaySeconds: 600 },
  cron: '41 4 * * *',
  async handler(ctx) {
    const organisations = await rows<{ organisation_id: string }>(
      ctx.db,
      sql`SELECT DISTINCT organisation_id FROM channels WHERE network IN ('mastodon', 'bluesky') AND status <> 'archived'`,
    );
    for (const { organisation_id } of organisations) await ctx.queue?.send(SCAN_JOB, { organisationId: organisation_id, subtree: false });
    ctx.log.info({ job: 'impersonation-scan-daily', organisations: organisations.length }, 'impersonation scans queued');
  },
});

export const IMPERSONATION_JOBS = [impersonationScanJob, impersonationDailyJob];
