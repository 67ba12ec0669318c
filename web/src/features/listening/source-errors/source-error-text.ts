import type { UiLocale } from '../../../api/types.js';
import { codedText, type SaidText } from '../../../i18n/coded-text.js';
import { sourceErrorMessages } from './messages.js';

/**
 * A source's last error in the interface language, from the code and parameters the server stored
 * with it; the server's English sentence, marked `lang: 'en'`, when the code or a value is unknown (codedText).
 */
export function sourceErrorText(
  locale: UiLocale,
  code: string | null,
  params: Readonly<Record<string, string | number>> | null,
  fallbackEnglish: string,
): SaidText {
  return codedText(sourceErrorMessages, locale, code, params, fallbackEnglish);
}
