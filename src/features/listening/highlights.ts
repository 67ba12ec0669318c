import { type FiredTerm, wordRanges } from './matcher/index.js';

/**
 * Where to highlight a mention's text and how to say why it matched (pure, no I/O). Offsets are
 * UTF-16 code units in the mention's `text`, [start, end), as the browser's string functions count.
 */

export type Highlight = {
  start: number;
  end: number;
  /** `watchlist`: a query element that fired; `search`: a full-text search hit. */
  reason: 'watchlist' | 'search';
  watchlistId?: string;
  /** The query element (`brand*`, `"gratis opleiding"`) or the search words. */
  term: string;
};

export type Reason = { kind: FiredTerm['kind']; text: string; occurrences: string[] };

/** Text ranges of the fired terms' occurrences (fields have none). `words` may be passed to reuse it. */
export function firedHighlights(text: string, fired: FiredTerm[], watchlistId?: string, words = wordRanges(text)): Highlight[] {
  const out: Highlight[] = [];
  for (const term of fired) {
    if (term.wordCount === 0) continue;
    for (const position of term.positions) {
      const first = words[position];
      const last = words[position + term.wordCount - 1];
      if (!first || !last) continue; // text changed since the match was stored: show nothing rather than the wrong words
      out.push({ start: first[0], end: last[1], reason: 'watchlist', ...(watchlistId ? { watchlistId } : {}), term: term.text });
    }
  }
  return out;
}

/** For each fired element: what it is and the words of the text it found (distinct, at most 5). */
export function reasonsOf(text: string, fired: FiredTerm[], words = wordRanges(text)): Reason[] {
  return fired.map((term) => {
    const seen = new Set<string>();
    for (const h of firedHighlights(text, [term], undefined, words)) {
      if (seen.size >= 5) break;
      seen.add(text.slice(h.start, h.end));
    }
    return { kind: term.kind, text: term.text, occurrences: [...seen] };
  });
}

/**
 * "Why did this match", in one sentence: `Matched “brand*” (Brand, brandweer) and “gent” (Gent);
 * author:@selor.` The structured `reasons` carry the same for a translated screen.
 */
export function explain(reasons: Reason[]): string {
  if (reasons.length === 0) return 'Matched because nothing it excludes is present (the query only says what must be absent).';
  const parts = reasons.map((r) => {
    if (r.kind === 'field') return r.text;
    const found = r.occurrences.length ? ` (${r.occurrences.join(', ')})` : '';
    // A phrase's text carries its own quotes.
    return `${r.kind === 'phrase' ? r.text : `“${r.text}”`}${found}`;
  });
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  return `Matched ${list}.`;
}

/** Private-use characters that mark ts_headline's hits; never in stored text worth searching. */
export const MARK_START = '\uE000';
export const MARK_STOP = '\uE001';

/**
 * Ranges from a ts_headline(…, 'HighlightAll=true, StartSel=U+E000, StopSel=U+E001') answer: the
 * marked text must be the original with markers added, else (a text holding the private-use
 * characters itself) no ranges are claimed.
 */
export function markedRanges(original: string, marked: string, term: string): Highlight[] {
  const out: Highlight[] = [];
  let plain = '';
  let open = -1;
  for (const ch of marked) {
    if (ch === MARK_START) open = plain.length;
    else if (ch === MARK_STOP) {
      if (open >= 0 && plain.length > open) out.push({ start: open, end: plain.length, reason: 'search', term });
      open = -1;
    } else plain += ch;
  }
  return plain === original ? out : [];
}
