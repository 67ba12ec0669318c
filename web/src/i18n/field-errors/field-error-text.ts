import type { FieldError, UiLocale } from '../../api/types.js';
import { codedText } from '../coded-text.js';
import { fieldErrorMessages } from './messages.js';

/**
 * A field the API refused, its message in the interface language when the server gave a code for
 * it (src/kit/field-errors.ts); otherwise the server's English, marked `lang: 'en'`.
 */
export function translatedFieldError(locale: UiLocale, field: FieldError): FieldError {
  const said = codedText(fieldErrorMessages, locale, field.code ?? null, field.params ?? null, field.message);
  return { ...field, message: said.text, lang: said.lang };
}
