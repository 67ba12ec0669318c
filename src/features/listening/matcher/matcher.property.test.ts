// The compiled matcher against the plain reference evaluator, on random queries and texts drawn from a
// small vocabulary (so that matches, near-misses and overlaps are frequent), with accents, case variants,
// hashtags, apostrophes, emoji and every operator and field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileMatcher, type Mention } from './index.js';
import { tokenize, wordRanges } from './normalise.js';
import { parseQuery } from './query-parser.js';
import { referenceFired, referenceMatches } from './reference-evaluator.js';

const WORDS = [
  'brand',
  'brandweer',
  'gent',
  'gand',
  'opleiding',
  'opleidingen',
  'crisis',
  'crisiscentrum',
  'ofo',
  'été',
  'de',
  'panne',
  'a',
  'b',
  'financiën',
  'l',
];

/** A word as someone might type it: any case, accents sometimes dropped or spelled decomposed. */
const spelled = (word: string) =>
  fc.constantFrom(
    word,
    word.toUpperCase(),
    word.charAt(0).toUpperCase() + word.slice(1),
    word.normalize('NFD').replace(/\p{M}/gu, ''),
    word.normalize('NFD'),
  );

const word = fc.constantFrom(...WORDS).chain(spelled);

const textPiece = fc.oneof(
  { weight: 6, arbitrary: word },
  { weight: 1, arbitrary: word.map((w) => `#${w}`) },
  { weight: 1, arbitrary: word.map((w) => `@${w}`) },
  { weight: 1, arbitrary: fc.constantFrom('🔥', '2024', 'x1', 'ﬁ', '½', 'Σ') },
);
const separator = fc.constantFrom(' ', ' ', ' ', ', ', '-', "'", '’', '. ', ' 🔥 ', '\n', '…');

const text = fc.array(fc.tuple(textPiece, separator), { maxLength: 14 }).map((parts) => parts.map(([p, s]) => p + s).join(''));

const mention: fc.Arbitrary<Mention> = fc.record(
  {
    text,
    lang: fc.constantFrom('nl', 'nl-BE', 'fr', 'en'),
    author: fc.constantFrom('@Selor', 'selor_official', 'jan@mastodon.social', 'FOD_Financien'),
    url: fc.constantFrom('https://www.belgium.be/nl/x', 'https://fin.belgium.be', 'https://example.com/belgium.be', 'gent.be/nieuws'),
    source: fc.constantFrom('rss', 'Mastodon', 'bluesky'),
  },
  { requiredKeys: ['text'] },
);

/** A term, wildcard (some prefix of a vocabulary word) or phrase, as query text. */
const termText = fc.oneof(
  { weight: 4, arbitrary: word },
  { weight: 2, arbitrary: fc.constantFrom(...WORDS).chain((w) => fc.integer({ min: 1, max: w.length }).map((n) => `${w.slice(0, n)}*`)) },
  { weight: 1, arbitrary: word.map((w) => `#${w}`) },
  { weight: 1, arbitrary: fc.constantFrom("l'opleiding", '"de panne"', 'crisis-centrum') },
);
const phraseText = fc
  .array(fc.oneof(word, fc.constantFrom('brand*', 'opleid*', 'a*')), { minLength: 2, maxLength: 3 })
  .map((ws) => `"${ws.join(' ')}"`);
const positional = fc.oneof({ weight: 3, arbitrary: termText }, { weight: 1, arbitrary: phraseText });
const nearSide = fc.oneof(
  positional,
  fc.array(positional, { minLength: 2, maxLength: 3 }).map((ps) => `(${ps.join(' OR ')})`),
);
const near = fc
  .tuple(nearSide, fc.constantFrom('NEAR', 'ONEAR'), fc.integer({ min: 0, max: 4 }), nearSide)
  .map(([l, op, n, r]) => `${l} ${op}/${n} ${r}`);
const field = fc.constantFrom(
  'lang:nl',
  'lang:nl-be',
  'lang:fr',
  'author:selor',
  'author:@SELOR',
  'author:selor*',
  'author:*@mastodon.social',
  'site:belgium.be',
  'site:fin.belgium.be',
  'site:gent.be',
  'source:rss',
  'source:mastodon',
  'source:blue*',
);

const { query } = fc.letrec<{ query: string; operand: string }>((tie) => ({
  operand: fc.oneof(
    { weight: 5, arbitrary: positional },
    { weight: 2, arbitrary: near.map((n) => `(${n})`) },
    { weight: 2, arbitrary: field },
    { weight: 2, arbitrary: tie('query').map((q) => `(${q})`) },
    { weight: 1, arbitrary: tie('operand').map((q) => `NOT ${q}`) },
  ),
  query: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('operand'),
    near,
    fc
      .array(fc.tuple(fc.constantFrom(' AND ', ' OR ', ' ', ' NOT ', ' OR NOT '), tie('operand')), { minLength: 1, maxLength: 3 })
      .chain((rest) => tie('operand').map((first) => first + rest.map(([op, o]) => op + o).join(''))),
  ),
}));

describe('the compiled matcher agrees with the reference evaluator', () => {
  it('on which queries match, for batches of random queries and mentions', () => {
    fc.assert(
      fc.property(
        fc.array(query, { minLength: 1, maxLength: 8 }),
        fc.array(mention, { minLength: 1, maxLength: 6 }),
        (queries, mentions) => {
          const inputs = queries.map((q, i) => ({ id: `q${i}`, query: q }));
          const { matcher, errors } = compileMatcher(inputs);
          expect(errors).toEqual([]);
          for (const m of mentions) {
            const expected = inputs
              .filter((q) => referenceMatches(parseQuery(q.query).ast as NonNullable<ReturnType<typeof parseQuery>['ast']>, m))
              .map((q) => q.id);
            expect(matcher.matchIds(m), JSON.stringify(m)).toEqual(expected);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('on what fired and where', () => {
    fc.assert(
      fc.property(query, fc.array(mention, { minLength: 1, maxLength: 4 }), (q, mentions) => {
        const { matcher } = compileMatcher([{ id: 'q', query: q }]);
        const ast = parseQuery(q).ast;
        if (!ast) throw new Error(`did not parse: ${q}`);
        for (const m of mentions) {
          const [match] = matcher.match(m);
          if (!match) continue;
          const got = match.fired.map((f) => ({ start: f.start, end: f.end, positions: f.positions }));
          expect(got).toEqual(referenceFired(ast, m).sort((x, y) => x.start - y.start));
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('words and their positions', () => {
  it('cutting the text at a word range gives back exactly that word', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.string({ unit: 'grapheme', maxLength: 40 })), (t) => {
        const words = tokenize(t);
        const ranges = wordRanges(t);
        expect(ranges).toHaveLength(words.length);
        ranges.forEach(([start, end], i) => {
          const piece = tokenize(t.slice(start, end));
          // A character folding to several words (½) can share its range with a neighbour.
          expect(piece.join(' ')).toContain(words[i]);
        });
      }),
      { numRuns: 500 },
    );
  });

  it('folding is idempotent: folded words fold to themselves', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (t) => {
        for (const w of tokenize(t)) expect(tokenize(w)).toEqual([w]);
      }),
      { numRuns: 500 },
    );
  });
});
