import { describe, expect, it } from 'vitest';
import { translationProblems } from '../../kit/coded-text.js';
import { connectionErrorText as translatedText } from '../../../web/src/features/connections/connection-errors/connection-error-text.js';
import { connectionErrorMessages } from '../../../web/src/features/connections/connection-errors/messages.js';
import { ConnectorError } from '../../networks/connector.js';
import { CONNECTION_ERROR_TEXT, connectionErrorText, connectionProblemOf } from './error-text.js';

const languages = Object.entries(connectionErrorMessages) as Array<[string, Record<string, string | undefined>]>;

describe('connection error texts', () => {
  it('has every code in Dutch, French and English, with the placeholders of the server’s English', () => {
    expect(translationProblems(CONNECTION_ERROR_TEXT, Object.fromEntries(languages))).toEqual([]);
    expect(languages.map(([language]) => language).sort()).toEqual(['en', 'fr', 'nl']);
  });

  it('says it in the web’s English exactly as the server does', () => {
    expect(connectionErrorMessages.en).toEqual(CONNECTION_ERROR_TEXT);
  });

  it('names what a connector threw by its kind, keeping the network’s words', () => {
    const problem = (error: unknown, during: 'check' | 'publish') => connectionProblemOf(error, during);
    expect(problem(new ConnectorError('auth_expired', 'The access token expired', { status: 401 }), 'check')).toEqual({
      code: 'credentials_refused',
      params: { message: 'The access token expired' },
    });
    expect(problem(new ConnectorError('rejected', 'This action is outside the authorized scopes', { status: 403 }), 'publish').code).toBe(
      'permission_missing',
    );
    expect(problem(new ConnectorError('rate_limited', 'Too many requests', { retryAfterSeconds: 42 }), 'publish')).toEqual({
      code: 'rate_limited_wait',
      params: { seconds: 42, message: 'Too many requests' },
    });
    expect(problem(new ConnectorError('rate_limited', 'Too many requests'), 'check').code).toBe('rate_limited');
    expect(problem(new ConnectorError('unavailable', 'could not connect to the instance (ECONNREFUSED)'), 'check').code).toBe(
      'unreachable',
    );
    expect(problem(new ConnectorError('rejected', 'Validation failed', { status: 422 }), 'check').code).toBe('request_refused');
    expect(problem(new ConnectorError('rejected', 'Validation failed', { status: 422 }), 'publish').code).toBe('post_refused');
    expect(problem(new ConnectorError('ambiguous', 'socket hang up'), 'check').code).toBe('no_clear_answer');
    expect(problem(new ConnectorError('ambiguous', 'socket hang up'), 'publish').code).toBe('post_unconfirmed');
    expect(problem(new TypeError('x is undefined'), 'publish')).toEqual({ code: 'unexpected', params: { message: 'x is undefined' } });
  });

  it('builds the English sentence, with an instant in UTC', () => {
    expect(connectionErrorText({ code: 'post_refused', params: { message: 'Text character limit of 500 exceeded' } })).toBe(
      'the network refused the post (Text character limit of 500 exceeded)',
    );
    expect(
      connectionErrorText({ code: 'renewal_failed', params: { message: 'invalid_grant', expiresAt: '2026-12-01T09:30:12.000Z' } }),
    ).toBe('the access could not be renewed (invalid_grant); reconnect the channel before 2026-12-01 09:30 UTC');
  });

  it('translates on the web, and falls back to the English, marked as such, for an unknown code or a missing value', () => {
    const brussels = (locale: 'nl' | 'fr' | 'en') => ({ locale, timeZone: 'Europe/Brussels' });
    const english = 'the network asks Kanaal to wait 42 s before calling again (Too many requests)';
    const waiting = { seconds: 42, message: 'Too many requests' };
    const textOf = (...args: Parameters<typeof translatedText>) => {
      const said = translatedText(...args);
      expect(said.lang).toBeUndefined();
      return said.text;
    };
    expect(textOf(brussels('nl'), 'rate_limited_wait', waiting, english)).toBe(
      'het netwerk vraagt Kanaal om 42 seconden te wachten voor de volgende oproep (Too many requests)',
    );
    expect(textOf(brussels('fr'), 'credentials_refused', { message: 'The access token expired' }, '')).toBe(
      'le réseau n’accepte plus l’accès du canal (The access token expired)\u00a0; reconnectez le canal',
    );
    expect(textOf(brussels('en'), 'rate_limited_wait', waiting, english)).toBe(english);
    // The deadline in the organisation's zone: 09:30 UTC is 10:30 in Brussels in December.
    const renewal = textOf(brussels('nl'), 'renewal_failed', { message: 'invalid_grant', expiresAt: '2026-12-01T09:30:00.000Z' }, '');
    expect(renewal).toMatch(
      /^de toegang kon niet worden vernieuwd \(invalid_grant\); koppel het kanaal opnieuw vóór 1 dec\.? 2026.* 10:30/,
    );
    expect(translatedText(brussels('nl'), null, null, 'written before codes')).toEqual({ text: 'written before codes', lang: 'en' });
    expect(translatedText(brussels('nl'), 'from_a_newer_server', {}, 'the English')).toEqual({ text: 'the English', lang: 'en' });
    expect(translatedText(brussels('nl'), 'rate_limited_wait', { message: 'Too many requests' }, english)).toEqual({
      text: english,
      lang: 'en',
    });
    expect(translatedText(brussels('nl'), 'toString', {}, 'the English')).toEqual({ text: 'the English', lang: 'en' });
  });
});
