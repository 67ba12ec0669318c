import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { rows } from '../../kit/sql.js';
import type { Network } from '../registry/schema.js';
import { type RateLimitBucket, rateLimits } from '../../networks/rate-limits.js';

/**
 * Token buckets per (network, account), kept in `publishing_rate_buckets` so every worker process
 * draws from the same buckets. A bucket holds at most `limit` tokens and refills continuously at
 * `limit / periodSeconds` per second; time is the database's clock, shared by all workers.
 * A network's 429 blocks the account's buckets until its Retry-After has passed.
 */

export type RateDecision = { ok: true } | { ok: false; retryAfterMs: number; reason: string };

type BucketRow = { bucket: string; tokens: number; elapsed: number; blocked_for: number | null };

/**
 * Takes `cost` tokens from each of the account's buckets, all or none. When one bucket cannot
 * pay (or the account is blocked after a 429), nothing is taken and the answer says how long to wait.
 */
export async function takeRateTokens(
  db: DbOrTx,
  network: Network,
  accountKey: string,
  cost: Partial<Record<RateLimitBucket, number>>,
): Promise<RateDecision> {
  const rules = rateLimits[network] ?? {};
  // 'requests' is always looked at: it carries the block after a 429, even for a network without numbers.
  const wanted = (['requests', 'media'] as const).filter((b) => b === 'requests' || (rules[b] && (cost[b] ?? 0) > 0));
  return db.transaction(async (tx) => {
    for (const bucket of wanted) {
      await tx.execute(sql`INSERT INTO publishing_rate_buckets (network, account_key, bucket, tokens)
                           VALUES (${network}, ${accountKey}, ${bucket}, ${rules[bucket]?.limit ?? 0}) ON CONFLICT DO NOTHING`);
    }
    const found = await rows<BucketRow>(
      tx,
      sql`SELECT bucket, tokens, extract(epoch FROM now() - refilled_at)::float8 AS elapsed,
                 extract(epoch FROM blocked_until - now())::float8 AS blocked_for
            FROM publishing_rate_buckets
           WHERE network = ${network} AND account_key = ${accountKey}
             AND bucket IN (${sql.join(
               wanted.map((b) => sql`${b}`),
               sql`, `,
             )})
           ORDER BY bucket FOR UPDATE`,
    );
    let waitSeconds = 0;
    let reason = '';
    const refilled = new Map<string, number>();
    for (const row of found) {
      const blockedFor = Number(row.blocked_for ?? 0);
      if (blockedFor > waitSeconds) {
        waitSeconds = blockedFor;
        reason = `${network} answered "too many requests" and asked us to wait`;
      }
      const rule = rules[row.bucket as RateLimitBucket];
      if (!rule) continue;
      const rate = rule.limit / rule.periodSeconds;
      const tokens = Math.min(rule.limit, Number(row.tokens) + Math.max(0, Number(row.elapsed)) * rate);
      refilled.set(row.bucket, tokens);
      // A cost above the capacity could never be paid: it waits for a full bucket instead.
      const need = Math.min(rule.limit, cost[row.bucket as RateLimitBucket] ?? 0);
      if (tokens < need && (need - tokens) / rate > waitSeconds) {
        waitSeconds = (need - tokens) / rate;
        reason = `${network} allows ${rule.limit} ${row.bucket} per ${rule.periodSeconds / 60} minutes per account`;
      }
    }
    const pay =
      waitSeconds > 0
        ? () => 0
        : (bucket: string) => Math.min(rules[bucket as RateLimitBucket]?.limit ?? 0, cost[bucket as RateLimitBucket] ?? 0);
    for (const [bucket, tokens] of refilled) {
      await tx.execute(sql`UPDATE publishing_rate_buckets SET tokens = ${tokens - pay(bucket)}, refilled_at = now()
                            WHERE network = ${network} AND account_key = ${accountKey} AND bucket = ${bucket}`);
    }
    return waitSeconds > 0 ? { ok: false as const, retryAfterMs: Math.ceil(waitSeconds * 1000), reason } : { ok: true as const };
  });
}

/**
 * The network answered 429: no call for this account until `retryAfterSeconds` have passed (an
 * earlier, longer block stays). Tokens are left alone: the network's own window restarts then.
 */
export async function blockRateBuckets(db: DbOrTx, network: Network, accountKey: string, retryAfterSeconds: number): Promise<void> {
  await db.execute(sql`
    INSERT INTO publishing_rate_buckets (network, account_key, bucket, tokens, blocked_until)
    VALUES (${network}, ${accountKey}, 'requests', ${rateLimits[network]?.requests?.limit ?? 0},
            now() + make_interval(secs => ${Math.max(0, retryAfterSeconds)}))
    ON CONFLICT (network, account_key, bucket) DO UPDATE
      SET blocked_until = GREATEST(coalesce(publishing_rate_buckets.blocked_until, now()), EXCLUDED.blocked_until)`);
}
