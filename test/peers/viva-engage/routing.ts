import type { IncomingHttpHeaders } from 'node:http';
import type { Body, Reply } from '../x/http.js';
import type { VeAccessToken, VeUser, VivaEngagePeerState } from './store.js';

/** What route handlers share: the peer's state and settings, and one parsed request. */

export type RateLimitRule = { limit: number; periodSeconds: number };
/** Yammer's documented endpoint types (autocomplete and notifications are not served here). */
export type RateLimitBucket = 'messages' | 'other';

export type PeerSettings = {
  /** User name `GET …/authorize` approves as (default: the first user). */
  authorizeAs: string | null;
  /** `expires_in` of access tokens (Microsoft: 60–90 minutes; 3600 here). */
  accessTokenSeconds: number;
  /** Whether a refresh answer carries a new refresh token (it normally does). */
  rotateRefreshTokens: boolean;
  rateLimits: Record<RateLimitBucket, RateLimitRule>;
};

export type PeerContext = { baseUrl: string; state: VivaEngagePeerState; settings: PeerSettings; now: () => number };

export type RequestContext = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, url-encoded or multipart body (single values). */
  body: Body;
  /** Every value of a form field, for repeated keys such as `attached_objects[]`. */
  all(key: string): string[];
  token: VeAccessToken | null;
  user: VeUser | null;
};

export type Route = {
  method: 'GET' | 'POST';
  pattern: RegExp;
  /** `user`: a valid bearer token; `none`: the identity platform's endpoints. */
  auth: 'none' | 'user';
  bucket?: RateLimitBucket;
  handle(peer: PeerContext, request: RequestContext, match: string[]): Reply | Promise<Reply>;
};

/** Yammer's error body: `{"response": {"message", "code", "stat": "fail"}}`. */
export function yammerError(status: number, message: string, code = 0): Reply {
  return { status, body: { response: { message, code, stat: 'fail' } } };
}
