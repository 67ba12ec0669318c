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

export type FaultMatch = { method?: string; path?: string | RegExp; times?: number };

export type Fault = FaultMatch &
  (
    | { kind: 'status429'; retryAfterSeconds?: number }
    | { kind: 'status500'; afterStore?: boolean; html?: boolean }
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

  /** Faults still armed (with what is left of their count). */
  pending(): Array<Fault & { left: number }> {
    return this.armed.map((a) => ({ ...a.fault, left: a.left }));
  }

  /** Takes the fault for this request, if one is armed for it. */
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
