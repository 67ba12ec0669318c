import { type FaultMatch, FaultSwitches as SharedFaultSwitches } from '../fault-switches.js';

/**
 * Fault switches, with the matching rules every peer shares (`method`, `path`, `times`):
 *
 * - `status429`: refused before processing: 429 with Yammer's "Rate limited due to excessive
 *   requests." body and `Retry-After: retryAfterSeconds` (default 30); `retryAfterSeconds: null`
 *   sends no Retry-After (Yammer's documentation does not promise one).
 * - `status500` / `status503`: an error reply; with `afterStore: true` the request is processed
 *   first (the message or file exists) and the error is sent instead of its reply.
 * - `slow`: waits `delayMs` before processing; processed even if the client gave up meanwhile.
 * - `cutAfterStore`: processed (the message IS stored), then the socket is destroyed: the duplicate trap.
 * - `cutBeforeStore`: the socket is destroyed after the request arrived; nothing is processed.
 * - `expiredToken`: 401 as for an access token past its expiry.
 */

export type Fault = FaultMatch &
  (
    | { kind: 'status429'; retryAfterSeconds?: number | null }
    | { kind: 'status500'; afterStore?: boolean }
    | { kind: 'status503'; afterStore?: boolean }
    | { kind: 'slow'; delayMs: number }
    | { kind: 'cutAfterStore' }
    | { kind: 'cutBeforeStore' }
    | { kind: 'expiredToken' }
  );

export class FaultSwitches extends SharedFaultSwitches<Fault> {}
