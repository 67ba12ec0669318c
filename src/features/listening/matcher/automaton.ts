// The word automaton: a trie over folded characters holding every word pattern of every query (exact words
// and wildcard prefixes). The matcher walks it while folding the text, one character at a time, so a post
// is scanned once, no word strings are built, and a word that leaves the trie costs nothing more than
// finding its end. Nodes carry the atom of the exact word ending there and of the prefix ending there.
//
// Transitions for the 36 folded ASCII word characters (a–z, 0–9) are a dense table; any other folded
// character (ß, ø, Greek, Cyrillic, CJK…) goes through a map keyed by node and UTF-16 code unit.

export const ASCII_SLOTS = 36;

/** Slot of each ASCII character in the dense table: a–z (and A–Z) 0–25, 0–9 26–35, -1 for separators. */
export const ASCII_SLOT = new Int8Array(128).fill(-1);
for (let c = 0; c < 26; c++) {
  ASCII_SLOT[97 + c] = c;
  ASCII_SLOT[65 + c] = c;
}
for (let d = 0; d < 10; d++) ASCII_SLOT[48 + d] = 26 + d;

export type WordAutomaton = {
  /**
   * next[node * ASCII_SLOTS + slot] → child node, `dead` when none. Node 0 is the root, which is also
   * the state between words (no word ever returns to it).
   */
  next: Int32Array;
  /** Children by (node * 65536 + code unit) for folded characters outside ASCII; `dead` when absent. */
  wide: Map<number, number>;
  /** The node of words that are in no pattern (and no longer can be). */
  dead: number;
  /** Atom of the exact word ending at a node, -1 when none. */
  exactAtom: Int32Array;
  /** Atom of the prefix (wildcard) ending at a node, -1 when none. */
  prefixAtom: Int32Array;
  /** Length of the longest word or prefix: bounds the atoms one word can fire. */
  maxDepth: number;
};

export class AutomatonBuilder {
  private next: number[] = [];
  private readonly wide = new Map<number, number>();
  private readonly exact: number[] = [];
  private readonly prefix: number[] = [];
  private maxDepth = 0;

  constructor() {
    this.addNode();
  }

  private addNode(): number {
    const node = this.exact.length;
    for (let s = 0; s < ASCII_SLOTS; s++) this.next.push(-1);
    this.exact.push(-1);
    this.prefix.push(-1);
    return node;
  }

  /** Adds a folded word (letters and digits only) as an exact word or a prefix, firing `atom`. */
  add(word: string, atom: number, isPrefix: boolean): void {
    let node = 0;
    for (let i = 0; i < word.length; i++) {
      const unit = word.charCodeAt(i);
      const slot = unit < 128 ? (ASCII_SLOT[unit] as number) : -1;
      if (unit < 128 && slot < 0) throw new Error(`not a folded word: ${word}`);
      if (slot >= 0) {
        const at = node * ASCII_SLOTS + slot;
        let child = this.next[at] as number;
        if (child < 0) {
          child = this.addNode();
          this.next[at] = child;
        }
        node = child;
      } else {
        const key = node * 65536 + unit;
        let child = this.wide.get(key);
        if (child === undefined) {
          child = this.addNode();
          this.wide.set(key, child);
        }
        node = child;
      }
    }
    (isPrefix ? this.prefix : this.exact)[node] = atom;
    this.maxDepth = Math.max(this.maxDepth, word.length);
  }

  /**
   * The finished automaton, nodes renumbered breadth first: the first levels, which every word walks
   * through, then sit together at the start of the table and stay in the CPU cache.
   */
  build(): WordAutomaton {
    const count = this.exact.length;
    const wideChildren = new Map<number, [number, number][]>();
    for (const [key, child] of this.wide) {
      const parent = Math.floor(key / 65536);
      const list = wideChildren.get(parent) ?? [];
      list.push([key % 65536, child]);
      wideChildren.set(parent, list);
    }
    const order = [0];
    const renumber = new Int32Array(count).fill(-1);
    renumber[0] = 0;
    for (let k = 0; k < order.length; k++) {
      const node = order[k] as number;
      const children = [
        ...this.next.slice(node * ASCII_SLOTS, (node + 1) * ASCII_SLOTS).filter((c) => c >= 0),
        ...(wideChildren.get(node) ?? []).map(([, c]) => c),
      ];
      for (const child of children) {
        renumber[child] = order.length;
        order.push(child);
      }
    }
    // One extra node, `dead`, for words that left the trie: every missing transition leads there and it
    // loops on itself, so the scanner's inner loop needs no test for it.
    const dead = count;
    const next = new Int32Array((count + 1) * ASCII_SLOTS).fill(dead);
    const wide = new Map<number, number>();
    const exactAtom = new Int32Array(count + 1).fill(-1);
    const prefixAtom = new Int32Array(count + 1).fill(-1);
    order.forEach((old, node) => {
      for (let slot = 0; slot < ASCII_SLOTS; slot++) {
        const child = this.next[old * ASCII_SLOTS + slot] as number;
        if (child >= 0) next[node * ASCII_SLOTS + slot] = renumber[child] as number;
      }
      for (const [unit, child] of wideChildren.get(old) ?? []) wide.set(node * 65536 + unit, renumber[child] as number);
      exactAtom[node] = this.exact[old] as number;
      prefixAtom[node] = this.prefix[old] as number;
    });
    return { next, wide, exactAtom, prefixAtom, dead, maxDepth: this.maxDepth };
  }
}
