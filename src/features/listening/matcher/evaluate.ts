// Matching one mention: reset the post state, scan the text once through the word automaton (scan.ts),
// fire the field atoms (fields.ts), then evaluate only the queries indexed under a fired atom whose other
// necessary groups fired too, plus the few with no positive condition; explain each match.
import { type CompiledTables, type CompileErrors, LEAF_KINDS, type QueryInput, atomBit, compileTables, ENTRY } from './compile.js';
import { FieldMatcher, type MentionFields } from './fields.js';
import { PostState } from './post-state.js';
import { runProgram } from './program.js';
import { TextScanner } from './scan.js';

export type Mention = MentionFields & { text: string };

/**
 * A query element that fired: its kind, its text and [start, end) offsets in the query, and where it
 * occurs in the mention: `positions` holds the index of the first word of each occurrence, in text order,
 * and each occurrence covers `wordCount` words (1 for a term or wildcard, the phrase's length for a phrase;
 * fields have no positions and 0). `wordRanges(text)` turns word indexes into text offsets to highlight.
 */
export type FiredTerm = {
  kind: 'term' | 'wildcard' | 'phrase' | 'field';
  text: string;
  start: number;
  end: number;
  wordCount: number;
  positions: number[];
};

export type QueryMatch = { queryId: string; fired: FiredTerm[] };

/** All compiled queries, matched against one mention at a time (not re-entrant; one per worker). */
export class Matcher {
  private readonly state: PostState;
  private readonly scanner: TextScanner;
  private readonly fields: FieldMatcher;
  /** Numbers of the queries matching the current post (see run). */
  private readonly matched: Int32Array;

  constructor(private readonly t: CompiledTables) {
    this.state = new PostState(t.atomCount, t.atomLength);
    this.scanner = new TextScanner(t, this.state);
    this.fields = new FieldMatcher(t);
    this.matched = new Int32Array(Math.max(1, t.ids.length));
  }

  /** Number of valid queries compiled in. */
  get queryCount(): number {
    return this.t.ids.length;
  }

  /** The queries matching a mention, in the order they were given, each with the elements that fired. */
  match(mention: Mention): QueryMatch[] {
    const count = this.run(mention);
    const out: QueryMatch[] = [];
    for (let k = 0; k < count; k++) out.push(this.explain(this.matched[k] as number));
    return out;
  }

  /** Only the ids of the matching queries, in the order they were given (no explanation built). */
  matchIds(mention: Mention): string[] {
    const count = this.run(mention);
    const out: string[] = [];
    for (let k = 0; k < count; k++) out.push(this.t.ids[this.t.records[this.matched[k] as number] as number] as string);
    return out;
  }

  /** Matches the mention; the records of the matching queries, in query order, are matched[0 .. returned count). */
  private run(mention: Mention): number {
    const s = this.state;
    // Generations wrap after 2^31 posts: clear the query stamps with the atom stamps.
    if (s.gen === 0x7fffffff) for (const r of this.t.recordStart) this.t.records[r + 1] = 0;
    s.reset(mention.text.length);
    this.scanner.scan(mention.text);
    this.fields.fire(s, mention);
    return this.evaluateCandidates();
  }

  private evaluateCandidates(): number {
    const { indexStart, indexEntries, always, records } = this.t;
    const s = this.state;
    const { stamp, gen, fired, firedCount } = s;
    const matched = this.matched;
    let count = 0;
    // Bloom mask of the atoms fired in this post (see the index entries).
    let m0 = 0;
    let m1 = 0;
    let m2 = 0;
    let m3 = 0;
    for (let f = 0; f < firedCount; f++) {
      const bit = atomBit(fired[f] as number);
      const word = bit >>> 5;
      const one = 1 << (bit & 31);
      if (word === 0) m0 |= one;
      else if (word === 1) m1 |= one;
      else if (word === 2) m2 |= one;
      else m3 |= one;
    }
    for (let f = 0; f < firedCount; f++) {
      const atom = fired[f] as number;
      const end = ENTRY * (indexStart[atom + 1] as number);
      for (let k = ENTRY * (indexStart[atom] as number); k < end; k += ENTRY) {
        // No atom of the first check group can have fired: skip without touching the record.
        const mayPass =
          ((indexEntries[k + 1] as number) & m0) |
          ((indexEntries[k + 2] as number) & m1) |
          ((indexEntries[k + 3] as number) & m2) |
          ((indexEntries[k + 4] as number) & m3);
        if (mayPass === 0) continue;
        const r = indexEntries[k] as number;
        if (records[r + 1] === gen) continue;
        records[r + 1] = gen;
        // The query's other necessary groups each need a fired atom before its program runs.
        const checksEnd = r + 4 + (records[r + 2] as number);
        let pass = true;
        for (let c = r + 4; c < checksEnd && pass; ) {
          const groupEnd = c + 1 + (records[c] as number);
          pass = false;
          for (c++; c < groupEnd; c++) {
            if (stamp[records[c] as number] === gen) {
              pass = true;
              break;
            }
          }
          c = groupEnd;
        }
        if (pass && runProgram(records, checksEnd + (records[r + 3] as number), s)) matched[count++] = r;
      }
    }
    for (let k = 0; k < always.length; k++) {
      const r = always[k] as number;
      if (runProgram(records, r + 4 + (records[r + 2] as number) + (records[r + 3] as number), s)) matched[count++] = r;
    }
    // Few matches per post: insertion sort into query order (records are laid out in query order).
    for (let i = 1; i < count; i++) {
      const q = matched[i] as number;
      let j = i - 1;
      for (; j >= 0 && (matched[j] as number) > q; j--) matched[j + 1] = matched[j] as number;
      matched[j + 1] = q;
    }
    return count;
  }

  private explain(r: number): QueryMatch {
    const { records, leafTexts } = this.t;
    const { stamp, gen, head, occPos, occNext, atomLength } = this.state;
    const fired: FiredTerm[] = [];
    const from = r + 4 + (records[r + 2] as number);
    const to = from + (records[r + 3] as number);
    for (let k = from; k < to; k += 5) {
      const atom = records[k] as number;
      if (stamp[atom] !== gen) continue;
      const positions: number[] = [];
      for (let p = head[atom] as number; p >= 0; p = occNext[p] as number) positions.push(occPos[p] as number);
      positions.reverse(); // occurrences are linked newest first
      fired.push({
        kind: LEAF_KINDS[records[k + 2] as number] as FiredTerm['kind'],
        text: leafTexts[records[k + 1] as number] as string,
        start: records[k + 3] as number,
        end: records[k + 4] as number,
        wordCount: atomLength[atom] as number,
        positions,
      });
    }
    return { queryId: this.t.ids[records[r] as number] as string, fired };
  }
}

/**
 * Compiles all queries into one matcher. Queries with syntax errors are left out and listed in `errors`
 * (each with offset, length and message), so one bad watchlist never stops the others.
 */
export function compileMatcher(queries: QueryInput[]): { matcher: Matcher; errors: CompileErrors } {
  const { tables, errors } = compileTables(queries);
  return { matcher: new Matcher(tables), errors };
}
