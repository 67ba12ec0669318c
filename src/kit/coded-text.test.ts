import { describe, expect, it } from 'vitest';
import { fillPlaceholders, placeholdersOf, translationProblems } from './coded-text.js';

describe('coded texts', () => {
  it('fills placeholders, with a formatter for some values', () => {
    expect(fillPlaceholders('answered {{status}} after {{seconds}} s', { status: 503, seconds: 0.5 })).toBe('answered 503 after 0.5 s');
    expect(fillPlaceholders('before {{expiresAt}}', { expiresAt: 'x' }, (name, value) => `${name}=${value}`)).toBe('before expiresAt=x');
    expect(placeholdersOf('{{a}} and {{b}} and {{a}}')).toEqual(['a', 'b']);
  });

  it('names every missing, mismatched or unknown translation', () => {
    const english = { timeout: 'no answer within {{seconds}} s', gone: 'the page is gone' };
    expect(translationProblems(english, { nl: { timeout: 'geen antwoord binnen {{seconds}} s', gone: 'de pagina is weg' } })).toEqual([]);
    expect(
      translationProblems(english, {
        fr: { timeout: 'pas de réponse en {{secondes}} s', extra: 'de trop' },
      }),
    ).toEqual(['fr.timeout uses ["secondes"]', 'fr: no text for gone', 'fr: extra is not a code']);
  });
});
