import { type FaultMatch, FaultSwitches as SharedFaultSwitches } from '../fault-switches.js';

/**
 * Fault switches, with the matching rules every peer shares (`../fault-switches.ts`): each
 * applies to the next `times` requests (default 1) matching `method` and `path`.
 *
 * - `status429`: refused before processing: 429 TOO_MANY_REQUESTS, with `Retry-After` only when
 *   `retryAfterSeconds` is given (LinkedIn documents daily quotas and usually sends none).
 * - `status500` / `status503`: an error reply; with `afterStore: true` the request is processed
 *   first (the post exists) and the error is sent instead of its reply.
 * - `slow`: waits `delayMs` before processing; processed even if the client gave up meanwhile.
 * - `cutAfterStore`: processed (the post IS stored), then the socket is destroyed: the duplicate trap.
 * - `cutBeforeStore`: the socket is destroyed after the request arrived; nothing is processed.
 * - `expiredToken`: 401 EXPIRED_ACCESS_TOKEN (serviceErrorCode 65602), whatever the token.
 */
export type Fault = FaultMatch &
  (
    | { kind: 'status429'; retryAfterSeconds?: number }
    | { kind: 'status500'; afterStore?: boolean }
    | { kind: 'status503'; afterStore?: boolean }
    | { kind: 'slow'; delayMs: number }
    | { kind: 'cutAfterStore' }
    | { kind: 'cutBeforeStore' }
    | { kind: 'expiredToken' }
  );

export class FaultSwitches extends SharedFaultSwitches<Fault> {}

export type PeerSettings = {
  /** Member id `GET /oauth/v2/authorization` approves as (default: the first member). */
  authorizeAs: string | null;
  /** `expires_in` of access tokens (LinkedIn: 60 days). */
  accessTokenSeconds: number;
  /** `refresh_token_expires_in` of refresh tokens (LinkedIn: 365 days, not renewed by a refresh). */
  refreshTokenSeconds: number;
  /** Programmatic refresh is granted per app by LinkedIn; without it no refresh token is issued. */
  issueRefreshTokens: boolean;
  /** Answer a refresh without `refresh_token` (the caller must keep its own). */
  refreshOmitsRefreshToken: boolean;
  /** How long the same commentary from the same author is refused as a duplicate. */
  duplicateWindowMs: number;
  /** Posts a member may create per UTC day before 429 (LinkedIn's member-level daily quota). */
  postsPerMemberPerDay: number;
  /** Versions older than this (YYYYMM) are sunset: 426 NONEXISTENT_VERSION. */
  oldestActiveVersion: string;
};
