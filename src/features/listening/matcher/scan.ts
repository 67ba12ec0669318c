// One pass over a post's text: fold each character (normalise.ts rules), walk words through the word
// automaton, and at each word end fire its atoms (the prefixes passed on the way down, then the exact word)
// and any phrase it completes (checked against the atoms of the words before it). No strings are built.
import { ASCII_SLOT as SLOT_TABLE, ASCII_SLOTS as SLOTS, type WordAutomaton } from './automaton.js';
import type { CompiledTables } from './compile.js';
import { foldCodePoint as foldOf } from './normalise.js';
import type { PostState } from './post-state.js';

// Module-local copies: imported bindings can be slower to read in hot loops under some loaders.
const ASCII_SLOT = SLOT_TABLE;
const ASCII_SLOTS = SLOTS;
const foldCodePoint = foldOf;

export class TextScanner {
  private readonly automaton: WordAutomaton;
  /** Atoms fired by the current word so far. */
  private readonly pending: Int32Array;
  private pendingCount = 0;

  constructor(
    private readonly t: CompiledTables,
    private readonly s: PostState,
  ) {
    this.automaton = t.automaton;
    this.pending = new Int32Array(t.automaton.maxDepth + 2);
  }

  /** Fires the word, prefix and phrase atoms of `text` into the post state (already reset). */
  scan(text: string): void {
    const { next, prefixAtom, exactAtom } = this.automaton;
    const s = this.s;
    let posStart = s.posStart;
    const pending = this.pending;
    let node = 0; // 0 between words (the root), otherwise the trie node of the word so far
    let position = 0;
    this.pendingCount = 0;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c < 128) {
        const slot = ASCII_SLOT[c] as number;
        if (slot >= 0) {
          node = next[node * ASCII_SLOTS + slot] as number;
          const prefix = prefixAtom[node] as number;
          if (prefix >= 0) pending[this.pendingCount++] = prefix;
        } else if (node !== 0) {
          // Most words fire nothing: only note where the (empty) atom list of this word ends.
          if (this.pendingCount > 0 || (exactAtom[node] as number) >= 0) this.endWord(node, position);
          else posStart[position + 1] = s.posAtomCount;
          position++;
          node = 0;
        }
        continue;
      }
      let cp = c;
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
        const d = text.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) {
          cp = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
          i++;
        }
      }
      const fold = foldCodePoint(cp);
      if (fold.ascii >= 0) {
        // The common case for accented letters (é → e): one step like an ASCII letter.
        node = next[node * ASCII_SLOTS + (ASCII_SLOT[fold.ascii] as number)] as number;
        const prefix = prefixAtom[node] as number;
        if (prefix >= 0) pending[this.pendingCount++] = prefix;
      } else if (fold.kind === 1) node = this.feed(node, fold.text);
      else if (fold.kind === 0) {
        if (node !== 0) this.endWord(node, position++);
        node = 0;
      } else if (fold.kind === 3) {
        // Folds to words and separators (½ → 1 ⁄ 2): each piece boundary starts or ends a word. Such a
        // character can make more words than it takes characters: keep room for the rest of the text.
        posStart = s.reserveWords(position + fold.pieces.length + (n - i) + 2);
        for (const piece of fold.pieces) {
          if (piece.word) node = this.feed(node, piece.text);
          else {
            if (node !== 0) this.endWord(node, position++);
            node = 0;
          }
        }
      }
      // kind 2, a combining mark, neither starts nor ends a word.
    }
    if (node !== 0) this.endWord(node, position);
  }

  /** Walks folded word characters from `node` (0 to start a word). */
  private feed(node: number, folded: string): number {
    const { next, wide, prefixAtom, dead } = this.automaton;
    for (let k = 0; k < folded.length && node !== dead; k++) {
      const unit = folded.charCodeAt(k);
      node = unit < 128 ? (next[node * ASCII_SLOTS + (ASCII_SLOT[unit] as number)] as number) : (wide.get(node * 65536 + unit) ?? dead);
      const prefix = prefixAtom[node] as number;
      if (prefix >= 0) this.pending[this.pendingCount++] = prefix;
    }
    return node;
  }

  /** Fires the atoms of the word at `position` (ending at trie `node`) and the phrases it completes. */
  private endWord(node: number, position: number): void {
    const s = this.s;
    const exact = this.automaton.exactAtom[node] as number;
    if (exact >= 0) this.pending[this.pendingCount++] = exact;
    const count = this.pendingCount;
    this.pendingCount = 0;
    for (let k = 0; k < count; k++) {
      const atom = this.pending[k] as number;
      s.hit(atom, position);
      s.addWordAtom(atom);
    }
    s.posStart[position + 1] = s.posAtomCount;
    const { phraseStart, phraseList } = this.t;
    for (let k = 0; k < count; k++) {
      const atom = this.pending[k] as number;
      const last = phraseStart[atom + 1] as number;
      for (let p = phraseStart[atom] as number; p < last; p++) {
        const phrase = phraseList[p] as number;
        const first = this.phraseStartingAt(phrase, position);
        if (first >= 0) s.hit(phrase, first);
      }
    }
  }

  /** Where the phrase ending at `position` starts, if its earlier words fired their atoms there; else -1. */
  private phraseStartingAt(phrase: number, position: number): number {
    const { posStart, posAtoms } = this.s;
    const words = this.t.phraseWords[phrase] as Int32Array;
    const first = position - words.length + 1;
    if (first < 0) return -1;
    for (let j = 0; j < words.length - 1; j++) {
      const atom = words[j] as number;
      const end = posStart[first + j + 1] as number;
      let found = false;
      for (let k = posStart[first + j] as number; k < end; k++) {
        if (posAtoms[k] === atom) {
          found = true;
          break;
        }
      }
      if (!found) return -1;
    }
    return first;
  }
}
