/**
 * X API v2 per-user rate limits for the endpoints Kanaal uses (docs.x.com/x-api/fundamentals/rate-limits,
 * docs.x.com/x-api/posts/manage-tweets/migrate/overview): fixed windows, counted per user when the
 * request carries a user token (per IP otherwise). Every reply to a counted endpoint carries
 * `x-rate-limit-limit`, `x-rate-limit-remaining` and `x-rate-limit-reset` (Unix seconds) of the
 * rule closest to running out; past it, 429 Too Many Requests with the same headers (X sends no
 * Retry-After). Media upload limits are not published per endpoint in the pages we found: the
 * peer uses 500 / 15 min, overridable per test.
 */

export type RateLimitRule = { limit: number; periodSeconds: number };
export type Endpoint =
  | 'POST /2/tweets'
  | 'DELETE /2/tweets/:id'
  | 'GET /2/users/:id/tweets'
  | 'GET /2/users/me'
  | 'POST /2/media/upload'
  | 'GET /2/media/upload'
  | 'POST /2/media/metadata';
export type RateLimitConfig = Record<Endpoint, RateLimitRule[]>;

export const X_RATE_LIMITS: RateLimitConfig = {
  // 200 per 15 min per user, and 300 per 3 hours per user shared with retweets.
  'POST /2/tweets': [
    { limit: 200, periodSeconds: 15 * 60 },
    { limit: 300, periodSeconds: 3 * 60 * 60 },
  ],
  'DELETE /2/tweets/:id': [{ limit: 50, periodSeconds: 15 * 60 }],
  'GET /2/users/:id/tweets': [{ limit: 900, periodSeconds: 15 * 60 }],
  'GET /2/users/me': [{ limit: 75, periodSeconds: 15 * 60 }],
  'POST /2/media/upload': [{ limit: 500, periodSeconds: 15 * 60 }],
  'GET /2/media/upload': [{ limit: 500, periodSeconds: 15 * 60 }],
  'POST /2/media/metadata': [{ limit: 500, periodSeconds: 15 * 60 }],
};

export type RateLimitVerdict = { exceeded: boolean; headers: Record<string, string> };

export class RateLimiter {
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly config: () => RateLimitConfig,
    private readonly now: () => number,
  ) {}

  hit(endpoint: Endpoint, bucket: string): RateLimitVerdict {
    const now = this.now();
    let closest: { rule: RateLimitRule; remaining: number; reset: number; exceeded: boolean } | null = null;
    this.config()[endpoint].forEach((rule, index) => {
      const periodMs = rule.periodSeconds * 1000;
      const windowStart = Math.floor(now / periodMs) * periodMs;
      const key = `${endpoint}#${index}:${bucket}:${windowStart}`;
      const count = (this.counts.get(key) ?? 0) + 1;
      this.counts.set(key, count);
      const candidate = { rule, remaining: Math.max(0, rule.limit - count), reset: windowStart + periodMs, exceeded: count > rule.limit };
      if (!closest || candidate.exceeded || (!closest.exceeded && candidate.remaining < closest.remaining)) closest = candidate;
    });
    const chosen = closest as { rule: RateLimitRule; remaining: number; reset: number; exceeded: boolean } | null;
    if (!chosen) throw new Error(`no rate limit rule for ${endpoint}`);
    return { exceeded: chosen.exceeded, headers: rateLimitHeaders(chosen.rule.limit, chosen.remaining, chosen.reset) };
  }
}

export function rateLimitHeaders(limit: number, remaining: number, resetMs: number): Record<string, string> {
  return {
    'x-rate-limit-limit': String(limit),
    'x-rate-limit-remaining': String(remaining),
    'x-rate-limit-reset': String(Math.ceil(resetMs / 1000)),
  };
}
