// Does a post claim to speak for one of the organisations? Pure: text and references in, hits out.
//
// A claim is a phrase of claims-phrases.ts followed by (or, for some phrases, anywhere near) a
// reference to a registry organisation: its name in any language, its short name (an all-capitals
// acronym is matched with its case, so "FOD" is not "fod"), its slug read as words, or one of its
// channels (handle as people write it in a post, display name). Names and phrases match whole
// words, case- and accent-insensitively, on a folded copy of the text that keeps every index.
import { CLAIM_PHRASES, type ClaimPhrase, REFERENCE_WINDOW } from './claims-phrases.js';

export type OrganisationReference = {
  organisationId: string;
  /** Set when the reference is one of the organisation's channels. */
  channelId: string | null;
  /** As written in the registry, shown as what was matched. */
  term: string;
  kind: 'name' | 'acronym' | 'handle';
};

export type ClaimHit = {
  phrase: ClaimPhrase;
  reference: OrganisationReference;
  /** The phrase and the reference in context, at most ~200 characters. */
  excerpt: string;
};

type Compiled = { reference: OrganisationReference; pattern: RegExp; folded: boolean };

/** A reference ends where no letter, digit, `_` or `-` follows, nor a `.` with more name after it. */
const END = '(?![\\p{L}\\p{N}_-]|\\.[\\p{L}\\p{N}])';
const START = '(?<![\\p{L}\\p{N}_@.-])';

/** Lower case without accents, character by character, so every index still points into the original. */
export function fold(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      out += text.slice(i, i + 2);
      i += 1;
      continue;
    }
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      out += ' ';
      continue;
    }
    const base = ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    const lower = ch.toLowerCase();
    out += base.length === 1 ? base : lower.length === 1 ? lower : ch;
  }
  return out;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const wordsPattern = (term: string) => term.trim().split(/\s+/).map(escapeRegExp).join('\\s+');

// Where phrases overlap ("official statement from X"), the one that names the organisation right
// after it wins, then the longer one.
const PHRASES = [...CLAIM_PHRASES]
  .sort((a, b) => Number(a.reference === 'anywhere') - Number(b.reference === 'anywhere') || b.phrase.length - a.phrase.length)
  .map((phrase) => ({
  phrase,
  pattern: new RegExp(`${START}${wordsPattern(fold(phrase.phrase))}(?![\\p{L}\\p{N}])`, 'gu'),
}));

/**
 * ILIKE patterns a stored text must match one of to be worth checking: for each phrase the longest
 * run of plain letters in one of its words (`officiële mededeling` → `%mededeling%`, `namens` →
 * `%namens%`), or the whole phrase when its words are all short (`%we at%`). A word, not the whole
 * phrase, so line breaks or double spaces between the words do not hide a claim; plain letters,
 * because SQL ILIKE does not fold accents. A text that matches a phrase after folding contains that
 * run as written unless it puts accents where the phrase has none.
 */
export function prefilterPatterns(): string[] {
  const runs = CLAIM_PHRASES.map((p) => {
    const phrase = p.phrase.toLowerCase();
    const longest = phrase.split(/[^a-z]+/).reduce((a, b) => (b.length > a.length ? b : a), '');
    return longest.length >= 3 ? longest : phrase;
  });
  return [...new Set(runs)].map((r) => `%${r}%`);
}

/** Compiles an organisation scope's references once, for many texts. */
export function compileReferences(references: OrganisationReference[]): Compiled[] {
  const seen = new Set<string>();
  const out: Compiled[] = [];
  for (const reference of references) {
    const term = reference.term.trim();
    const acronym = reference.kind === 'acronym';
    const key = `${reference.organisationId}:${reference.channelId ?? ''}:${acronym ? term : fold(term)}`;
    if (seen.has(key) || term.length < (acronym ? 2 : 4)) continue;
    seen.add(key);
    const body = wordsPattern(acronym ? term : fold(term));
    // A handle starts with @, which is itself the boundary.
    const start = term.startsWith('@') ? '(?<![\\p{L}\\p{N}_.-])' : START;
    out.push({ reference: { ...reference, term }, pattern: new RegExp(`${start}${body}${END}`, 'gu'), folded: !acronym });
  }
  return out;
}

/**
 * Every organisation the text claims to speak for, one hit each: the first phrase in the text that
 * has a reference to it, and the nearest such reference.
 */
export function findClaims(text: string, references: Compiled[]): ClaimHit[] {
  if (references.length === 0) return [];
  const folded = fold(text);
  const phrases: Array<{ phrase: ClaimPhrase; start: number; end: number }> = [];
  for (const { phrase, pattern } of PHRASES) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(folded); m; m = pattern.exec(folded)) {
      const start = m.index;
      const end = m.index + m[0].length;
      // PHRASES is in order of preference: an overlapping phrase found earlier wins.
      if (!phrases.some((p) => p.start < end && start < p.end)) phrases.push({ phrase, start, end });
    }
  }
  if (phrases.length === 0) return [];
  phrases.sort((a, b) => a.start - b.start);
  const found = locate(text, folded, references);
  const hits = new Map<string, ClaimHit>();
  for (const { phrase, start, end } of phrases) {
    const usable = found.filter((r) =>
      phrase.reference === 'after' ? r.start >= end && r.start <= end + REFERENCE_WINDOW : r.end <= start || r.start >= end,
    );
    usable.sort((a, b) => distance(a, start, end) - distance(b, start, end));
    for (const r of usable) {
      if (hits.has(r.reference.organisationId)) continue;
      hits.set(r.reference.organisationId, {
        phrase,
        reference: r.reference,
        excerpt: excerpt(text, Math.min(start, r.start), Math.max(end, r.end)),
      });
    }
  }
  return [...hits.values()];
}

function locate(text: string, folded: string, references: Compiled[]) {
  const out: Array<{ reference: OrganisationReference; start: number; end: number }> = [];
  for (const { reference, pattern, folded: isFolded } of references) {
    pattern.lastIndex = 0;
    const haystack = isFolded ? folded : text;
    for (let m = pattern.exec(haystack); m; m = pattern.exec(haystack)) out.push({ reference, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

const distance = (r: { start: number; end: number }, start: number, end: number) => (r.start >= end ? r.start - end : start - r.end);

function excerpt(text: string, start: number, end: number): string {
  const from = Math.max(0, start - 60);
  const to = Math.min(text.length, Math.max(end + 60, from + 80), from + 200);
  const body = text.slice(from, to).replace(/\s+/g, ' ').trim();
  return `${from > 0 ? '… ' : ''}${body}${to < text.length ? ' …' : ''}`;
}
