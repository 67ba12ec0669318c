// What the matcher knows about the post being matched: which atoms fired (stamped with the post's
// generation number, so nothing is cleared between posts) and where each occurrence is (linked lists in
// typed arrays, so matching a post allocates nothing). Reused for every post by one matcher.

export class PostState {
  /** Generation of the current post; an atom fired in this post when stamp[atom] === gen. */
  gen = 0;
  readonly stamp: Int32Array;
  /** Index into occPos/occNext of the latest occurrence of each atom, -1 when none (fields). */
  readonly head: Int32Array;
  occPos = new Int32Array(256);
  occNext = new Int32Array(256);
  occCount = 0;
  /** The atoms fired in this post, in firing order (each once). */
  readonly fired: Int32Array;
  firedCount = 0;
  /** Per word w: its atoms are posAtoms[posStart[w] .. posStart[w + 1]) (for looking back over phrases). */
  posStart = new Int32Array(256);
  posAtoms = new Int32Array(256);
  posAtomCount = 0;

  constructor(
    atomCount: number,
    /** Length in words of each atom's occurrences (1 for words and prefixes, n for phrases). */
    readonly atomLength: Int32Array,
  ) {
    this.stamp = new Int32Array(atomCount);
    this.head = new Int32Array(atomCount).fill(-1);
    this.fired = new Int32Array(Math.max(16, atomCount));
  }

  /** Starts a new post whose text has `length` UTF-16 units (bounds its number of words). */
  reset(length: number): void {
    if (this.gen === 0x7fffffff) {
      this.gen = 0;
      this.stamp.fill(0);
    }
    this.gen++;
    this.occCount = 0;
    this.firedCount = 0;
    this.posAtomCount = 0;
    if (this.posStart.length < length + 2) {
      this.posStart = new Int32Array(length + 2);
    }
    this.posStart[0] = 0;
  }

  /**
   * Makes room for `count` word positions (reset sizes posStart by the text length, which is enough
   * unless characters fold to several words, like ½); returns the possibly new array.
   */
  reserveWords(count: number): Int32Array<ArrayBuffer> {
    if (this.posStart.length < count) {
      const larger = new Int32Array(Math.max(count, this.posStart.length * 2));
      larger.set(this.posStart);
      this.posStart = larger;
    }
    return this.posStart;
  }

  /** Records that `atom` fired, at word `position` (or -1 for field atoms, which have no position). */
  hit(atom: number, position: number): void {
    if (this.stamp[atom] !== this.gen) {
      this.stamp[atom] = this.gen;
      this.head[atom] = -1;
      this.fired[this.firedCount++] = atom;
    }
    if (position < 0) return;
    if (this.occCount === this.occPos.length) {
      this.occPos = grow(this.occPos);
      this.occNext = grow(this.occNext);
    }
    this.occPos[this.occCount] = position;
    this.occNext[this.occCount] = this.head[atom] as number;
    this.head[atom] = this.occCount++;
  }

  /** Appends an atom to the current word's list (see posStart). */
  addWordAtom(atom: number): void {
    if (this.posAtomCount === this.posAtoms.length) this.posAtoms = grow(this.posAtoms);
    this.posAtoms[this.posAtomCount++] = atom;
  }
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
