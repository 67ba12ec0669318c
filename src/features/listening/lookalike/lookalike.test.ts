import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allowedEdits,
  analyse,
  type EvidenceReason,
  editDistance,
  findLookalikes,
  judge,
  LOOKALIKE_THRESHOLD,
  type Lookalike,
  reasonInWords,
} from './index.js';

const OFFICIALS = ['@selor', 'FOD Financiën', '@crisiscentrum', '@nmbs', 'Stad Gent', '@bpost'];

describe('skeletons', () => {
  it('maps look-alike characters, accents, case and separators away', () => {
    expect(analyse('@se1or').skeleton).toBe('selor');
    expect(analyse('@seIor').skeleton).toBe('selor');
    expect(analyse('@sеlor').skeleton).toBe('selor'); // Cyrillic е
    expect(analyse('F0D Financien').skeleton).toBe('fodfinancien');
    expect(analyse('FOD Financiën').skeleton).toBe('fodfinancien');
    expect(analyse('ΝΜΒЅ').skeleton).toBe('nmbs'); // Greek Ν, Μ, Β and Cyrillic Ѕ
    expect(analyse('Ｓｅｌｏｒ').skeleton).toBe('selor'); // full-width
  });

  it('knows which scripts a name mixes', () => {
    expect(analyse('@sеlor').scripts).toEqual(['Latin', 'Cyrillic']);
    expect(analyse('@selor').scripts).toEqual(['Latin']);
  });
});

describe('edit distance (Damerau–Levenshtein)', () => {
  it('counts insertions, deletions, substitutions and swaps', () => {
    expect(editDistance('selor', 'selor')).toBe(0);
    expect(editDistance('selor', 'selr')).toBe(1);
    expect(editDistance('selor', 'seloor')).toBe(1);
    expect(editDistance('selor', 'salor')).toBe(1);
    expect(editDistance('selor', 'slеor'.normalize())).toBe(2); // Cyrillic е stays a different letter here
    expect(editDistance('selor', 'slelor')).toBe(1);
    expect(editDistance('selor', 'eslor')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('gives up early beyond a maximum', () => {
    expect(editDistance('selor', 'bpost', 1)).toBe(2);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });

  it('is a metric on random strings: symmetric, zero only for equal strings, bounded by the longer length', () => {
    const s = fc.string({ unit: fc.constantFrom('a', 'b', 'c'), maxLength: 8 });
    fc.assert(
      fc.property(s, s, (a, b) => {
        const d = editDistance(a, b);
        expect(editDistance(b, a)).toBe(d);
        expect(d === 0).toBe(a === b);
        expect(d).toBeLessThanOrEqual(Math.max(a.length, b.length));
        expect(d).toBeGreaterThanOrEqual(Math.abs(a.length - b.length));
      }),
    );
  });
});

/** A verdict with its reasons in English, as `kanaal lookalike` prints it. */
const inWords = ({ candidate, official, score, details }: Lookalike) => ({
  candidate,
  official,
  score,
  reasons: details.map(reasonInWords),
});

describe('judging candidates against official accounts', () => {
  const found = (candidate: string) => findLookalikes(OFFICIALS, [candidate])[0];
  const best = (candidate: string) => {
    const verdict = found(candidate);
    return verdict && inWords(verdict);
  };

  it('flags digit and letter look-alikes', () => {
    expect(best('@se1or')).toEqual({
      candidate: '@se1or',
      official: '@selor',
      score: 0.97,
      reasons: ['look-alike character: "1" for "l"'],
    });
    expect(best('@seIor')?.reasons).toEqual(['look-alike character: "I" for "l"']);
    expect(best('@bp0st')?.official).toBe('@bpost');
    expect(best('@nrnbs')).toMatchObject({ official: '@nmbs', reasons: ['look-alike character: "rn" for "m"'] });
    expect(best('@crisiscentrurn')?.official).toBe('@crisiscentrum');
  });

  it('flags Cyrillic and Greek homoglyphs, higher still for mixing scripts', () => {
    expect(best('@sеlor')).toEqual({
      candidate: '@sеlor',
      official: '@selor',
      score: 0.99,
      reasons: ['look-alike character: Cyrillic "е" (U+0435) for "e"', 'mixed scripts: Latin+Cyrillic'],
    });
    expect(best('Stad Gеnt')?.official).toBe('Stad Gent');
    expect(best('@crisiscentrυm')?.reasons[0]).toBe('look-alike character: Greek "υ" (U+03C5) for "u"');
  });

  it('flags display names with digits for letters and dropped accents', () => {
    expect(best('F0D Financien')).toEqual({
      candidate: 'F0D Financien',
      official: 'FOD Financiën',
      score: 0.97,
      reasons: ['look-alike character: "0" for "o"', 'accents dropped'],
    });
  });

  it('flags added words and separators', () => {
    expect(best('@selor_official')).toEqual({
      candidate: '@selor_official',
      official: '@selor',
      score: 0.9,
      reasons: ['added word: official', 'separators differ'],
    });
    expect(best('@SELOR_OFFICIAL')?.reasons).toEqual(['added word: official', 'separators differ']);
    expect(best('@sel0r_nl')?.reasons).toEqual(['look-alike character: "0" for "o"', 'added word: nl', 'separators differ']);
    expect(best('@selorbe')?.reasons).toEqual(['added word: be']);
    expect(best('@the.real.selor')?.reasons).toEqual(['added word: the', 'added word: real', 'separators differ']);
    expect(best('@nmbs_info')?.official).toBe('@nmbs');
    expect(best('FOD_Financien_officieel')?.reasons).toEqual(['added word: officieel', 'accents dropped', 'separators differ']);
    expect(best('@se.lor')?.reasons).toEqual(['separators differ']);
  });

  it('flags small edits, scaled by length', () => {
    expect(best('@selr')).toMatchObject({ official: '@selor', score: 0.78, reasons: ['edit distance: 1'] });
    expect(best('FOD Finacien')).toMatchObject({ official: 'FOD Financiën', reasons: ['edit distance: 1', 'accents dropped'] });
    expect(best('FOD Finnacien')?.official).toBe('FOD Financiën');
    expect(allowedEdits(4)).toBe(0);
    expect(allowedEdits(5)).toBe(1);
    expect(allowedEdits(12)).toBe(2);
  });

  it('does not report the official accounts themselves, whatever their case or @', () => {
    expect(findLookalikes(OFFICIALS, ['@selor', 'selor', '@SELOR', 'fod financiën', 'Stad  Gent'])).toEqual([]);
    // An official variant is not reported as a look-alike of another official account.
    expect(findLookalikes(['@selor', '@selor_nl'], ['@selor_nl'])).toEqual([]);
  });

  it('does not flag unrelated or merely similar names', () => {
    expect(
      findLookalikes(OFFICIALS, ['@sailor', '@jan_peeters', '@selector', '@gent_fietst', '@nmbs_fan_club', '@bpostbank_jobs_antwerpen']),
    ).toEqual([]);
    // Short official names tolerate no edits: too many honest names are one letter away.
    expect(judge('@nmbz', '@nmbs')).toBeNull();
  });

  it('lists every confusable pair, best first, each at or above the threshold', () => {
    const result = findLookalikes(OFFICIALS, ['@selr', '@sеlor', '@selor_official', '@se1or', '@random']);
    expect(result.map((r) => r.candidate)).toEqual(['@sеlor', '@se1or', '@selor_official', '@selr']);
    for (const r of result) expect(r.score).toBeGreaterThanOrEqual(LOOKALIKE_THRESHOLD);
    const scores = result.map((r) => r.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('gives each reason as data, which the English phrases are made from', () => {
    const details = (candidate: string) => found(candidate)?.details;
    expect(details('@sеlor')).toEqual([
      { kind: 'lookalike', shown: 'е', looksLike: 'e', script: 'Cyrillic', codePoint: 'U+0435' },
      { kind: 'mixedScripts', scripts: ['Latin', 'Cyrillic'] },
    ]);
    expect(details('@crisiscentrυm')?.[0]).toEqual({ kind: 'lookalike', shown: 'υ', looksLike: 'u', script: 'Greek', codePoint: 'U+03C5' });
    // Digits, Latin letters and letter pairs are plain to see: no script or code point.
    expect(details('@se1or')).toEqual([{ kind: 'lookalike', shown: '1', looksLike: 'l', script: null, codePoint: null }]);
    expect(details('@seIor')).toEqual([{ kind: 'lookalike', shown: 'I', looksLike: 'l', script: null, codePoint: null }]);
    expect(details('@nrnbs')).toEqual([{ kind: 'lookalike', shown: 'rn', looksLike: 'm', script: null, codePoint: null }]);
    expect(details('@the.real.selor')).toEqual([
      { kind: 'addedWord', word: 'the' },
      { kind: 'addedWord', word: 'real' },
      { kind: 'separators' },
    ]);
    expect(details('@selr')).toEqual([{ kind: 'editDistance', count: 1 }]);
    expect(details('F0D Financien')).toEqual([
      { kind: 'lookalike', shown: '0', looksLike: 'o', script: null, codePoint: null },
      { kind: 'accentsDropped' },
    ]);
    expect(judge('Fod Financiën', 'FOD Financien')?.details).toEqual([{ kind: 'accentsAdded' }]);
    expect(judge('StadGent', 'Stad Gent')?.details).toEqual([{ kind: 'separators' }]);
    // A look-alike the official name has too is no reason.
    expect(judge('@se1or_0', '@se1oro')?.details.filter((d) => d.kind === 'lookalike')).toEqual([
      { kind: 'lookalike', shown: '0', looksLike: 'o', script: null, codePoint: null },
    ]);
  });

  it('says only the spacing differs when that is all', () => {
    expect(judge('StadG ent', 'Stad Gent')?.details).toEqual([{ kind: 'caseOrSpacing' }]);
  });

  it('puts every kind of reason in the English words the command line prints', () => {
    const words: [EvidenceReason, string][] = [
      [
        { kind: 'lookalike', shown: 'а', looksLike: 'a', script: 'Cyrillic', codePoint: 'U+0430' },
        'look-alike character: Cyrillic "а" (U+0430) for "a"',
      ],
      [{ kind: 'lookalike', shown: 'rn', looksLike: 'm', script: null, codePoint: null }, 'look-alike character: "rn" for "m"'],
      [{ kind: 'mixedScripts', scripts: ['Latin', 'Greek'] }, 'mixed scripts: Latin+Greek'],
      [{ kind: 'addedWord', word: 'official' }, 'added word: official'],
      [{ kind: 'editDistance', count: 2 }, 'edit distance: 2'],
      [{ kind: 'accentsAdded' }, 'accents added'],
      [{ kind: 'accentsDropped' }, 'accents dropped'],
      [{ kind: 'separators' }, 'separators differ'],
      [{ kind: 'caseOrSpacing' }, 'same letters, different case or spacing'],
      [{ kind: 'sameNameElsewhere', where: 'instance' }, 'same name on another instance'],
      [{ kind: 'sameNameElsewhere', where: 'domain' }, 'same name on another domain'],
      [{ kind: 'sameDisplayName' }, 'same display name as the official account'],
    ];
    expect(words.map(([reason]) => reasonInWords(reason))).toEqual(words.map(([, text]) => text));
  });
});
