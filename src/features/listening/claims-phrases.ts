// Phrases with which a post claims to speak for an organisation, as data (Dutch, French, German,
// English). Matched case- and accent-insensitively, as whole words (claims-detect.ts).
//
// `reference` says where the organisation must be named for the post to count as a claim:
//  - `after`: within REFERENCE_WINDOW characters after the phrase ("Namens Stad Gent: …",
//    "au nom de la Ville de Gand", "on behalf of the City of Ghent");
//  - `anywhere`: anywhere in the post ("Officiële mededeling — Stad Gent sluit …").
// To add a phrase: add a line here and a case to claims-detect.test.ts.

export type ClaimPhrase = { phrase: string; language: 'nl' | 'fr' | 'de' | 'en'; reference: 'after' | 'anywhere' };

/** Characters after an `after` phrase within which the organisation's name must start. */
export const REFERENCE_WINDOW = 50;

export const CLAIM_PHRASES: ClaimPhrase[] = [
  // Dutch
  { phrase: 'namens', language: 'nl', reference: 'after' },
  { phrase: 'in naam van', language: 'nl', reference: 'after' },
  { phrase: 'uit naam van', language: 'nl', reference: 'after' },
  { phrase: 'in opdracht van', language: 'nl', reference: 'after' },
  { phrase: 'wij van', language: 'nl', reference: 'after' },
  { phrase: 'officiële mededeling', language: 'nl', reference: 'anywhere' },
  { phrase: 'officieel bericht', language: 'nl', reference: 'anywhere' },
  { phrase: 'officiële verklaring', language: 'nl', reference: 'anywhere' },
  { phrase: 'officieel standpunt', language: 'nl', reference: 'anywhere' },
  { phrase: 'officiële aankondiging', language: 'nl', reference: 'anywhere' },
  // French
  { phrase: 'au nom de', language: 'fr', reference: 'after' },
  { phrase: 'au nom du', language: 'fr', reference: 'after' },
  { phrase: 'au nom des', language: 'fr', reference: 'after' },
  { phrase: 'de la part de', language: 'fr', reference: 'after' },
  { phrase: 'de la part du', language: 'fr', reference: 'after' },
  { phrase: 'pour le compte de', language: 'fr', reference: 'after' },
  { phrase: 'communiqué officiel', language: 'fr', reference: 'anywhere' },
  { phrase: 'déclaration officielle', language: 'fr', reference: 'anywhere' },
  { phrase: 'annonce officielle', language: 'fr', reference: 'anywhere' },
  { phrase: 'message officiel', language: 'fr', reference: 'anywhere' },
  { phrase: 'communication officielle', language: 'fr', reference: 'anywhere' },
  // German
  { phrase: 'im namen von', language: 'de', reference: 'after' },
  { phrase: 'im namen der', language: 'de', reference: 'after' },
  { phrase: 'im namen des', language: 'de', reference: 'after' },
  { phrase: 'im auftrag von', language: 'de', reference: 'after' },
  { phrase: 'im auftrag der', language: 'de', reference: 'after' },
  { phrase: 'im auftrag des', language: 'de', reference: 'after' },
  { phrase: 'offizielle mitteilung', language: 'de', reference: 'anywhere' },
  { phrase: 'offizielle erklärung', language: 'de', reference: 'anywhere' },
  { phrase: 'offizielle stellungnahme', language: 'de', reference: 'anywhere' },
  { phrase: 'amtliche mitteilung', language: 'de', reference: 'anywhere' },
  // English
  { phrase: 'on behalf of', language: 'en', reference: 'after' },
  { phrase: 'speaking for', language: 'en', reference: 'after' },
  { phrase: 'statement from', language: 'en', reference: 'after' },
  { phrase: 'we at', language: 'en', reference: 'after' },
  { phrase: 'official statement', language: 'en', reference: 'anywhere' },
  { phrase: 'official announcement', language: 'en', reference: 'anywhere' },
  { phrase: 'official communication', language: 'en', reference: 'anywhere' },
];
