// Query programs: each query's boolean structure as a few integers in one shared Int32Array, run by one
// small interpreter. Compared with a closure per node this keeps every query's program contiguous in
// memory next to the others (10,000 queries' closures, contexts and arrays were cache misses on every
// evaluation) and keeps the one evaluation function monomorphic.
//
// Every node is [op, length, …payload]; `length` counts the whole node so a parent can step over it.
//   ANY  [op, len, atoms…]      some atom fired              ALL  [op, len, atoms…]  every atom fired
//   NONE [op, len, atoms…]      no atom fired                NOT  [op, len, child]
//   AND  [op, len, children…]   OR [op, len, children…]
//   NEAR [op, len, ordered, distance, leftCount, leftAtoms…, rightAtoms…]
import type { PostState } from './post-state.js';

export const ANY = 1;
export const ALL = 2;
export const NONE = 3;
export const NOT = 4;
export const AND = 5;
export const OR = 6;
export const NEAR = 7;

/** Runs the node at `pc` against the post state. */
export function runProgram(code: Int32Array, pc: number, s: PostState): boolean {
  const end = pc + (code[pc + 1] as number);
  const stamp = s.stamp;
  const gen = s.gen;
  switch (code[pc]) {
    case ANY:
      for (let k = pc + 2; k < end; k++) if (stamp[code[k] as number] === gen) return true;
      return false;
    case ALL:
      for (let k = pc + 2; k < end; k++) if (stamp[code[k] as number] !== gen) return false;
      return true;
    case NONE:
      for (let k = pc + 2; k < end; k++) if (stamp[code[k] as number] === gen) return false;
      return true;
    case NOT:
      return !runProgram(code, pc + 2, s);
    case AND:
      for (let c = pc + 2; c < end; c += code[c + 1] as number) if (!runProgram(code, c, s)) return false;
      return true;
    case OR:
      for (let c = pc + 2; c < end; c += code[c + 1] as number) if (runProgram(code, c, s)) return true;
      return false;
    case NEAR: {
      const split = pc + 5 + (code[pc + 4] as number);
      return near(s, code, pc + 5, split, split, end, code[pc + 3] as number, code[pc + 2] === 1);
    }
    default:
      throw new Error(`bad program op ${code[pc]} at ${pc}`);
  }
}

/**
 * NEAR/ONEAR: some occurrence of a left atom (code[leftFrom..leftTo)) and a non-overlapping occurrence of
 * a right atom with at most `distance` words between the end of the first and the start of the second;
 * when `ordered`, the left one first.
 */
function near(
  s: PostState,
  code: Int32Array,
  leftFrom: number,
  leftTo: number,
  rightFrom: number,
  rightTo: number,
  distance: number,
  ordered: boolean,
): boolean {
  const { stamp, gen } = s;
  for (let i = leftFrom; i < leftTo; i++) {
    const a = code[i] as number;
    if (stamp[a] !== gen) continue;
    for (let j = rightFrom; j < rightTo; j++) {
      const b = code[j] as number;
      if (stamp[b] !== gen) continue;
      if (closeAfter(s, a, b, distance) || (!ordered && closeAfter(s, b, a, distance))) return true;
    }
  }
  return false;
}

/**
 * Whether some occurrence of `second` starts after an occurrence of `first` ends, with at most `distance`
 * words between. Occurrence lists are linked in descending position order; one sweep over both finds,
 * for each `first` occurrence, the nearest `second` start after it (linear even in long texts).
 */
function closeAfter(s: PostState, first: number, second: number, distance: number): boolean {
  const { head, occPos, occNext, atomLength } = s;
  const lengthFirst = atomLength[first] as number;
  let q = head[second] as number;
  let nearestStart = -1; // smallest start of `second` seen so far that lies after the current end
  for (let p = head[first] as number; p >= 0; p = occNext[p] as number) {
    const end = (occPos[p] as number) + lengthFirst - 1;
    // Ends decrease as p advances, so starts after the previous end stay after this one.
    while (q >= 0 && (occPos[q] as number) > end) {
      nearestStart = occPos[q] as number;
      q = occNext[q] as number;
    }
    if (nearestStart > end && nearestStart - end - 1 <= distance) return true;
  }
  return false;
}

/** Appends a node: op, its length, then what `body` appends. */
export function emitNode(out: number[], op: number, body: () => void): void {
  const at = out.length;
  out.push(op, 0);
  body();
  out[at + 1] = out.length - at;
}
