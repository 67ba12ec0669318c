import type { MarkRange } from '../highlight-segments.js';

/**
 * Where a claim's phrase ("namens", "au nom de" …) and the organisation it names stand in a text,
 * to mark them. The claims check matches whole words, case- and accent-insensitively, with any
 * spacing between the words (src/features/listening/claims-detect.ts); so does this, on a folded
 * copy of the text that keeps every index. An all-capitals acronym is matched with its case, as
 * there. The API gives the phrase and the name, not their positions, so every place is marked.
 */

/** Lower case without accents, one UTF-16 unit for one, so an index in the copy is one in the text. */
function fold(text: string): string {
  let out = '';
  for (const unit of text.split('')) {
    if (/\s/.test(unit)) {
      out += ' ';
      continue;
    }
    const base = unit.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    const lower = unit.toLowerCase();
    out += base.length === 1 ? base : lower.length === 1 ? lower : unit;
  }
  return out;
}

const escapeRegExp = (value: string) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function find(text: string, folded: string, term: string, kind: string): MarkRange[] {
  const trimmed = term.trim();
  if (trimmed === '') return [];
  const acronym = /^[\p{Lu}\p{N}]{2,}$/u.test(trimmed) && /\p{Lu}/u.test(trimmed);
  const body = (acronym ? trimmed : fold(trimmed)).split(/\s+/).map(escapeRegExp).join('\\s+');
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])${body}(?![\\p{L}\\p{N}_])`, 'gu');
  const haystack = acronym ? text : folded;
  const ranges: MarkRange[] = [];
  for (let match = pattern.exec(haystack); match; match = pattern.exec(haystack)) {
    ranges.push({ start: match.index, end: match.index + match[0].length, kind });
  }
  return ranges;
}

/** The phrase's places (`claim-phrase`) and the named organisation's (`claim-reference`). */
export function claimRanges(text: string, claim: { phrase: string; reference: string }): MarkRange[] {
  const folded = fold(text);
  return [...find(text, folded, claim.phrase, 'claim-phrase'), ...find(text, folded, claim.reference, 'claim-reference')];
}
