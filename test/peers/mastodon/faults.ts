import { type FaultMatch, FaultSwitches as SharedFaultSwitches } from '../fault-switches.js';

/**
 * Fault switches: each applies to the next `times` requests (default 1) that match `method` and
 * `path` (exact path, or a RegExp; both optional). The first armed fault that matches is used.
 *
 * - `status429`: refused before processing: 429 `{"error":"Too many requests"}` with `Retry-After`
 *   (`retryAfterSeconds`, default 30) and rate-limit headers.
 * - `status500`: 500 `{"error":"Internal server error"}` (or an HTML page with `html: true`, as a
 *   proxy would send); with `afterStore: true` the request is processed first (the status exists).
 * - `slow`: waits `delayMs` before processing; the request is processed even if the client has
 *   given up meanwhile — as a real server would.
 * - `cutAfterStore`: processed (the status IS stored, the idempotency key recorded), then the
 *   socket is destroyed before any reply: the duplicate trap.
 * - `cutBeforeStore`: the socket is destroyed after the request arrived, nothing is processed.
 * - `expiredToken`: 401 `{"error":"The access token expired"}` with a Bearer challenge.
 */

export type Fault = FaultMatch &
  (
    | { kind: 'status429'; retryAfterSeconds?: number }
    | { kind: 'status500'; afterStore?: boolean; html?: boolean }
    | { kind: 'slow'; delayMs: number }
    | { kind: 'cutAfterStore' }
    | { kind: 'cutBeforeStore' }
    | { kind: 'expiredToken' }
  );

/** This peer's switches; the matching rules are shared by every peer. */
export class FaultSwitches extends SharedFaultSwitches<Fault> {}
