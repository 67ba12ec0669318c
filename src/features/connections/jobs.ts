import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { defineJob } from '../../app/jobs.js';
import { rows } from '../../kit/sql.js';
import type { Network } from '../registry/schema.js';
import { connectorFor } from '../../networks/registry.js';
import { noteConnectionOutcome, renewCredentials } from './accounts.js';

/**
 * Renews tokens ahead of expiry, at half their life: X's 2-hour tokens about every hour, Meta's
 * and LinkedIn's 60-day tokens after a month. Half-life leaves many chances to retry before a
 * token runs out; a token that cannot be renewed shows on the health page with its expiry.
 * Connections without a known issue time are renewed in their last day.
 */
export async function renewExpiringTokens(ctx: AppContext): Promise<{ renewed: number; failed: number; skipped: number }> {
  const due = await rows<{ channel_id: string; network: Network; token_expires_at: Date }>(
    ctx.db,
    sql`SELECT c.channel_id, ch.network, c.token_expires_at
          FROM channel_connections c JOIN channels ch ON ch.id = c.channel_id
         WHERE c.token_expires_at IS NOT NULL AND c.token_expires_at > now()
           AND now() >= coalesce(c.token_issued_at + (c.token_expires_at - c.token_issued_at) / 2, c.token_expires_at - interval '1 day')
         ORDER BY c.token_expires_at
         LIMIT 200`,
  );
  const result = { renewed: 0, failed: 0, skipped: 0 };
  for (const row of due) {
    const connector = connectorFor(row.network);
    if (!connector?.refresh) {
      result.skipped++;
      continue;
    }
    try {
      const renewed = await renewCredentials(ctx.db, ctx.keyring, row.channel_id, connector, { timeoutMs: 15_000, allow: ctx.config.allowUrls });
      if (renewed) result.renewed++;
      else result.skipped++;
    } catch (error) {
      result.failed++;
      await noteConnectionOutcome(ctx.db, row.channel_id, {
        code: 'renewal_failed',
        params: {
          message: error instanceof Error ? error.message : String(error),
          expiresAt: new Date(row.token_expires_at).toISOString(),
        },
      });
      ctx.log.warn({ err: error, channelId: row.channel_id }, 'connections: token renewal failed');
    }
  }
  return result;
}

export const renewTokensJob = defineJob({
  name: 'renew-expiring-tokens',
  payload: z.object({}).passthrough(),
  retry: { limit: 0, delaySeconds: 60 },
  cron: '*/10 * * * *',
  async handler(ctx) {
    const result = await renewExpiringTokens(ctx);
    if (result.renewed + result.failed > 0) ctx.log.info(result, 'connections: tokens renewed');
  },
});

export const CONNECTION_JOBS = [renewTokensJob];
