import { describe, expect, it } from 'vitest';
import { authorityOf, domainsOf, foldText, hostOf, normaliseHandle, normaliseLang, tokenize, wordRanges } from './normalise.js';

describe('folding and words', () => {
  it('folds case and accents the same way for every spelling (NFKC, lower case, marks removed)', () => {
    expect(tokenize('Financiën FINANCIEN financien')).toEqual(['financien', 'financien', 'financien']);
    expect(tokenize('été Été ETE')).toEqual(['ete', 'ete', 'ete']);
    // Decomposed input (e + combining acute) folds like the composed character.
    expect(tokenize('e\u0301te\u0301')).toEqual(['ete']);
    // Compatibility characters: ligatures, full-width letters, circled digits.
    expect(tokenize('ﬁets Ｋanaal ①')).toEqual(['fiets', 'kanaal', '1']);
    // Greek final sigma folds like the medial one, so ΟΔΟΣ and οδος are the same word.
    expect(tokenize('ΟΔΟΣ οδος')).toEqual(['οδοσ', 'οδοσ']);
  });

  it('makes words of maximal runs of letters and digits; # and @ are dropped', () => {
    expect(tokenize('#OFO @Selor')).toEqual(['ofo', 'selor']);
    expect(tokenize('Brussel,Gent;Luik')).toEqual(['brussel', 'gent', 'luik']);
    expect(tokenize('COVID19 2024-05-01 10:30')).toEqual(['covid19', '2024', '05', '01', '10', '30']);
    expect(tokenize('🔥brand🚒weer')).toEqual(['brand', 'weer']);
    expect(tokenize('')).toEqual([]);
    expect(tokenize('  ...  ')).toEqual([]);
  });

  it('separates words at apostrophes and hyphens (typographic ones too)', () => {
    expect(tokenize("l'opleiding")).toEqual(['l', 'opleiding']);
    expect(tokenize('l’opleiding')).toEqual(['l', 'opleiding']);
    expect(tokenize('Sint-Niklaas e-mail')).toEqual(['sint', 'niklaas', 'e', 'mail']);
  });

  it('splits characters that fold to several words (½ → 1 ⁄ 2)', () => {
    expect(tokenize('a½b')).toEqual(['a1', '2b']);
  });

  it('reports where each word is in the original text', () => {
    const text = "L'Été à Liège 🔥 #OFO";
    const ranges = wordRanges(text);
    expect(ranges.map(([start, end]) => text.slice(start, end))).toEqual(['L', 'Été', 'à', 'Liège', 'OFO']);
    expect(wordRanges('e\u0301te\u0301 x')).toEqual([
      [0, 5],
      [6, 7],
    ]);
  });

  it('foldText keeps separators so the folded text lines up with the words', () => {
    expect(foldText("L'Été à Liège")).toBe("l'ete a liege");
  });
});

describe('field values', () => {
  it('normalises handles: lower case, one leading @ dropped, accents kept', () => {
    expect(normaliseHandle('@Selor')).toBe('selor');
    expect(normaliseHandle('@jan@Mastodon.Social')).toBe('jan@mastodon.social');
    expect(normaliseHandle('ＳＥＬＯＲ')).toBe('selor');
  });

  it('normalises language tags', () => {
    expect(normaliseLang('nl_BE')).toBe('nl-be');
    expect(normaliseLang(' FR ')).toBe('fr');
  });

  it('finds the host of a URL, without user, port, trailing dot, in punycode', () => {
    expect(hostOf('https://User@WWW.Belgium.be:443/nl?x#y')).toBe('www.belgium.be');
    expect(hostOf('www.vlaanderen.be/nl/opleiding')).toBe('www.vlaanderen.be');
    expect(hostOf('//fin.belgium.be.')).toBe('fin.belgium.be');
    expect(hostOf('https://bélgica.be/x')).toBe('xn--blgica-bva.be');
    expect(hostOf('https://[::1]/x')).toBeUndefined();
    expect(hostOf('')).toBeUndefined();
    // A "://" later in the URL is not a scheme.
    expect(hostOf('x.be/redirect?to=https://evil.example')).toBe('x.be');
    expect(authorityOf('https://a@b.be:8080/p')).toBe('a@b.be:8080');
  });

  it('lists the domains a host is in', () => {
    expect(domainsOf('www.fin.belgium.be')).toEqual(['www.fin.belgium.be', 'fin.belgium.be', 'belgium.be', 'be']);
  });
});
