import { describe, expect, it } from 'vitest';
import { compileMatcher, type Mention } from './index.js';
import { MAX_NESTING, parseQuery } from './query-parser.js';
import { referenceMatches } from './reference-evaluator.js';

/** Whether one query matches one mention; the reference evaluator must say the same. */
function matches(query: string, mention: Mention | string): boolean {
  const m = typeof mention === 'string' ? { text: mention } : mention;
  const { matcher, errors } = compileMatcher([{ id: 'q', query }]);
  expect(errors).toEqual([]);
  const result = matcher.match(m).length === 1;
  const ast = parseQuery(query).ast;
  if (!ast) throw new Error('unparsable');
  expect(referenceMatches(ast, m), `reference on ${query}`).toBe(result);
  return result;
}

describe('text and query terms are folded the same way', () => {
  it('ignores case and accents on both sides', () => {
    expect(matches('financiën', 'Nieuws van FOD FINANCIEN')).toBe(true);
    expect(matches('FINANCIEN', 'fod financiën')).toBe(true);
    expect(matches('été', 'Un ETE chaud')).toBe(true);
    expect(matches('Ete', 'un été chaud')).toBe(true);
    expect(matches('ﬁets', 'de fiets')).toBe(true);
  });

  it('drops # and @ and splits at apostrophes and hyphens', () => {
    expect(matches('#OFO', 'Nieuw: ofo-rapport')).toBe(true);
    expect(matches('ofo', 'Lees het #OFO rapport')).toBe(true);
    expect(matches('selor', 'Vraag het aan @Selor')).toBe(true);
    expect(matches('opleiding', "Inschrijven voor l'opleiding")).toBe(true);
    expect(matches("l'opleiding", 'Voor L’Opleiding')).toBe(true);
    expect(matches('niklaas', 'Sint-Niklaas')).toBe(true);
  });
});

describe('terms, wildcards and phrases', () => {
  it('matches a term on whole words only', () => {
    expect(matches('brand', 'Grote brand in Gent')).toBe(true);
    expect(matches('brand', 'De brandweer rukte uit')).toBe(false);
    expect(matches('brand', 'Brandstof is duur')).toBe(false);
  });

  it('matches a wildcard on any word starting with it, including the prefix itself', () => {
    expect(matches('brand*', 'De brandweer rukte uit')).toBe(true);
    expect(matches('brand*', 'Grote brand')).toBe(true);
    expect(matches('brand*', 'Een zware zandbrand')).toBe(false);
    expect(matches('opleid*', 'Nieuwe OPLEIDINGEN')).toBe(true);
  });

  it('matches a phrase only on consecutive words, separators and case aside', () => {
    expect(matches('"gratis opleiding"', 'Een gratis opleiding voor iedereen')).toBe(true);
    expect(matches('"gratis opleiding"', 'Gratis, opleiding!')).toBe(true);
    expect(matches('"gratis opleiding"', 'een gratis nieuwe opleiding')).toBe(false);
    expect(matches('"gratis opleiding"', 'opleiding gratis')).toBe(false);
    expect(matches('"gratis opleid*"', 'Gratis opleidingen')).toBe(true);
    expect(matches('"de panne"', 'Storm in De Panne')).toBe(true);
    expect(matches('"a b a b"', 'a b a a b a b')).toBe(true);
  });
});

describe('NEAR and ONEAR', () => {
  it('allows at most n words between the two, in either order for NEAR', () => {
    expect(matches('brand NEAR/2 gent', 'brand in het centrum van gent')).toBe(false); // 4 words between
    expect(matches('brand NEAR/4 gent', 'brand in het centrum van gent')).toBe(true);
    expect(matches('brand NEAR/3 gent', 'brand in het centrum van gent')).toBe(false);
    expect(matches('gent NEAR/4 brand', 'brand in het centrum van gent')).toBe(true);
    expect(matches('brand NEAR/0 gent', 'brand gent')).toBe(true);
    expect(matches('brand NEAR/0 gent', 'brand in gent')).toBe(false);
  });

  it('requires the left side first for ONEAR', () => {
    expect(matches('brand ONEAR/3 gent', 'brand in gent')).toBe(true);
    expect(matches('gent ONEAR/3 brand', 'brand in gent')).toBe(false);
    expect(matches('gent ONEAR/3 brand', 'gent: brand')).toBe(true);
  });

  it('measures from the end of a phrase to the start of the other side', () => {
    const text = 'het noodplan van de provincie werd gisteren afgekondigd';
    expect(matches('"noodplan van de provincie" NEAR/2 afgekondigd', text)).toBe(true); // werd gisteren
    expect(matches('"noodplan van de provincie" NEAR/1 afgekondigd', text)).toBe(false);
    expect(matches('afgekondigd NEAR/2 "noodplan van de provincie"', text)).toBe(true);
    expect(matches('afgekondigd ONEAR/2 "noodplan van de provincie"', text)).toBe(false);
  });

  it('takes wildcards and ( … OR … ) groups on either side', () => {
    expect(matches('crisis* NEAR/5 (brand OR overstroming)', 'Crisiscentrum volgt de overstroming op')).toBe(true);
    expect(matches('crisis* NEAR/5 (brand OR overstroming)', 'Crisiscentrum: het is rustig, geen enkel probleem, ook geen brand')).toBe(
      false,
    );
    expect(matches('(storm OR onweer) ONEAR/1 (schade OR "veel schade")', 'onweer veel schade')).toBe(true);
  });

  it('needs two different occurrences when both sides match the same word', () => {
    expect(matches('brand NEAR/3 brand*', 'een brand')).toBe(false);
    expect(matches('brand NEAR/3 brand*', 'een brand en een brandweerman')).toBe(true);
    expect(matches('"a b" NEAR/0 b', 'a b')).toBe(false);
    expect(matches('"a b" NEAR/0 b', 'a b b')).toBe(true);
  });

  it('accepts large distances', () => {
    const text = `brand ${'woord '.repeat(1000)}gent`;
    expect(matches('brand NEAR/1000 gent', text)).toBe(true);
    expect(matches('brand NEAR/999 gent', text)).toBe(false);
  });
});

describe('boolean structure', () => {
  it('applies AND, OR, NOT with their precedence', () => {
    expect(matches('brand OR storm AND gent', 'brand')).toBe(true);
    expect(matches('brand OR storm AND gent', 'storm')).toBe(false);
    expect(matches('(brand OR storm) AND gent', 'storm in gent')).toBe(true);
    expect(matches('brand NOT oefening', 'brand in gent')).toBe(true);
    expect(matches('brand NOT oefening', 'brand: een oefening')).toBe(false);
    expect(matches('brand gent', 'gent: brand')).toBe(true);
    expect(matches('brand gent', 'brand')).toBe(false);
  });

  it('treats lower-case and/or/not as words', () => {
    expect(matches('rock and roll', 'rock and roll')).toBe(true);
    expect(matches('rock and roll', 'rock roll')).toBe(false);
    expect(matches('brand not', 'brand')).toBe(false);
  });

  it('evaluates queries without any positive term for every mention', () => {
    expect(matches('NOT spam', 'gewoon nieuws')).toBe(true);
    expect(matches('NOT spam', '')).toBe(true);
    expect(matches('NOT spam', 'dit is SPAM')).toBe(false);
    expect(matches('NOT (lang:nl OR lang:fr)', { text: 'hello', lang: 'en' })).toBe(true);
    expect(matches('NOT (lang:nl OR lang:fr)', { text: 'hallo', lang: 'nl' })).toBe(false);
    expect(matches('NOT NOT brand', 'brand')).toBe(true);
    expect(matches('brand OR NOT gent', 'niets')).toBe(true);
  });

  it('handles deep nesting', () => {
    const deep = `${'(a OR '.repeat(MAX_NESTING - 1)}b${')'.repeat(MAX_NESTING - 1)}`;
    expect(matches(deep, 'x b y')).toBe(true);
    expect(matches(`${'NOT '.repeat(MAX_NESTING - 1)}b`, 'b')).toBe(false);
  });
});

describe('fields', () => {
  it('author: matches the whole handle, case-insensitively, with * as a wildcard', () => {
    expect(matches('author:@Selor', { text: 'x', author: 'selor' })).toBe(true);
    expect(matches('author:selor', { text: 'x', author: '@SELOR' })).toBe(true);
    expect(matches('author:selor', { text: 'x', author: 'selor_official' })).toBe(false);
    expect(matches('author:selor*', { text: 'x', author: 'selor_official' })).toBe(true);
    expect(matches('author:*@mastodon.social', { text: 'x', author: '@jan@Mastodon.Social' })).toBe(true);
    expect(matches('author:selor', { text: 'selor' })).toBe(false);
  });

  it('site: matches the host and its subdomains, nothing else', () => {
    expect(matches('site:belgium.be', { text: 'x', url: 'https://belgium.be/nl' })).toBe(true);
    expect(matches('site:belgium.be', { text: 'x', url: 'https://www.fin.Belgium.be/nl' })).toBe(true);
    expect(matches('site:belgium.be', { text: 'x', url: 'https://notbelgium.be/nl' })).toBe(false);
    expect(matches('site:belgium.be', { text: 'x', url: 'https://belgium.be.evil.com/' })).toBe(false);
    expect(matches('site:fin.belgium.be', { text: 'x', url: 'https://belgium.be/' })).toBe(false);
    expect(matches('site:belgium.be', { text: 'x' })).toBe(false);
  });

  it('lang: matches the language and its regional variants', () => {
    expect(matches('lang:nl', { text: 'x', lang: 'nl' })).toBe(true);
    expect(matches('lang:nl', { text: 'x', lang: 'nl-BE' })).toBe(true);
    expect(matches('lang:nl-be', { text: 'x', lang: 'nl_BE' })).toBe(true);
    expect(matches('lang:nl-be', { text: 'x', lang: 'nl' })).toBe(false);
    expect(matches('lang:nl', { text: 'x', lang: 'nds' })).toBe(false);
  });

  it('source: matches the source kind', () => {
    expect(matches('source:mastodon brand', { text: 'brand', source: 'Mastodon' })).toBe(true);
    expect(matches('source:mastodon brand', { text: 'brand', source: 'rss' })).toBe(false);
    expect(matches('source:bsky*', { text: 'x', source: 'bsky-jetstream' })).toBe(true);
  });
});

describe('matching many queries at once', () => {
  const queries = [
    { id: 'fire', query: 'brand* NEAR/3 (gent OR gand)' },
    { id: 'bad', query: 'brand AND' },
    { id: 'exam', query: '"selectieproef" OR author:selor' },
    { id: 'not-nl', query: 'NOT lang:nl' },
    { id: 'fire-fr', query: 'incendie lang:fr' },
  ];
  const { matcher, errors } = compileMatcher(queries);

  it('leaves invalid queries out and reports them by id, with positions', () => {
    expect(errors).toEqual([{ id: 'bad', errors: [{ offset: 6, length: 3, message: 'AND needs something to search for after it.' }] }]);
    expect(matcher.queryCount).toBe(4);
  });

  it('returns matching queries in the order given, and nothing from the previous mention', () => {
    expect(matcher.matchIds({ text: 'Brandweer in Gent', lang: 'nl' })).toEqual(['fire']);
    expect(matcher.matchIds({ text: 'Incendie à Gand, brandweer', lang: 'fr', author: 'selor' })).toEqual([
      'fire',
      'exam',
      'not-nl',
      'fire-fr',
    ]);
    expect(matcher.matchIds({ text: 'Incendie à Gand', lang: 'fr' })).toEqual(['not-nl', 'fire-fr']);
    expect(matcher.matchIds({ text: 'rien', lang: 'nl' })).toEqual([]);
    expect(matcher.matchIds({ text: '' })).toEqual(['not-nl']);
  });

  it('explains each match with the elements that fired and where', () => {
    const text = 'Brand bij de brandweer van Gent';
    const [fire] = matcher.match({ text, lang: 'nl' });
    expect(fire?.queryId).toBe('fire');
    expect(fire?.fired).toEqual([
      { kind: 'wildcard', text: 'brand*', start: 0, end: 6, wordCount: 1, positions: [0, 3] },
      { kind: 'term', text: 'gent', start: 15, end: 19, wordCount: 1, positions: [5] },
    ]);
    const [exam] = matcher.match({ text: 'De selectieproef, gent', author: '@Selor' }).filter((m) => m.queryId === 'exam');
    expect(exam?.fired.map((f) => [f.kind, f.text, f.positions])).toEqual([
      ['term', '"selectieproef"', [1]],
      ['field', 'author:selor', []],
    ]);
  });

  it('reports the non-negated elements present, in query order, never negated ones', () => {
    const { matcher: m } = compileMatcher([{ id: 'q', query: 'brand NOT oefening OR "geen oefening"' }]);
    const [match] = m.match({ text: 'brand, geen oefening' });
    expect(match?.fired.map((f) => f.text)).toEqual(['brand', '"geen oefening"']);
  });

  it('reports phrase occurrences by their first word and length', () => {
    const { matcher: m } = compileMatcher([{ id: 'q', query: '"noodplan van de provincie"' }]);
    expect(m.match({ text: 'Het Noodplan van de Provincie!' })[0]?.fired).toEqual([
      { kind: 'phrase', text: '"noodplan van de provincie"', start: 0, end: 27, wordCount: 4, positions: [1] },
    ]);
  });

  it('compiles no queries into a matcher that matches nothing', () => {
    const { matcher: empty } = compileMatcher([]);
    expect(empty.match({ text: 'brand' })).toEqual([]);
  });
});

describe('characters that fold to several words', () => {
  it('keeps word positions right when a text has more words than characters', () => {
    // ㏂ folds to "a.m.", two words in one character.
    const text = '㏂'.repeat(300);
    expect(matches('"m a m a"', text)).toBe(true);
    expect(matches('"a m einde"', `${text} einde`)).toBe(true);
    expect(matches('"m a einde"', `${text} einde`)).toBe(false);
    expect(matches('"a a"', text)).toBe(false);
    const { matcher } = compileMatcher([{ id: 'q', query: 'a NEAR/0 m' }]);
    expect(matcher.match({ text })[0]?.fired[0]?.positions).toHaveLength(300);
  });
});

describe('long texts', () => {
  it('checks NEAR in time linear in the occurrences, not their product', () => {
    // 40,000 occurrences of each side and no match: pairwise checking would take 1.6 billion steps.
    const text = 'x y '.repeat(40_000);
    const { matcher } = compileMatcher([
      { id: 'adjacent', query: 'x ONEAR/0 x' },
      { id: 'reversed', query: 'y ONEAR/0 x' },
    ]);
    const started = performance.now();
    expect(matcher.matchIds({ text })).toEqual(['reversed']);
    expect(matcher.matchIds({ text: `${text} x x` })).toEqual(['adjacent', 'reversed']);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
