import { type FaultMatch, FaultSwitches as SharedFaultSwitches } from '../fault-switches.js';

/**
 * Fault switches, as on the Mastodon and X peers: each applies to the next `times` requests
 * (default 1) that match `method` and `path`. Paths are matched WITHOUT the version prefix
 * (`/17841400000000001/media_publish`, not `/v21.0/…`), exact string or RegExp.
 *
 * - `throttle`: refused before processing, as Graph throttles: HTTP 400 (403 for code 4 on some
 *   endpoints — the connector must not rely on the status) with `error.code` = `code` (default 4:
 *   application limit; 17 user, 32 page, 613 custom, 80001 Pages BUC, 80002 Instagram BUC),
 *   `X-App-Usage` at 100 %, and `X-Business-Use-Case-Usage` whose `estimated_time_to_regain_access`
 *   is `regainMinutes` (default 10; omitted when `regainMinutes` is null).
 * - `expiredToken`: 400 OAuthException code 190 subcode 463 "Session has expired".
 * - `graphError`: a Graph error body with the given status/code/subcode/message (validation etc.).
 * - `status500`: 500 `{"error": {code: 2, is_transient: true, …}}`; with `afterStore: true` the
 *   request is processed first (the post exists) and the error is sent instead of its reply.
 * - `slow`: waits `delayMs` before processing; processed even if the client gave up meanwhile.
 * - `cutAfterStore`: processed (the post IS stored), then the socket is destroyed: the duplicate trap.
 * - `cutBeforeStore`: the socket is destroyed after the request arrived; nothing is processed.
 */

export type Fault = FaultMatch &
  (
    | { kind: 'throttle'; code?: number; regainMinutes?: number | null; status?: number }
    | { kind: 'expiredToken' }
    | { kind: 'graphError'; status?: number; code: number; subcode?: number; message: string; type?: string }
    | { kind: 'status500'; afterStore?: boolean }
    | { kind: 'slow'; delayMs: number }
    | { kind: 'cutAfterStore' }
    | { kind: 'cutBeforeStore' }
  );

/** This peer's switches; the matching rules are shared by every peer. */
export class FaultSwitches extends SharedFaultSwitches<Fault> {}
