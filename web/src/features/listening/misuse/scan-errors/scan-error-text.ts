import type { UiLocale } from '../../../../api/types.js';
import { type CodedParams, codedText, type SaidText } from '../../../../i18n/coded-text.js';
import { scanErrorMessages } from './messages.js';

/**
 * Why a channel's last search failed, in the interface language, from the code and values the
 * server stored with it; its English sentence (`lang: 'en'`) when there is no code, a code this
 * version does not know, or a value missing.
 */
export function scanErrorText(locale: UiLocale, code: string | null, params: CodedParams | null, fallbackEnglish: string): SaidText {
  return codedText(scanErrorMessages, locale, code, params, fallbackEnglish);
}
