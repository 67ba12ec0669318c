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

export type FaultMatch = { method?: string; path?: string | RegExp; times?: number };

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

type Armed = { fault: Fault; left: number };

export class FaultSwitches {
  private armed: Armed[] = [];
  /** Faults that fired, in order, for assertions. */
  readonly fired: Array<{ kind: Fault['kind']; method: string; path: string }> = [];

  add(fault: Fault): void {
    this.armed.push({ fault, left: fault.times ?? 1 });
  }

  clear(): void {
    this.armed = [];
  }

  take(method: string, path: string): Fault | null {
    const index = this.armed.findIndex(({ fault }) => matches(fault, method, path));
    const armed = this.armed[index];
    if (!armed) return null;
    armed.left -= 1;
    if (armed.left <= 0) this.armed.splice(index, 1);
    this.fired.push({ kind: armed.fault.kind, method, path });
    return armed.fault;
  }
}

function matches(fault: FaultMatch, method: string, path: string): boolean {
  if (fault.method && fault.method.toUpperCase() !== method) return false;
  if (fault.path === undefined) return true;
  return typeof fault.path === 'string' ? fault.path === path : fault.path.test(path);
}
