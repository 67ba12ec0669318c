import { useUiLocale } from '../../../i18n/use-ui-locale.js';
import type { SaidText } from '../../../i18n/coded-text.js';
import { sourceErrorText } from './source-error-text.js';

/** sourceErrorText in the interface language of the moment (kept apart: source-error-text.ts is also tested under Node). */
export function useSourceErrorText(): (state: {
  lastErrorCode: string | null;
  lastErrorParams: Readonly<Record<string, string | number>> | null;
  lastError: string;
}) => SaidText {
  const locale = useUiLocale();
  return (state) => sourceErrorText(locale, state.lastErrorCode, state.lastErrorParams, state.lastError);
}
