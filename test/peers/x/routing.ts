import type { IncomingHttpHeaders } from 'node:http';
import type { Body, Reply } from './http.js';
import type { Endpoint, RateLimitConfig } from './rate-limit.js';
import type { XAccessToken, XPeerState, XUser } from './store.js';

/** What route handlers share: the peer's state and settings, and one parsed request. */

export type PeerSettings = {
  /** Username `GET /i/oauth2/authorize` approves as (default: the first user). */
  authorizeAs: string | null;
  /** How long X refuses the same text again from the same account (not published; 24 h here). */
  duplicateWindowMs: number;
  /** `expires_in` of access tokens (X: 7200 s). */
  accessTokenSeconds: number;
  rateLimits: RateLimitConfig;
};

export type PeerContext = { baseUrl: string; state: XPeerState; settings: PeerSettings; now: () => number };

export type RequestContext = {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Body;
  headers: IncomingHttpHeaders;
  token: XAccessToken | null;
  user: XUser | null;
};

export type Route = {
  method: 'GET' | 'POST' | 'DELETE';
  pattern: RegExp;
  /** Rate-limited endpoint this route counts against. */
  endpoint?: Endpoint;
  /** `user`: a valid OAuth 2.0 user access token; `none`: OAuth endpoints. */
  auth: 'none' | 'user';
  /** OAuth 2.0 scopes the token must all have. */
  scopes?: string[];
  handle(peer: PeerContext, request: RequestContext, match: string[]): Reply | Promise<Reply>;
};
