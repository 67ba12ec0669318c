import { useCallback } from 'react';
import { type CodedCatalogue, type CodedParams, codedText, type SaidText } from './coded-text.js';
import { useUiLocale } from './use-ui-locale.js';

/** codedText bound to one catalogue, in the interface language of the moment. */
export function useCodedText(
  catalogue: CodedCatalogue,
): (code: string | null, params: CodedParams | null, fallbackEnglish: string) => SaidText {
  const locale = useUiLocale();
  return useCallback((code, params, fallbackEnglish) => codedText(catalogue, locale, code, params, fallbackEnglish), [catalogue, locale]);
}
