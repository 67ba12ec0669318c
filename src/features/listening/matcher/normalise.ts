// Folding and tokenising shared by the query parser, the compiled matcher and the reference evaluator:
// query terms and mention text go through exactly these functions, so they always agree.
//
// Folding is defined per code point: NFKC, lower case, canonical decomposition, combining marks dropped
// (é → e, ë → e, ﬁ → fi, Ｋ → k), and Greek final sigma ς → σ. Folding per code point (instead of the whole
// string) lets the tokeniser walk the original text once and report where each word came from; the only
// effect it could have over whole-string NFKC, context-dependent lower-casing of Σ, is removed by the ς → σ
// rule. A word is a maximal run of letters and digits in the folded text; everything else (spaces,
// punctuation, `#`, `@`, apostrophes, hyphens, emoji) separates words.

const WORD_CHAR = /^[\p{L}\p{N}]$/u;
const MARKS = /\p{M}/gu;

/** ASCII classes: 0 separator, 1 lower-case letter or digit (folds to itself), 2 upper-case letter. */
const ASCII_CLASS = new Uint8Array(128);
for (let c = 48; c <= 57; c++) ASCII_CLASS[c] = 1;
for (let c = 97; c <= 122; c++) ASCII_CLASS[c] = 1;
for (let c = 65; c <= 90; c++) ASCII_CLASS[c] = 2;

/**
 * What one non-ASCII code point folds to: `pieces` alternates runs of word characters and separators.
 * `kind` 0: only separators (or nothing, e.g. an emoji); 1: only word characters (e.g. é → e);
 * 2: nothing at all (a combining mark: it neither starts nor ends a word); 3: mixed (½ → 1⁄2).
 * `ascii` is the code of the one lower-case ASCII letter or digit the character folds to (é → e), else -1.
 */
export type Fold = { kind: 0 | 1 | 2 | 3; text: string; pieces: { word: boolean; text: string }[]; ascii: number };

/** Folds of code points seen so far: an array for the BMP (fast, filled lazily), a map beyond. */
const bmpFolds: (Fold | undefined)[] = [];
const astralFolds = new Map<number, Fold>();

/** What one code point folds to (memoised). */
export function foldCodePoint(cp: number): Fold {
  let fold = cp < 0x10000 ? bmpFolds[cp] : astralFolds.get(cp);
  if (fold) return fold;
  const raw = String.fromCodePoint(cp);
  const text = raw.normalize('NFKC').toLowerCase().normalize('NFD').replace(MARKS, '').replace(/ς/g, 'σ');
  const pieces: { word: boolean; text: string }[] = [];
  for (const ch of text) {
    const word = WORD_CHAR.test(ch);
    const last = pieces[pieces.length - 1];
    if (last && last.word === word) last.text += ch;
    else pieces.push({ word, text: ch });
  }
  const kind = pieces.length === 0 ? (/^\p{M}$/u.test(raw) ? 2 : 0) : pieces.length === 1 ? (pieces[0]?.word ? 1 : 0) : 3;
  const ascii = text.length === 1 && /^[a-z0-9]$/.test(text) ? text.charCodeAt(0) : -1;
  fold = { kind, text, pieces, ascii };
  if (cp < 0x10000) {
    // Grow densely up to cp so the array stays a fast packed array.
    while (bmpFolds.length < cp) bmpFolds.push(undefined);
    bmpFolds[cp] = fold;
  } else astralFolds.set(cp, fold);
  return fold;
}

/** Folds a whole string, separators kept (what the words are cut from). */
export function foldText(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp < 128) out += ASCII_CLASS[cp] === 2 ? String.fromCharCode(cp + 32) : ch;
    else {
      const fold = foldCodePoint(cp);
      // Something that folds to nothing but is no combining mark still separates words, as in tokenize.
      out += fold.kind === 0 && fold.text === '' ? ' ' : fold.text;
    }
  }
  return out;
}

/**
 * Splits text into folded words. When `offsets` is given, it receives two numbers per word: the start
 * (inclusive) and end (exclusive) UTF-16 offsets of the word in the original text, for highlighting.
 *
 * Used by the parser, the reference evaluator and for highlighting; the matcher walks the text itself
 * (scan.ts) with the same folds. Lower-case ASCII words are sliced straight from the input; only runs
 * with upper case or non-ASCII characters are rebuilt character by character.
 */
export function tokenize(text: string, offsets?: number[]): string[] {
  const words: string[] = [];
  const n = text.length;
  let start = -1; // start of the current word in `text`, -1 outside a word
  let rebuilt: string | null = null; // folded text of the current word once it needed rebuilding
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      const k = ASCII_CLASS[c];
      if (k === 0) {
        if (start >= 0) {
          words.push(rebuilt ?? text.slice(start, i));
          if (offsets) offsets.push(start, i);
          start = -1;
          rebuilt = null;
        }
      } else {
        if (start < 0) start = i;
        if (k === 2) rebuilt = (rebuilt ?? text.slice(start, i)) + String.fromCharCode(c + 32);
        else if (rebuilt !== null) rebuilt += text[i];
      }
      continue;
    }
    // Non-ASCII: read the whole code point (surrogate pairs) and use its cached fold.
    let cp = c;
    let width = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cp = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
        width = 2;
      }
    }
    const fold = foldCodePoint(cp);
    if (fold.kind === 1) {
      if (start < 0) {
        start = i;
        rebuilt = fold.text;
      } else rebuilt = (rebuilt ?? text.slice(start, i)) + fold.text;
    } else if (fold.kind === 0) {
      if (start >= 0) {
        words.push(rebuilt ?? text.slice(start, i));
        if (offsets) offsets.push(start, i);
        start = -1;
        rebuilt = null;
      }
    } else if (fold.kind === 3) {
      // A character that folds to words and separators (½ → 1⁄2): every piece boundary splits.
      let contributed = false;
      for (const piece of fold.pieces) {
        if (piece.word) {
          if (start < 0) {
            start = i;
            rebuilt = piece.text;
          } else rebuilt = (rebuilt ?? text.slice(start, i)) + piece.text;
          contributed = true;
        } else if (start >= 0) {
          words.push(rebuilt ?? text.slice(start, i));
          if (offsets) offsets.push(start, contributed ? i + width : i);
          start = -1;
          rebuilt = null;
        }
      }
    }
    // kind 2, a combining mark, adds nothing and keeps the current word going (but must not be sliced in).
    else if (start >= 0 && rebuilt === null) rebuilt = text.slice(start, i);
    i += width - 1;
  }
  if (start >= 0) {
    words.push(rebuilt ?? text.slice(start));
    if (offsets) offsets.push(start, n);
  }
  return words;
}

/** The [start, end) UTF-16 offsets in `text` of each of its words, by word index (for highlighting). */
export function wordRanges(text: string): [number, number][] {
  const offsets: number[] = [];
  tokenize(text, offsets);
  const ranges: [number, number][] = [];
  for (let k = 0; k < offsets.length; k += 2) ranges.push([offsets[k] as number, offsets[k + 1] as number]);
  return ranges;
}

/** Handles: NFKC, lower case, one leading `@` dropped, surrounding spaces trimmed (accents are kept). */
export function normaliseHandle(handle: string): string {
  const h = (isAscii(handle) ? handle : handle.normalize('NFKC')).toLowerCase().trim();
  return h.startsWith('@') ? h.slice(1) : h;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

/** Language tags: lower case, `_` → `-` (`nl_BE` → `nl-be`). */
export function normaliseLang(lang: string): string {
  return lang.trim().toLowerCase().replace(/_/g, '-');
}

/** Source kinds: lower case, trimmed. */
export function normaliseSource(source: string): string {
  return (isAscii(source) ? source : source.normalize('NFKC')).trim().toLowerCase();
}

/**
 * The host of a URL (or of a bare `host/path`), lower case, without port, user info or trailing dot;
 * international names in their ASCII (punycode) form. `undefined` when there is no host.
 */
export function hostOf(url: string): string | undefined {
  return hostOfAuthority(authorityOf(url));
}

/** The authority part of a URL: `https://user@Host:8080/path?q` → `user@Host:8080` (cheap, no allocation but the slice). */
export function authorityOf(url: string): string {
  let from = 0;
  const scheme = url.indexOf('://');
  if (scheme > 0 && isScheme(url, scheme)) from = scheme + 3;
  else if (url.startsWith('//')) from = 2;
  let end = url.length;
  for (let i = from; i < end; i++) {
    const c = url.charCodeAt(i);
    if (c === 47 || c === 63 || c === 35 || c === 92) end = i; // / ? # \
  }
  return url.slice(from, end).trim();
}

/** url[0..end) is a URL scheme: a letter, then letters, digits, +, . or -. */
function isScheme(url: string, end: number): boolean {
  for (let i = 0; i < end; i++) {
    const c = url.charCodeAt(i);
    const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
    if (!letter && (i === 0 || !((c >= 48 && c <= 57) || c === 43 || c === 46 || c === 45))) return false;
  }
  return true;
}

/** Host from an authority: user info and port dropped, lower case, no trailing dot, punycode. */
export function hostOfAuthority(authority: string): string | undefined {
  let s = authority.trim();
  const at = s.lastIndexOf('@');
  if (at >= 0) s = s.slice(at + 1);
  if (s.startsWith('[')) return undefined; // IP v6 literals have no domain to match
  const colon = s.indexOf(':');
  if (colon >= 0) s = s.slice(0, colon);
  s = s.toLowerCase();
  while (s.endsWith('.')) s = s.slice(0, -1);
  if (s.startsWith('*.')) s = s.slice(2);
  if (s === '') return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the range is "anything outside ASCII"
  if (/[^\x00-\x7f]/.test(s)) {
    try {
      s = new URL(`http://${s}`).hostname;
    } catch {
      return undefined;
    }
  }
  return s;
}

/** `a.b.example.be` → [`a.b.example.be`, `b.example.be`, `example.be`, `be`]: the domains a host is in. */
export function domainsOf(host: string): string[] {
  const out = [host];
  let at = host.indexOf('.');
  while (at >= 0) {
    out.push(host.slice(at + 1));
    at = host.indexOf('.', at + 1);
  }
  return out;
}

/** A case-insensitive whole-value glob (`*` = any run of characters) as an anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 's');
}
