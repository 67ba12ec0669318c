import { useMemo } from 'react';
import { useFormatters } from '../../../i18n/format.js';

/** A 0..1 score as a whole percentage in the interface language ("97 %", "97%"). */
export function usePercent(): (value: number) => string {
  const { locale } = useFormatters();
  return useMemo(() => {
    const format = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
    return (value: number) => format.format(value);
  }, [locale]);
}
