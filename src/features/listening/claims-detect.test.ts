import { describe, expect, it } from 'vitest';
import { compileReferences, findClaims, fold, type OrganisationReference, prefilterPatterns } from './claims-detect.js';
import { CLAIM_PHRASES } from './claims-phrases.js';

const GENT = 'org-gent';
const FOD = 'org-fod';
const references: OrganisationReference[] = [
  { organisationId: GENT, channelId: null, term: 'Stad Gent', kind: 'name' },
  { organisationId: GENT, channelId: null, term: 'Ville de Gand', kind: 'name' },
  { organisationId: GENT, channelId: 'ch-1', term: '@stadgent@stad.social', kind: 'handle' },
  { organisationId: GENT, channelId: 'ch-1', term: '@stadgent', kind: 'handle' },
  { organisationId: FOD, channelId: null, term: 'FOD Financiën', kind: 'name' },
  { organisationId: FOD, channelId: null, term: 'FOD', kind: 'acronym' },
];
const compiled = compileReferences(references);
const claims = (text: string) => findClaims(text, compiled).map((h) => [h.phrase.phrase, h.reference.organisationId, h.reference.term]);

describe('speaking-for claims in a post', () => {
  it('finds a phrase followed by an organisation, in each language', () => {
    expect(claims('Namens Stad Gent: de parking sluit morgen.')).toEqual([['namens', GENT, 'Stad Gent']]);
    expect(claims('NAMENS  het college van STAD GENT delen wij mee')).toEqual([['namens', GENT, 'Stad Gent']]);
    expect(claims('Je vous écris au nom de la Ville de Gand.')).toEqual([['au nom de', GENT, 'Ville de Gand']]);
    expect(claims('Im Namen von @stadgent: bitte teilen')).toEqual([['im namen von', GENT, '@stadgent']]);
    expect(claims('On behalf of @stadgent@stad.social, we apologise')).toEqual([['on behalf of', GENT, '@stadgent@stad.social']]);
    expect(claims('In naam van FOD: betaal hier uw belasting')).toEqual([['in naam van', FOD, 'FOD']]);
  });

  it('finds statement phrases with the organisation anywhere in the post, accents or not', () => {
    expect(claims('Stad Gent — officiële mededeling: het zwembad sluit.')).toEqual([['officiële mededeling', GENT, 'Stad Gent']]);
    expect(claims('OFFICIELE MEDEDELING van FOD Financien')).toEqual([['officiële mededeling', FOD, 'FOD Financiën']]);
    expect(claims('Communiqué officiel : la Ville de Gand recrute')).toEqual([['communiqué officiel', GENT, 'Ville de Gand']]);
  });

  it('names every organisation claimed once', () => {
    expect(claims('Namens Stad Gent en namens FOD Financiën: official statement from Stad Gent')).toEqual([
      ['namens', GENT, 'Stad Gent'],
      ['namens', FOD, 'FOD Financiën'],
    ]);
  });

  it('does not flag a phrase without an organisation, far from it, or names that only start the same', () => {
    expect(claims('Namens de bewoners van de Sleepstraat: dank u!')).toEqual([]);
    expect(claims(`Namens ${'heel veel mensen in deze lange zin '.repeat(3)}vraag ik Stad Gent iets`)).toEqual([]);
    expect(claims('Namens Stad Gentbrugge: feest')).toEqual([]);
    expect(claims('Namens @stadgentfan: hallo')).toEqual([]);
    expect(claims('In naam van fod: lowercase is not the acronym')).toEqual([]);
    expect(claims('Stad Gent opent het zwembad')).toEqual([]);
    expect(claims('Agnamens Stad Gent')).toEqual([]);
  });

  it('folds case and accents without moving any character', () => {
    const text = 'Officiële MEDEDELING — 🏊 Zwembad';
    expect(fold(text)).toHaveLength(text.length);
    expect(fold(text)).toBe('officiele mededeling — 🏊 zwembad');
  });

  it('prefilters in SQL with a plain word of every phrase', () => {
    const patterns = prefilterPatterns();
    expect(patterns).toContain('%namens%');
    expect(patterns).toContain('%mededeling%');
    expect(patterns).toContain('%we at%');
    for (const { phrase } of CLAIM_PHRASES) {
      const lower = phrase.toLowerCase();
      expect(patterns.some((p) => lower.includes(p.slice(1, -1))), phrase).toBe(true);
    }
  });
});
