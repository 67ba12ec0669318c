import type { Language } from '../registry/schema.js';
import {
  type Span,
  countWords,
  escapeRegExp,
  findHashtags,
  findLinks,
  findMentions,
  findWords,
  firstGrapheme,
  fold,
  foldWithMap,
  splitSentences,
} from './lint-text.js';

/**
 * The detectors behind each house-style and accessibility rule. Each returns what it found, with
 * offsets; lint.ts turns hits into findings (severity, messages) according to the organisation's
 * settings. Heuristics are documented where they are decided, because people will ask "why?".
 */

/** Alt text that is only a file name or a placeholder word tells a screen-reader user nothing. */
const PLACEHOLDER_ALT = new Set([
  'image',
  'images',
  'img',
  'picture',
  'photo',
  'photos',
  'foto',
  "foto's",
  'fotos',
  'afbeelding',
  'beeld',
  'bild',
  'grafik',
  'visuel',
  'illustration',
  'illustratie',
  'screenshot',
  'schermafbeelding',
  "capture d'ecran",
  'alt',
  'alt text',
  'alt-tekst',
  'alttext',
  'texte alternatif',
  'logo',
  'video',
  'vidéo',
  'gif',
  '-',
  '.',
  'x',
  'todo',
]);
const FILE_NAME = /^[^\s/\\]+\.(?:jpe?g|png|gif|webp|heic|heif|avif|tiff?|bmp|svg|mp4|mov|webm|m4v)$/i;

export function detectMissingAltText(media: readonly { altText?: string | null }[]): { mediaIndex: number; placeholder: boolean }[] {
  const hits: { mediaIndex: number; placeholder: boolean }[] = [];
  media.forEach((item, mediaIndex) => {
    const alt = (item.altText ?? '').trim();
    if (alt === '') hits.push({ mediaIndex, placeholder: false });
    else if (PLACEHOLDER_ALT.has(fold(alt)) || FILE_NAME.test(alt)) hits.push({ mediaIndex, placeholder: true });
  });
  return hits;
}

/**
 * Screen readers can only read a multi-word hashtag as words when each word starts with a capital
 * (#FederaleOverheid, not #federaleoverheid). Words cannot be found reliably inside a lower-case tag,
 * so the heuristic is: a tag with more than `CAMEL_CASE_MIN_LETTERS - 1` letters in one run is
 * flagged when that run is all lower case or all capitals. Short tags (#OFO, #bxl, #COVID19) pass,
 * and a long single word passes once it starts with a capital (#Verkiezingen), which is also the fix
 * the message suggests. Digits and underscores separate runs (#covid_19 has runs "covid").
 */
export const CAMEL_CASE_MIN_LETTERS = 9;

export function detectHashtagCase(text: string): (Span & { tag: string })[] {
  return findHashtags(text).filter(({ tag }) =>
    (tag.match(/\p{L}[\p{L}\p{M}]*/gu) ?? []).some((run) => {
      const letters = (run.match(/\p{L}/gu) ?? []).length;
      if (letters < CAMEL_CASE_MIN_LETTERS) return false;
      const hasUpper = /\p{Lu}/u.test(run);
      const hasLower = /\p{Ll}/u.test(run);
      return hasUpper !== hasLower; // only one case in the whole run
    }),
  );
}

/** The hashtags beyond the allowed number, as one span (from the first extra one to the last). */
export function detectTooManyHashtags(text: string, max: number): (Span & { count: number }) | null {
  const tags = findHashtags(text);
  return extraSpan(tags, max);
}

/** Links as readers see them, counted per occurrence (two mentions of the same link are two links). */
export function detectTooManyLinks(text: string, max: number): (Span & { count: number }) | null {
  return extraSpan(findLinks(text), max);
}

function extraSpan(spans: Span[], max: number): (Span & { count: number }) | null {
  if (spans.length <= max) return null;
  const first = spans[max];
  const last = spans[spans.length - 1];
  if (first === undefined || last === undefined) return null;
  return { start: first.start, end: last.end, count: spans.length };
}

export function detectLongSentences(text: string, language: Language, maxWords: number): (Span & { words: number })[] {
  return splitSentences(text, language)
    .map((span) => ({ ...span, words: countWords(text, span) }))
    .filter(({ words }) => words > maxWords);
}

/**
 * Capitals are read letter by letter by some screen readers and are harder to read for people with
 * dyslexia. Two signals, acronyms (all-caps words of at most 4 letters: FOD, NMBS, WASO) excepted:
 * 1. a run of at least 3 consecutive all-caps words of 2+ letters, at least one of them longer than
 *    4 letters (so "FOD WASO RVA" passes and "DIT IS BELANGRIJK" does not). One-letter words and
 *    numbers neither extend nor break a run;
 * 2. otherwise, more than half of the cased letters are capitals, counting only words that are not
 *    short acronyms and only when there are at least 12 such letters (a short text is not shouting).
 */
export function detectAllCaps(text: string): Partial<Span>[] {
  const words = findWords(text).filter((word) => word.letters >= 2);
  const isCaps = (w: { upper: number; lower: number }) => w.upper >= 2 && w.lower === 0;
  const hits: Span[] = [];
  let run: typeof words = [];
  const closeRun = () => {
    const first = run[0];
    const last = run[run.length - 1];
    if (first && last && run.length >= 3 && run.some((w) => w.letters > 4)) hits.push({ start: first.start, end: last.end });
    run = [];
  };
  for (const word of words) {
    if (isCaps(word)) run.push(word);
    else closeRun();
  }
  closeRun();
  if (hits.length > 0) return hits;

  let upper = 0;
  let cased = 0;
  for (const word of words) {
    if (isCaps(word) && word.letters <= 4) continue;
    upper += word.upper;
    cased += word.upper + word.lower;
  }
  return cased >= 12 && upper / cased > 0.5 ? [{}] : [];
}

const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;
const NOT_BULLETS = new Set(['©', '®', '™']);

/**
 * A screen reader announces an emoji by its name ("white heavy check mark") at the start of every
 * line. One decorated line is style; two or more lines starting with an emoji are a list using emoji
 * as bullets. Returns the emoji of each bullet line, only when there are at least two.
 */
export function detectEmojiBullets(text: string): Span[] {
  const bullets: Span[] = [];
  let offset = 0;
  for (const line of text.split('\n')) {
    const lead = line.length - line.trimStart().length;
    const emoji = firstGrapheme(line.slice(lead));
    const rest = line.slice(lead + emoji.length).trim();
    if (emoji !== '' && EMOJI.test(emoji) && !NOT_BULLETS.has(emoji.replace(/\uFE0F/u, '')) && rest !== '') {
      bullets.push({ start: offset + lead, end: offset + lead + emoji.length });
    }
    offset += line.length + 1;
  }
  return bullets.length >= 2 ? bullets : [];
}

export type ElectionPeriod = { from: string; to: string; names: readonly string[] };

/** The calendar date (YYYY-MM-DD) an instant falls on in a time zone, for `now` in lintText. */
export function localIsoDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
}

/** Dates compare as YYYY-MM-DD strings; `from` and `to` are both inclusive. */
export function activePeriods(periods: readonly ElectionPeriod[], today: string): ElectionPeriod[] {
  const day = today.slice(0, 10);
  return periods.filter((period) => period.from.slice(0, 10) <= day && day <= period.to.slice(0, 10));
}

/**
 * Listed office-holders' names, case- and accent-insensitive, as whole words ("De Croo" in "Alexander
 * De Croo" but not in "De Croock"); spaces and hyphens in a name match any run of spaces or hyphens.
 * A hashtag or mention that contains the whole name without spaces (#AlexanderDeCroo,
 * @alexanderdecroo) also counts, for names of at least 5 letters, because that is how names appear
 * on social media. Only listed forms are sought: list "De Croo" as well to catch #DeCrooBezoekt.
 */
export function detectElectionNames(text: string, names: readonly string[]): (Span & { name: string })[] {
  const { folded, origin } = foldWithMap(text);
  const hits: (Span & { name: string })[] = [];
  const toOriginal = (start: number, end: number): Span => ({ start: origin[start] ?? 0, end: origin[end] ?? text.length });
  const tokens = [...findHashtags(text).map((t) => ({ ...t, body: t.tag })), ...findMentions(text).map((m) => ({ ...m, body: m.handle }))];

  for (const name of new Set(names.map((n) => n.trim()).filter((n) => n !== ''))) {
    const parts = fold(name)
      .split(/[\s-]+/u)
      .filter((part) => part !== '');
    const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${parts.map(escapeRegExp).join('[\\s-]+')}(?![\\p{L}\\p{N}])`, 'gu');
    for (const match of folded.matchAll(pattern)) {
      const start = match.index ?? 0;
      hits.push({ ...toOriginal(start, start + match[0].length), name });
    }
    const compact = parts.join('').replace(/[^\p{L}\p{N}]/gu, '');
    if (compact.length < 5) continue;
    for (const token of tokens) {
      if (
        !fold(token.body)
          .replace(/[^\p{L}\p{N}]/gu, '')
          .includes(compact)
      )
        continue;
      if (!hits.some((hit) => hit.start >= token.start && hit.end <= token.end)) hits.push({ start: token.start, end: token.end, name });
    }
  }
  return hits.sort((a, b) => a.start - b.start);
}
