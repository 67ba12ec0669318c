import type { Network } from '../features/registry/schema.js';

/**
 * What each network lets one account do per period, as data (beside limits.ts, which says what a
 * post may contain). The publisher turns each rule into a token bucket per (network, account),
 * stored in the database so every worker process draws from the same bucket, and takes what a
 * publish costs before it sends. The network's own 429 answer (Retry-After / X-RateLimit-Reset)
 * always wins over these numbers.
 *
 * Sources:
 * - Mastodon: docs.joinmastodon.org/api/rate-limits — every authenticated API call 300 per 5
 *   minutes per account; media uploads (POST /api/v1/media, /api/v2/media) 30 per 30 minutes per
 *   account. Instances may configure other numbers; these are the stock values.
 */

export type RateLimitRule = {
  /** Calls allowed per period; also the bucket's capacity (a full bucket allows a burst of this size). */
  limit: number;
  periodSeconds: number;
};

/** The buckets a publish can draw from: every API request, and media uploads where they are counted apart. */
export type RateLimitBucket = 'requests' | 'media';

export type NetworkRateLimits = Partial<Record<RateLimitBucket, RateLimitRule>>;

export const rateLimits: Partial<Record<Network, NetworkRateLimits>> = {
  mastodon: {
    requests: { limit: 300, periodSeconds: 5 * 60 },
    media: { limit: 30, periodSeconds: 30 * 60 },
  },
  // X: docs.x.com/x-api/posts/manage-tweets/migrate/overview — POST /2/tweets 200 per 15 minutes
  // per user, and 300 per 3 hours per user shared with retweets (the tighter sustained rate is
  // the bucket); media upload v2 has no per-user number published on the pages we found: 500 / 15
  // min is an assumption, and X's x-rate-limit-reset on a 429 always wins.
  x: {
    requests: { limit: 300, periodSeconds: 3 * 60 * 60 },
    media: { limit: 500, periodSeconds: 15 * 60 },
  },
  // Viva Engage (learn.microsoft.com/rest/api/yammer/yammer-api-rate-limits): per user per app,
  // "Messages: 10 requests in 30 seconds"; uploads 10 in 10 s is an assumption (that part of the
  // page was not found); a 429's Retry-After always wins.
  viva_engage: {
    requests: { limit: 10, periodSeconds: 30 },
    media: { limit: 10, periodSeconds: 10 },
  },
  // Bluesky: docs.bsky.app/docs/advanced-guides/rate-limits — repo writes cost points per account,
  // 5,000 points per hour and 35,000 per day; a create costs 3 (1,666 posts an hour, 11,666 a day).
  // One rule per bucket, so the bucket is the rate both allow: 35,000 / 3 / 24 = 486 posts an hour
  // (never over the daily limit, bursts well below the hourly one). Blob uploads cost no points;
  // publishCost counting them only errs on the safe side. The ratelimit-reset of a 429 wins.
  bluesky: {
    requests: { limit: Math.floor(35_000 / 3 / 24), periodSeconds: 60 * 60 },
  },
  // Meta (developers.facebook.com/docs/graph-api/overview/rate-limiting): Page-token and Instagram
  // calls fall under Business Use Case limits of 4,800 × the account's engaged users / impressions
  // per rolling 24 h — unknown to us, so the floor (one engaged user) is the bucket. Posting caps
  // are counted in posts, which these buckets cannot express: Instagram 100 API-published posts and
  // Threads 250 per 24 h (a carousel counts once). Meta's own answer wins: throttling codes
  // 4/17/32/613/80001/80002 and Instagram's cap (9 / 2207042) come back as rate_limited with
  // estimated_time_to_regain_access from X-Business-Use-Case-Usage, or an hour.
  facebook: {
    requests: { limit: 4800, periodSeconds: 24 * 60 * 60 },
  },
  instagram: {
    requests: { limit: 4800, periodSeconds: 24 * 60 * 60 },
  },
  threads: {
    requests: { limit: 4800, periodSeconds: 24 * 60 * 60 },
  },
};

/**
 * What one publish costs in each bucket: the status call, one upload per media item and (a guess
 * on the safe side) one processing poll per item; reconcile lookups cost a few reads.
 */
export function publishCost(mediaCount: number): Record<RateLimitBucket, number> {
  return { requests: 1 + 2 * mediaCount, media: mediaCount };
}

export function reconcileCost(): Record<RateLimitBucket, number> {
  return { requests: 2, media: 0 };
}
