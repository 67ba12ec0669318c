/**
 * Mastodon's documented rate limits (docs.joinmastodon.org/api/rate-limits): fixed windows aligned
 * to the period (as rack-attack counts them), per account when the request carries a valid user
 * token, per IP otherwise. Every /api/ reply carries `X-RateLimit-Limit`, `-Remaining` and `-Reset`
 * (ISO 8601) for the limit the caller is closest to exceeding; past a limit the reply is 429
 * `{"error":"Too many requests"}` with those headers (Mastodon sends no Retry-After of its own).
 */

export type RateLimitRule = { limit: number; periodSeconds: number };
export type RateLimitConfig = {
  /** `* /api/*`: 300 per 5 minutes, per account (or per IP without a user token). */
  api: RateLimitRule;
  /** `POST /api/v1/media`, `POST /api/v2/media`: 30 per 30 minutes, per account. */
  media: RateLimitRule;
  /** `DELETE /api/v1/statuses/:id`, `POST /api/v1/statuses/:id/unreblog`: 30 per 30 minutes, per account. */
  deletion: RateLimitRule;
};

export const MASTODON_RATE_LIMITS: RateLimitConfig = {
  api: { limit: 300, periodSeconds: 5 * 60 },
  media: { limit: 30, periodSeconds: 30 * 60 },
  deletion: { limit: 30, periodSeconds: 30 * 60 },
};

export type RateLimitVerdict = { exceeded: boolean; headers: Record<string, string> };

export class RateLimiter {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly config: () => RateLimitConfig,
    private readonly now: () => number,
  ) {}

  /** Counts one request and says whether it is over a limit; `bucket` is `account:<id>` or `ip:<address>`. */
  hit(method: string, path: string, bucket: string): RateLimitVerdict {
    const rules: Array<keyof RateLimitConfig> = ['api'];
    if (method === 'POST' && (path === '/api/v1/media' || path === '/api/v2/media') && bucket.startsWith('account:')) rules.push('media');
    if (
      bucket.startsWith('account:') &&
      ((method === 'DELETE' && /^\/api\/v1\/statuses\/[^/]+$/.test(path)) ||
        (method === 'POST' && /^\/api\/v1\/statuses\/[^/]+\/unreblog$/.test(path)))
    ) {
      rules.push('deletion');
    }
    const now = this.now();
    let closest: { rule: RateLimitRule; remaining: number; reset: number; exceeded: boolean } | null = null;
    for (const name of rules) {
      const rule = this.config()[name];
      const periodMs = rule.periodSeconds * 1000;
      const windowStart = Math.floor(now / periodMs) * periodMs;
      const key = `${name}:${bucket}:${windowStart}`;
      const count = (this.counts.get(key) ?? 0) + 1;
      this.counts.set(key, count);
      const remaining = Math.max(0, rule.limit - count);
      const candidate = { rule, remaining, reset: windowStart + periodMs, exceeded: count > rule.limit };
      if (!closest || candidate.exceeded || (!closest.exceeded && candidate.remaining < closest.remaining)) closest = candidate;
    }
    if (!closest) throw new Error('no rate limit rule applied');
    return {
      exceeded: closest.exceeded,
      headers: {
        'X-RateLimit-Limit': String(closest.rule.limit),
        'X-RateLimit-Remaining': String(closest.remaining),
        'X-RateLimit-Reset': new Date(closest.reset).toISOString(),
      },
    };
  }
}
