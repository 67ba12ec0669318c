import { type FaultMatch, FaultSwitches as SharedFaultSwitches } from '../fault-switches.js';

/**
 * Fault switches, as on the Mastodon peer: each applies to the next `times` requests (default 1)
 * that match `method` and `path` (exact path or RegExp; both optional). The first armed fault
 * that matches is used.
 *
 * - `status429`: refused before processing: 429 Too Many Requests with `x-rate-limit-*` headers,
 *   `x-rate-limit-reset` = now + `retryAfterSeconds` (default 900, one 15-minute window).
 * - `status500` / `status503`: an error reply; with `afterStore: true` the request is processed
 *   first (the tweet exists) and the error is sent instead of its reply.
 * - `slow`: waits `delayMs` before processing; processed even if the client gave up meanwhile.
 * - `cutAfterStore`: processed (the tweet IS stored), then the socket is destroyed: the duplicate trap.
 * - `cutBeforeStore`: the socket is destroyed after the request arrived; nothing is processed.
 * - `expiredToken`: 401 Unauthorized, as X answers for an expired access token.
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

/** This peer's switches; the matching rules are shared by every peer. */
export class FaultSwitches extends SharedFaultSwitches<Fault> {}
