import { z } from 'zod';
import { type CodedParams, codedFailure, type ParamsArgs } from './coded-text.js';
import type { FieldError } from './errors.js';

/**
 * Why a field was refused, as a code with values next to plain English (the coded-text pattern of
 * kit/coded-text.ts), so the web app says it in the reader's language. Zod's own messages ("Too
 * small: expected string to have >=1 characters") are replaced by these; a schema that needs its
 * own words uses a sentence of this catalogue (`FIELD_ERROR_TEXT.time_zone`), found again by its
 * text. Any other message a schema or service writes travels as it is, without a code.
 */
export const FIELD_ERROR_TEXT = {
  required: 'Fill this in.',
  too_short: 'Use at least {{minimum}} characters.',
  too_long: 'Use at most {{maximum}} characters.',
  wrong_length: 'Use exactly {{length}} characters.',
  too_few: 'Give at least {{minimum}}.',
  too_many: 'Give at most {{maximum}}.',
  at_least: 'Give a number of at least {{minimum}}.',
  more_than: 'Give a number above {{minimum}}.',
  at_most: 'Give a number of at most {{maximum}}.',
  less_than: 'Give a number below {{maximum}}.',
  not_multiple: 'Give a multiple of {{divisor}}.',
  not_a_number: 'Give a number.',
  not_whole: 'Give a whole number.',
  wrong_type: 'This kind of value does not fit here (expected: {{expected}}).',
  not_one_of: 'Choose one of: {{options}}.',
  not_a_web_address: 'Give a full web address, starting with https://.',
  not_an_email: 'Give an e-mail address, such as name@example.be.',
  not_an_id: 'This is not a valid identifier.',
  not_a_date_time: 'Give a date and time, such as 2026-03-01T09:00:00Z.',
  wrong_format: 'This is not in the expected format.',
  unknown_fields: 'These fields are not known here: {{keys}}.',
  // Sentences schemas use as their own message.
  http_address: 'Give an address starting with http:// or https://.',
  date: 'Give a date written YYYY-MM-DD.',
  time_zone: 'Give an IANA time zone, such as Europe/Brussels.',
  slug: 'Use 2 to 63 lower-case letters, digits and hyphens, starting with a letter or digit.',
  name_in_address: 'Use lower-case letters, digits and hyphens, starting with a letter or digit.',
  language_code: 'Use a language code such as nl, fr or en.',
  hashtag: 'A hashtag is letters, digits and _ only.',
  hashtag_or_timeline: 'Name at least one hashtag or a public timeline.',
  step_reviewers: 'A step names a role or people.',
  six_digits: 'Give the six digits the app shows.',
  reason: 'Say why.',
  // Sentences services use (codedFieldError).
  in_future: 'Choose a time in the future.',
  name_taken: 'Choose another name: this one is already used.',
  handle_taken: 'This account is already registered for this network.',
  public_languages: 'A public channel needs at least one language (nl, fr, de, en).',
  misuse_reason: 'Say why this is misuse (it is kept with the decision).',
  no_delivery: 'Add an e-mail address, a webhook, or switch on in-app alerts.',
  webhook_first: 'Set a webhook address first.',
  no_channel: 'Choose at least one channel.',
  rejection_reason: 'Say why the post is rejected.',
  text_or_media: 'A post needs text or media.',
  alt_text: 'Every image or video needs a description (alt text).',
  channel_archived: 'This channel is archived.',
  wrong_password: 'The current password is wrong.',
  code_not_accepted: 'The code is wrong or was already used.',
  planned_time: 'Give a date and time such as 2026-05-04T09:30+02:00.',
  not_a_calendar_time: 'This is not a valid calendar date and time.',
  time_skipped: '{{local}} does not exist in {{timeZone}}: the clocks skip that hour (daylight saving time begins).',
  offset_mismatch: '{{local}}{{offset}} is not a time in {{timeZone}}: the offset there is not {{offset}} on that date.',
  unknown_channel: 'There is no active channel {{handle}} in this organisation.',
  channel_listed_twice: 'A channel is listed twice.',
  not_our_channel: 'This is not a channel of this organisation.',
  channel_not_active: 'This channel is not active.',
  not_in_library: 'This is not in the organisation’s media library.',
  file_empty: 'The file is empty.',
  type_not_accepted: 'No network accepts {{mimeType}} files.',
  file_too_large: 'The file is larger than any network accepts ({{bytes}} bytes).',
} as const;

export type FieldErrorCode = keyof typeof FIELD_ERROR_TEXT;

/** A field error with its code and exactly the values its sentence needs; the English sentence is the message. */
export function codedFieldError<Code extends FieldErrorCode>(
  path: string,
  code: Code,
  ...[params]: ParamsArgs<(typeof FIELD_ERROR_TEXT)[Code]>
): FieldError {
  return withCode(path, code, params ?? {});
}

function withCode(path: string, code: FieldErrorCode, params: CodedParams): FieldError {
  const failure = codedFailure(FIELD_ERROR_TEXT, code, params);
  return { path, message: failure.text, code, params: failure.params };
}

const CODE_OF_SENTENCE = new Map(
  Object.entries(FIELD_ERROR_TEXT)
    .filter(([, text]) => !text.includes('{{'))
    .map(([code, text]) => [text as string, code as FieldErrorCode]),
);

const ZOD_ENGLISH = z.locales.en().localeError;

/** Zod's own message for an issue; a schema's message differs from it. */
function isZodDefault(issue: z.core.$ZodIssue): boolean {
  // The finished issue no longer holds the input, which zod's sentence for a wrong type names.
  if (issue.code === 'invalid_type') return issue.message.startsWith(`Invalid input: expected ${issue.expected}`);
  const english = ZOD_ENGLISH(issue as never);
  return (typeof english === 'string' ? english : english?.message) === issue.message;
}

const asNumber = (value: number | bigint) => Number(value);

/** The code and values of zod's own message, when this catalogue has one for it. */
function codeOfZodIssue(issue: z.core.$ZodIssue): { code: FieldErrorCode; params?: CodedParams } | null {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.message.endsWith('received undefined')) return { code: 'required' };
      if (issue.expected === 'int') return { code: 'not_whole' };
      if (issue.expected === 'number') return { code: 'not_a_number' };
      return { code: 'wrong_type', params: { expected: issue.expected } };
    case 'too_small': {
      const minimum = asNumber(issue.minimum);
      if (issue.origin === 'string') {
        if (issue.exact) return { code: 'wrong_length', params: { length: minimum } };
        return minimum <= 1 ? { code: 'required' } : { code: 'too_short', params: { minimum } };
      }
      if (issue.origin === 'array' || issue.origin === 'set') return { code: 'too_few', params: { minimum } };
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return { code: issue.inclusive === false ? 'more_than' : 'at_least', params: { minimum } };
      return null;
    }
    case 'too_big': {
      const maximum = asNumber(issue.maximum);
      if (issue.origin === 'string')
        return issue.exact ? { code: 'wrong_length', params: { length: maximum } } : { code: 'too_long', params: { maximum } };
      if (issue.origin === 'array' || issue.origin === 'set') return { code: 'too_many', params: { maximum } };
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint')
        return { code: issue.inclusive === false ? 'less_than' : 'at_most', params: { maximum } };
      return null;
    }
    case 'not_multiple_of':
      return { code: 'not_multiple', params: { divisor: asNumber(issue.divisor) } };
    case 'invalid_value':
      return { code: 'not_one_of', params: { options: issue.values.map((value) => String(value)).join(', ') } };
    case 'invalid_format':
      switch (issue.format) {
        case 'url':
          return { code: 'not_a_web_address' };
        case 'email':
          return { code: 'not_an_email' };
        case 'uuid':
        case 'guid':
          return { code: 'not_an_id' };
        case 'datetime':
          return { code: 'not_a_date_time' };
        case 'date':
          return { code: 'date' };
        default:
          return { code: 'wrong_format' };
      }
    case 'unrecognized_keys':
      return { code: 'unknown_fields', params: { keys: issue.keys.join(', ') } };
    default:
      return null;
  }
}

/**
 * A refusal of fastify-type-provider-zod's validator as the API answers it. That validator keeps a
 * zod issue as `keyword` (its code), `message`, `instancePath` (its path) and `params` (the rest).
 */
export function fieldErrorOfValidation(validation: {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}): FieldError {
  const path = validation.instancePath.replace(/^\//, '').replace(/\//g, '.');
  const issue = { ...validation.params, code: validation.keyword, message: validation.message ?? 'invalid', path: [] };
  return fieldErrorOfZodIssue(path, issue as unknown as z.core.$ZodIssue);
}

/** A zod issue as the API answers it: with a code when there is one for it. */
export function fieldErrorOfZodIssue(path: string, issue: z.core.$ZodIssue): FieldError {
  if (isZodDefault(issue)) {
    const coded = codeOfZodIssue(issue);
    if (coded) return withCode(path, coded.code, coded.params ?? {});
  }
  const code = CODE_OF_SENTENCE.get(issue.message);
  return code ? { path, message: issue.message, code, params: {} } : { path, message: issue.message };
}
