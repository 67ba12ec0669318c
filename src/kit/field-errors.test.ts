import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { translatedFieldError } from '../../web/src/i18n/field-errors/field-error-text.js';
import { fieldErrorMessages } from '../../web/src/i18n/field-errors/messages.js';
import { translationProblems } from './coded-text.js';
import { FIELD_ERROR_TEXT, fieldErrorOfZodIssue } from './field-errors.js';

const ZExample = z.strictObject({
  name: z.string().trim().min(1).max(5),
  code: z.string().min(3).optional(),
  pin: z.string().length(6).optional(),
  tags: z.array(z.string()).min(1).max(2).optional(),
  count: z.number().int().positive().max(10).optional(),
  share: z.number().min(0).lt(1).optional(),
  kind: z.enum(['rss', 'page']).optional(),
  url: z.url().optional(),
  email: z.email().optional(),
  id: z.string().uuid().optional(),
  zone: z
    .string()
    .refine((value) => value.includes('/'), FIELD_ERROR_TEXT.time_zone)
    .optional(),
  own: z
    .string()
    .refine((value) => value !== 'x', 'not x, please')
    .optional(),
});

/** The field errors the API answers for `input`, by path. */
function fieldErrors(input: unknown) {
  const result = ZExample.safeParse(input);
  if (result.success) throw new Error('expected a refusal');
  return Object.fromEntries(result.error.issues.map((issue) => [issue.path.join('.'), fieldErrorOfZodIssue(issue.path.join('.'), issue)]));
}

describe('field errors', () => {
  it('has every code in Dutch, French and English, with the placeholders of the server’s English', () => {
    expect(translationProblems(FIELD_ERROR_TEXT, fieldErrorMessages)).toEqual([]);
    expect(Object.keys(fieldErrorMessages).sort()).toEqual(['en', 'fr', 'nl']);
    expect(fieldErrorMessages.en).toEqual(FIELD_ERROR_TEXT);
  });

  it('gives zod’s own refusals a code, its values and plain English', () => {
    const missing = fieldErrors({});
    expect(missing.name).toEqual({ path: 'name', message: 'Fill this in.', code: 'required', params: {} });

    const errors = fieldErrors({
      name: 'Zeer lang',
      code: 'ab',
      pin: '123',
      tags: ['a', 'b', 'c'],
      count: 1.5,
      share: 1,
      kind: 'blog',
      url: 'geen adres',
      email: 'niemand',
      id: '42',
      zone: 'Brussel',
      own: 'x',
      extra: true,
    });
    const said = (path: string) => {
      const error = errors[path];
      return error && [error.code, error.params, error.message];
    };
    expect(said('name')).toEqual(['too_long', { maximum: 5 }, 'Use at most 5 characters.']);
    expect(said('code')).toEqual(['too_short', { minimum: 3 }, 'Use at least 3 characters.']);
    expect(said('pin')).toEqual(['wrong_length', { length: 6 }, 'Use exactly 6 characters.']);
    expect(said('tags')).toEqual(['too_many', { maximum: 2 }, 'Give at most 2.']);
    expect(said('count')).toEqual(['not_whole', {}, 'Give a whole number.']);
    expect(said('share')).toEqual(['less_than', { maximum: 1 }, 'Give a number below 1.']);
    expect(said('kind')).toEqual(['not_one_of', { options: 'rss, page' }, 'Choose one of: rss, page.']);
    expect(said('url')?.[0]).toBe('not_a_web_address');
    expect(said('email')?.[0]).toBe('not_an_email');
    expect(said('id')?.[0]).toBe('not_an_id');
    expect(said('')).toEqual(['unknown_fields', { keys: 'extra' }, 'These fields are not known here: extra.']);
    // A schema's own sentence from the catalogue is found again by its text; any other stays as it is.
    expect(said('zone')).toEqual(['time_zone', {}, 'Give an IANA time zone, such as Europe/Brussels.']);
    expect(errors.own).toEqual({ path: 'own', message: 'not x, please' });

    expect(fieldErrors({ name: '  ' }).name?.code).toBe('required');
    expect(fieldErrors({ name: 'a', tags: [] }).tags?.params).toEqual({ minimum: 1 });
    expect(fieldErrors({ name: 'a', count: 0 }).count?.code).toBe('more_than');
    expect(fieldErrors({ name: 'a', count: 'vijf' }).count?.code).toBe('not_a_number');
  });

  it('is said in the interface language on the web; the English is kept, marked, where there is no code', () => {
    const tooShort = { path: 'password', message: 'Use at least 12 characters.', code: 'too_short', params: { minimum: 12 } };
    expect(translatedFieldError('nl', tooShort)).toMatchObject({ message: 'Gebruik minstens 12 tekens.', lang: undefined });
    expect(translatedFieldError('fr', tooShort)).toMatchObject({ message: 'Utilisez au moins 12 caractères.', lang: undefined });
    expect(translatedFieldError('fr', { path: 'ratio', message: '', code: 'at_least', params: { minimum: 1.5 } }).message).toBe(
      'Indiquez un nombre d’au moins 1,5.',
    );
    expect(translatedFieldError('nl', { path: 'own', message: 'not x, please' })).toEqual({
      path: 'own',
      message: 'not x, please',
      lang: 'en',
    });
    expect(translatedFieldError('nl', { path: 'x', message: 'From a newer server', code: 'newer', params: {} }).lang).toBe('en');
  });
});
