import twitterText from 'twitter-text';
import type { Language } from '../registry/schema.js';

/**
 * Text helpers for the compose linter: entities, sentences, words and accent-folding, all with
 * offsets into the original text (UTF-16 code units, i.e. JavaScript string indices, end exclusive)
 * so the compose screen can highlight exactly what a finding is about. Pure; runs in the browser too.
 */

export type Span = { start: number; end: number };

/** Links as the networks autolink them: with or without scheme (`belgium.be` becomes a link on X). */
export function findLinks(text: string): Span[] {
  return twitterText.extractUrlsWithIndices(text).map(({ indices: [start, end] }) => ({ start, end }));
}

export function findHashtags(text: string): (Span & { tag: string })[] {
  return twitterText.extractHashtagsWithIndices(text).map(({ hashtag, indices: [start, end] }) => ({ start, end, tag: hashtag }));
}

/** `@user` and Mastodon's `@user@domain`, not e-mail addresses. */
const MENTION = /(?<![\p{L}\p{N}_.=/])@[\p{L}\p{N}_]+(?:[.-][\p{L}\p{N}_]+)*(?:@[\p{L}\p{N}_-]+(?:\.[\p{L}\p{N}_-]+)+)?/gu;

export function findMentions(text: string): (Span & { handle: string })[] {
  return [...text.matchAll(MENTION)].map((m) => ({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, handle: m[0].slice(1) }));
}

/**
 * The text with links, hashtags and mentions replaced by `fill` (same length, offsets unchanged),
 * so their dots do not end sentences and their capitals do not count as shouting.
 */
export function maskEntities(text: string, fill: string): string {
  const spans = [...findLinks(text), ...findHashtags(text), ...findMentions(text)];
  const chars = text.split('');
  for (const { start, end } of spans) for (let i = start; i < end; i++) chars[i] = fill;
  return chars.join('');
}

/**
 * Words that end with a full stop without ending the sentence. Titles and references come before a
 * capital ("Dhr. Jambon", "art. 5"), so they cannot be caught by "is the next word lowercase?".
 */
const ABBREVIATIONS: Record<Language | 'all', readonly string[]> = {
  all: ['dr', 'prof', 'st', 'nr', 'no', 'art', 'vs', 'ca', 'cf', 'resp', 'min'],
  nl: ['dhr', 'mevr', 'mr', 'mw', 'ir', 'ing', 'bv', 'bijv', 'o.a', 'i.p.v', 't.a.v', 'm.b.t', 'd.w.z', 'vgl', 'zgn', 'kb', 'mb', 'blz'],
  fr: ['m', 'mme', 'mmes', 'mlle', 'mm', 'me', 'pr', 'ste', 'p.ex', 'ex', 'av', 'bd', 'c.-à-d', 'env', 'p', 'ar', 'am'],
  de: ['hr', 'fr', 'z.b', 'bzw', 'vgl', 'u.a', 'd.h', 's', 'abs'],
  en: ['mr', 'mrs', 'ms', 'e.g', 'i.e', 'approx', 'p'],
};

function isAbbreviation(word: string, language: Language): boolean {
  // Opening punctuation and a French elision ("l’art. 5", "d’env. 10") are not part of the word.
  const stripped = word.replace(/^[("'«“‘[]+/u, '').replace(/^\p{L}{1,2}['’](?=\p{L})/u, '');
  if (/^\p{Lu}$/u.test(stripped)) return true; // an initial: "J. Jambon"
  const bare = stripped.toLowerCase();
  return ABBREVIATIONS.all.includes(bare) || ABBREVIATIONS[language].includes(bare);
}

/**
 * Sentences, split on . ! ? … and line breaks. A full stop only ends a sentence when followed by
 * white space (so not "3.5" or "belgium.be"), when the next word does not start in lower case, and
 * when the word before it is not a known abbreviation or an initial. Returned spans are trimmed.
 */
export function splitSentences(text: string, language: Language): Span[] {
  const masked = maskEntities(text, 'x');
  const sentences: Span[] = [];
  let start = 0;
  const push = (end: number) => {
    const slice = text.slice(start, end);
    const lead = slice.length - slice.trimStart().length;
    const trail = slice.length - slice.trimEnd().length;
    if (slice.trim() !== '') sentences.push({ start: start + lead, end: end - trail });
    start = end;
  };
  const boundary = /\n|[!?…]+["'»”’)\]]*(?=\s|$)|\.+["'»”’)\]]*(?=\s|$)/gu;
  for (const match of masked.matchAll(boundary)) {
    const index = match.index ?? 0;
    const end = index + match[0].length;
    if (match[0] === '.') {
      const before = masked.slice(start, index).split(/\s+/u).pop() ?? '';
      const after = masked.slice(end).trimStart();
      if (isAbbreviation(before, language) || /^\p{Ll}/u.test(after)) continue;
    }
    push(end);
  }
  push(text.length);
  return sentences;
}

/** Words in a span: runs of non-space containing a letter or digit (a link or hashtag is one word). */
export function countWords(text: string, span: Span = { start: 0, end: text.length }): number {
  const slice = maskEntities(text, 'x').slice(span.start, span.end);
  return slice.split(/\s+/u).filter((token) => /[\p{L}\p{N}]/u.test(token)).length;
}

export type Word = Span & { letters: number; upper: number; lower: number };

/** Letter words (apostrophes and hyphens inside a word allowed), links/hashtags/mentions skipped. */
export function findWords(text: string): Word[] {
  const masked = maskEntities(text, ' ');
  return [...masked.matchAll(/\p{L}[\p{L}\p{M}'’-]*/gu)].map((m) => {
    const word = m[0];
    return {
      start: m.index ?? 0,
      end: (m.index ?? 0) + word.length,
      letters: (word.match(/\p{L}/gu) ?? []).length,
      upper: (word.match(/\p{Lu}/gu) ?? []).length,
      lower: (word.match(/\p{Ll}/gu) ?? []).length,
    };
  });
}

/** Lower case without accents; "’" as "'". The same rule for names and for the text they are sought in. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[’‘`´]/gu, "'");
}

/** The folded text plus, for each of its UTF-16 units, where that unit came from in the original. */
export function foldWithMap(text: string): { folded: string; origin: number[] } {
  let folded = '';
  const origin: number[] = [];
  let index = 0;
  for (const char of text) {
    const piece = fold(char);
    folded += piece;
    for (let i = 0; i < piece.length; i++) origin.push(index);
    index += char.length;
  }
  origin.push(text.length);
  return { folded, origin };
}

/** Escapes a string for use inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/** First grapheme of a string (an emoji with its modifiers, a flag, a keycap). */
export function firstGrapheme(text: string): string {
  for (const { segment } of graphemes.segment(text)) return segment;
  return '';
}
