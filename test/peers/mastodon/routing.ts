import type { IncomingHttpHeaders } from 'node:http';
import type { Serialise } from './entities.js';
import type { Params, Reply } from './http.js';
import type { RateLimitConfig } from './rate-limit.js';
import type { PeerAccount, PeerState, PeerToken } from './store.js';

/** What route handlers share: the peer's state and settings, and one parsed request. */

export type PeerSettings = {
  /**
   * How `POST /api/v2/media` treats uploads: 0 → processed at once (200 with `url`, as Mastodon
   * ≥ 4.0 does for images); N > 0 → 202 with `url: null`, and `GET /api/v1/media/:id` answers 206
   * until its N-th call, which answers 200 with the `url`.
   */
  mediaProcessingPolls: number;
  /** StatusLengthValidator::MAX_CHARS (500 on a stock instance). */
  maxCharacters: number;
  /** Username of the account `GET /oauth/authorize` approves as (default: the first account). */
  authorizeAs: string | null;
  rateLimits: RateLimitConfig;
  /** `GET /api/v2/search` refuses requests without a token (401), as instances that serve only signed-in users do. */
  searchRequiresAuth: boolean;
};

export type PeerContext = Serialise & {
  settings: PeerSettings;
  now: () => number;
  state: PeerState;
};

export type RequestContext = {
  method: string;
  path: string;
  query: URLSearchParams;
  /** Body parameters (form, multipart or JSON); query parameters are in `query`. */
  params: Params;
  headers: IncomingHttpHeaders;
  token: PeerToken | null;
  account: PeerAccount | null;
};

export type Route = {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  pattern: RegExp;
  /** `user`: a token of a signed-in account; `app`: any valid token; `none`: public. */
  auth: 'none' | 'app' | 'user';
  /** OAuth scopes of which the token needs one (a parent scope — `write` for `write:statuses` — also counts). */
  scopes?: string[];
  handle(peer: PeerContext, request: RequestContext, match: string[]): Reply | Promise<Reply>;
};

export const SCOPE_PATTERN = /^(read|write|follow|push|profile|(read|write):[a-z_]+|admin:(read|write)(:[a-z_]+)?)$/;

/** Does a token with `granted` scopes satisfy `required`? */
export function hasScope(granted: string[], required: string): boolean {
  if (granted.includes(required)) return true;
  const parent = required.split(':')[0] ?? required;
  return granted.includes(parent);
}
