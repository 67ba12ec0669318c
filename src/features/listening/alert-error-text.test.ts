import { describe, expect, it } from 'vitest';
import { translationProblems } from '../../kit/coded-text.js';
import { type CodedParams, codedText } from '../../../web/src/i18n/coded-text.js';
import { deliveryErrorMessages } from '../../../web/src/features/listening/alerts/delivery-errors/messages.js';
import { ALERT_DELIVERY_ERROR_TEXT, deliveryError } from './alert-error-text.js';

/** What the web shows: the catalogue's sentence in `locale`, or the English marked as such. */
const translatedText = (locale: 'nl' | 'fr' | 'en', code: string | null, params: CodedParams | null, english: string) =>
  codedText(deliveryErrorMessages, locale, code, params, english);
const languages = Object.entries(deliveryErrorMessages) as Array<[string, Record<string, string | undefined>]>;

describe('alert delivery error texts', () => {
  it('has every code in Dutch, French and English, with the placeholders of the server’s English', () => {
    expect(translationProblems(ALERT_DELIVERY_ERROR_TEXT, Object.fromEntries(languages))).toEqual([]);
    expect(languages.map(([language]) => language).sort()).toEqual(['en', 'fr', 'nl']);
  });

  it('says it in the web’s English exactly as the server does', () => {
    expect(deliveryErrorMessages.en).toEqual(ALERT_DELIVERY_ERROR_TEXT);
  });

  it('builds the English sentence from the code and its values', () => {
    expect(deliveryError('receiver_status', { status: 500, message: 'receiver broke' })).toEqual({
      code: 'receiver_status',
      params: { status: 500, message: 'receiver broke' },
      text: 'the receiver answered 500: receiver broke',
    });
    expect(deliveryError('attempt_interrupted')).toEqual({
      code: 'attempt_interrupted',
      params: {},
      text: 'an attempt was interrupted (the worker stopped); trying again',
    });
  });

  it('translates on the web, and falls back to the English (marked as such) for an unknown code or a missing value', () => {
    const english = 'the receiver answered 500: receiver broke';
    const params = { status: 500, message: 'receiver broke' };
    expect(translatedText('nl', 'receiver_status', params, english)).toEqual({
      text: 'de ontvanger antwoordde 500: receiver broke',
      lang: undefined,
    });
    expect(translatedText('fr', 'receiver_refused_signature', { status: 401 }, '').text).toBe(
      'le destinataire refuse la signature (HTTP 401)\u00a0: la clé secrète est-elle la même des deux côtés\u00a0?',
    );
    expect(translatedText('en', 'receiver_status', params, english)).toEqual({ text: english, lang: undefined });
    expect(translatedText('nl', null, null, 'written before codes')).toEqual({ text: 'written before codes', lang: 'en' });
    expect(translatedText('nl', 'from_a_newer_server', {}, 'the English')).toEqual({ text: 'the English', lang: 'en' });
    expect(translatedText('nl', 'receiver_status', { status: 500 }, english)).toEqual({ text: english, lang: 'en' });
    expect(translatedText('fr', 'hasOwnProperty', {}, 'the English')).toEqual({ text: 'the English', lang: 'en' });
  });
});
