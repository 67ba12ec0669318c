import type { SaidText } from '../../../../i18n/coded-text.js';
import { useUiLocale } from '../../../../i18n/use-ui-locale.js';
import type { ChannelScan } from '../types.js';
import { scanErrorText } from './scan-error-text.js';

/** scanErrorText in the interface language of the moment (kept apart: scan-error-text.ts is also tested under Node). */
export function useScanErrorText(): (scan: Pick<ChannelScan, 'errorCode' | 'errorParams'> & { error: string }) => SaidText {
  const locale = useUiLocale();
  return (scan) => scanErrorText(locale, scan.errorCode, scan.errorParams, scan.error);
}
