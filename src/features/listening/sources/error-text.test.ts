import { describe, expect, it } from 'vitest';
import { translationProblems } from '../../../kit/coded-text.js';
import { sourceErrorMessages } from '../../../../web/src/features/listening/source-errors/messages.js';
import { type CodedParams, codedText } from '../../../../web/src/i18n/coded-text.js';
import { SOURCE_ERROR_TEXT, sourceErrorText } from './error-text.js';
import { SourceError } from './item.js';

/** What the web shows: the catalogue's sentence in `locale`, or the English marked as such. */
const translatedText = (locale: 'nl' | 'fr' | 'en', code: string | null, params: CodedParams | null, english: string) =>
  codedText(sourceErrorMessages, locale, code, params, english);
const languages = Object.entries(sourceErrorMessages) as Array<[string, Record<string, string | undefined>]>;

describe('source error texts', () => {
  it('has every code in Dutch, French and English, with the placeholders of the server’s English', () => {
    expect(translationProblems(SOURCE_ERROR_TEXT, Object.fromEntries(languages))).toEqual([]);
    expect(languages.map(([language]) => language).sort()).toEqual(['en', 'fr', 'nl']);
  });

  it('says it in the web’s English exactly as the server does', () => {
    expect(sourceErrorMessages.en).toEqual(SOURCE_ERROR_TEXT);
  });

  it('builds the English sentence from the code and its parameters', () => {
    const error = new SourceError('http_not_found', { status: 404 });
    expect([error.reason, error.message, error.code, error.params]).toEqual([
      'the address answered 404 (not found)',
      'the address answered 404 (not found)',
      'http_not_found',
      { status: 404 },
    ]);
    expect(new SourceError('feed_invalid_xml').reason).toBe('the feed is not well-formed XML');
    expect(sourceErrorText('timeout', { seconds: 0.8 })).toBe('the site did not answer within 0.8 s');
  });

  it('translates on the web, and falls back to the English, marked as such, for an unknown code or a missing value', () => {
    const english = 'the site did not answer within 0.8 s';
    const said = (text: string) => ({ text, lang: undefined });
    const inEnglish = (text: string) => ({ text, lang: 'en' });
    expect(translatedText('nl', 'timeout', { seconds: 0.8 }, english)).toEqual(said('de website antwoordde niet binnen 0,8 seconden'));
    expect(translatedText('fr', 'http_server_error', { status: 503 }, '')).toEqual(said('l’adresse a répondu 503 (erreur du serveur)'));
    expect(translatedText('en', 'timeout', { seconds: 0.8 }, english)).toEqual(said(english));
    // The server's English, marked as English for the page's other language.
    expect(translatedText('nl', null, null, 'written before codes')).toEqual(inEnglish('written before codes'));
    expect(translatedText('nl', 'from_a_newer_server', {}, 'the English')).toEqual(inEnglish('the English'));
    expect(translatedText('nl', 'timeout', {}, english)).toEqual(inEnglish(english));
    expect(translatedText('nl', 'toString', {}, 'the English')).toEqual(inEnglish('the English'));
  });
});
