/**
 * The fault switches every network peer shares: a fault applies to the next `times` requests
 * (default 1) that match `method` and `path` (exact path or RegExp; both optional). The first armed
 * fault that matches is used. Each peer defines which fault kinds it knows and what they do.
 */
export type FaultMatch = { method?: string; path?: string | RegExp; times?: number };

export class FaultSwitches<F extends FaultMatch & { kind: string }> {
  private armed: Array<{ fault: F; left: number }> = [];
  /** Faults that fired, in order, for assertions. */
  readonly fired: Array<{ kind: F['kind']; method: string; path: string }> = [];

  add(fault: F): void {
    this.armed.push({ fault, left: fault.times ?? 1 });
  }

  clear(): void {
    this.armed = [];
  }

  /** Faults still armed (with what is left of their count). */
  pending(): Array<F & { left: number }> {
    return this.armed.map((a) => ({ ...a.fault, left: a.left }));
  }

  /** Takes the fault for this request, if one is armed for it. */
  take(method: string, path: string): F | null {
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
