import type { UiLocale } from '../../../../api/types.js';
import { type CodedParams, codedText, type SaidText } from '../../../../i18n/coded-text.js';
import { deliveryErrorMessages } from './messages.js';

/**
 * Why a delivery's last attempt failed, in the interface language, from the code and values the
 * server stored with it; its English sentence (`lang: 'en'`) when there is no code, a code this
 * version does not know, or a value missing.
 */
export function deliveryErrorText(locale: UiLocale, code: string | null, params: CodedParams | null, fallbackEnglish: string): SaidText {
  return codedText(deliveryErrorMessages, locale, code, params, fallbackEnglish);
}
