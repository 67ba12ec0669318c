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

type TakeRow = { wait_seconds: number | string | null; reason: string | null };

const floatArray = (values: number[]) =>
  sql`ARRAY[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::float8[]`;

/**
 * Takes `cost` tokens from each of the account's buckets, all or none, in one round trip
 * (`publishing_take_rate_tokens`, migration 0007: seed the buckets, lock them in bucket order,
 * refill, pay). When one bucket cannot pay (or the account is blocked after a 429), nothing is
 * taken and the answer says how long to wait.
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
  // A bucket without documented numbers goes in with period 0: only its block counts.
  const [found] = await rows<TakeRow>(
    db,
    sql`SELECT wait_seconds, reason FROM publishing_take_rate_tokens(
          ${network}, ${accountKey},
          ARRAY[${sql.join(
            wanted.map((b) => sql`${b}`),
            sql`, `,
          )}]::text[],
          ${floatArray(wanted.map((b) => rules[b]?.limit ?? 0))},
          ${floatArray(wanted.map((b) => rules[b]?.periodSeconds ?? 0))},
          ${floatArray(wanted.map((b) => cost[b] ?? 0))})`,
  );
  const waitSeconds = Number(found?.wait_seconds ?? 0);
  if (!(waitSeconds > 0)) return { ok: true };
  const bucket = found?.reason as RateLimitBucket | 'blocked' | null;
  const rule = bucket && bucket !== 'blocked' ? rules[bucket] : undefined;
  const reason = rule
    ? `${network} allows ${rule.limit} ${bucket} per ${rule.periodSeconds / 60} minutes per account`
    : `${network} answered "too many requests" and asked us to wait`;
  return { ok: false, retryAfterMs: Math.ceil(waitSeconds * 1000), reason };
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
