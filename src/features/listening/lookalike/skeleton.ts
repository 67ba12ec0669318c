// What a handle or display name looks like, reduced to a "skeleton": characters that look alike map to
// one representative (Cyrillic а → a, Greek ο → o, 0 → o, 1 / I / | → l, rn → m …), accents and case go,
// separators (spaces, _, ., -) are dropped. Two names with the same skeleton are hard to tell apart.
// In the spirit of Unicode TS #39 confusables, kept to the characters that matter for Latin-script names.
import type { LookalikeCharacter } from './reasons.js';

/** Look-alikes, matched before lower-casing (I and l only differ in upper case); value: the Latin letter. */
const HOMOGLYPHS: Record<string, string> = {
  // Digits and symbols used for letters.
  '0': 'o',
  '1': 'l',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  $: 's',
  '|': 'l',
  I: 'l',
  // Cyrillic (lower and upper case).
  а: 'a',
  А: 'a',
  В: 'b',
  в: 'b',
  е: 'e',
  Е: 'e',
  ё: 'e',
  Ё: 'e',
  З: 'e',
  К: 'k',
  к: 'k',
  М: 'm',
  м: 'm',
  Н: 'h',
  н: 'h',
  һ: 'h',
  Һ: 'h',
  о: 'o',
  О: 'o',
  р: 'p',
  Р: 'p',
  с: 'c',
  С: 'c',
  Т: 't',
  т: 't',
  у: 'y',
  У: 'y',
  х: 'x',
  Х: 'x',
  і: 'i',
  І: 'l',
  ї: 'i',
  ј: 'j',
  Ј: 'j',
  ѕ: 's',
  Ѕ: 's',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ӏ: 'l',
  Ӏ: 'l',
  // Greek.
  α: 'a',
  Α: 'a',
  Β: 'b',
  β: 'b',
  ε: 'e',
  Ε: 'e',
  Ζ: 'z',
  Η: 'h',
  η: 'n',
  ι: 'i',
  Ι: 'l',
  κ: 'k',
  Κ: 'k',
  Μ: 'm',
  ν: 'v',
  Ν: 'n',
  ο: 'o',
  Ο: 'o',
  ρ: 'p',
  Ρ: 'p',
  τ: 't',
  Τ: 't',
  υ: 'u',
  Υ: 'y',
  χ: 'x',
  Χ: 'x',
  // Latin letters that pass for others.
  ı: 'i',
  ɡ: 'g',
  ɑ: 'a',
  ℓ: 'l',
};

/** Letter pairs that read as one letter at a glance; tried as an alternative reading (see pairSkeleton). */
const PAIRS: [RegExp, string, string][] = [
  [/rn/g, 'm', 'rn'],
  [/vv/g, 'w', 'vv'],
];

/** The skeleton with letter pairs read as one letter (rn → m, vv → w). */
export function pairSkeleton(skeleton: string): string {
  return PAIRS.reduce((s, [re, one]) => s.replace(re, one), skeleton);
}

/** The pair substitutions that pairSkeleton makes in a skeleton. */
export function pairSubstitutions(skeleton: string): LookalikeCharacter[] {
  return PAIRS.filter(([re]) => skeleton.search(re) >= 0).map(([, one, pair]) => ({
    shown: pair,
    looksLike: one,
    script: null,
    codePoint: null,
  }));
}

const SCRIPTS: [string, RegExp][] = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
];

export type Analysis = {
  /** NFKC, lower case, one leading @ dropped, spaces collapsed: equal means the same account. */
  normal: string;
  /** Look-alike characters mapped, accents, case and separators removed. */
  skeleton: string;
  /**
   * For each character of the skeleton, the look-alike substitution that produced it, if any, e.g.
   * "1" for "l" or Cyrillic "е" for "e" (so reasons can name only those in the part compared).
   */
  substitutions: (LookalikeCharacter | undefined)[];
  /** Scripts of the letters (Latin, Cyrillic, Greek …). */
  scripts: string[];
  accents: boolean;
  /** Separator characters (spaces, _, ., - …) in the name. */
  separators: string;
  /** Lower-case words of the name (split at separators, digits and camelCase), for added-word checks. */
  words: string[];
};

/** Analyses one handle or display name. */
export function analyse(name: string): Analysis {
  const nfkc = name.normalize('NFKC').trim().replace(/^@/, '');
  const normal = nfkc.toLowerCase().replace(/\s+/g, ' ');
  let skeleton = '';
  let separators = '';
  let accents = false;
  const substitutions: (LookalikeCharacter | undefined)[] = [];
  const scripts = new Set<string>();
  for (const ch of nfkc) {
    const script = SCRIPTS.find(([, re]) => re.test(ch))?.[0];
    if (script) scripts.add(script);
    else if (/\p{L}/u.test(ch)) scripts.add('other');
    const look = HOMOGLYPHS[ch];
    if (look) {
      skeleton += look;
      substitutions.push(describe(ch, look, script));
      continue;
    }
    const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
    if (base !== ch) accents = true;
    const lower = base.toLowerCase();
    if (/^[\p{L}\p{N}]+$/u.test(lower)) {
      skeleton += lower;
      for (let k = 0; k < lower.length; k++) substitutions.push(undefined);
    } else separators += ch;
  }
  const words = nfkc
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
  return { normal, skeleton, substitutions, scripts: [...scripts], accents, separators, words };
}

/** Script and code point only for a letter from outside the Latin alphabet: the eye cannot tell it apart, its code point can. */
function describe(ch: string, look: string, script: string | undefined): LookalikeCharacter {
  if (!script || script === 'Latin') return { shown: ch, looksLike: look, script: null, codePoint: null };
  const codePoint = `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
  return { shown: ch, looksLike: look, script, codePoint };
}
