import { describe, expect, it } from 'vitest';
import { translationProblems } from '../../kit/coded-text.js';
import { scanErrorMessages } from '../../../web/src/features/listening/misuse/scan-errors/messages.js';
import { type CodedParams, codedText } from '../../../web/src/i18n/coded-text.js';
import { SCAN_ERROR_TEXT, scanError } from './impersonation-error-text.js';
import { SearchFailure } from './impersonation-search.js';

/** What the web shows: the catalogue's sentence in `locale`, or the English marked as such. */
const translatedText = (locale: 'nl' | 'fr' | 'en', code: string | null, params: CodedParams | null, english: string) =>
  codedText(scanErrorMessages, locale, code, params, english);
const languages = Object.entries(scanErrorMessages) as Array<[string, Record<string, string | undefined>]>;

describe('impersonation scan error texts', () => {
  it('has every code in Dutch, French and English, with the placeholders of the server’s English', () => {
    expect(translationProblems(SCAN_ERROR_TEXT, Object.fromEntries(languages))).toEqual([]);
    expect(languages.map(([language]) => language).sort()).toEqual(['en', 'fr', 'nl']);
  });

  it('says it in the web’s English exactly as the server does', () => {
    expect(scanErrorMessages.en).toEqual(SCAN_ERROR_TEXT);
  });

  it('builds the English sentence from the code and its values', () => {
    const failure = new SearchFailure('instance_timeout', { seconds: 0.3 });
    expect([failure.message, failure.code, failure.params]).toEqual([
      'the instance did not answer within 0.3 s',
      'instance_timeout',
      { seconds: 0.3 },
    ]);
    expect(new SearchFailure('sign_in_required').params).toEqual({});
    expect(scanError('unexpected').text).toBe('the search failed for a reason Kanaal did not expect (see the server log)');
  });

  it('translates on the web, and falls back to the English (marked as such) for an unknown code or a missing value', () => {
    const english = 'the instance did not answer within 0.3 s';
    expect(translatedText('nl', 'instance_timeout', { seconds: 0.3 }, english)).toEqual({
      text: 'de Mastodon-server antwoordde niet binnen 0,3 seconden',
      lang: undefined,
    });
    expect(translatedText('fr', 'bluesky_status', { status: 500 }, '').text).toBe(
      'le service de recherche de Bluesky a répondu par une erreur (HTTP 500)',
    );
    expect(translatedText('en', 'instance_timeout', { seconds: 0.3 }, english)).toEqual({ text: english, lang: undefined });
    expect(translatedText('fr', null, null, 'written before codes')).toEqual({ text: 'written before codes', lang: 'en' });
    expect(translatedText('nl', 'from_a_newer_server', {}, 'the English')).toEqual({ text: 'the English', lang: 'en' });
    expect(translatedText('nl', 'instance_timeout', {}, english)).toEqual({ text: english, lang: 'en' });
  });
});
