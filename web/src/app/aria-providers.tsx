import type { ReactNode } from 'react';
import { I18nProvider } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { intlLocale } from '../i18n/format.js';

/** Gives react-aria components the interface language (for their own labels and date/number formats). */
export function AriaProviders({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  return <I18nProvider locale={intlLocale(i18n.resolvedLanguage ?? 'nl')}>{children}</I18nProvider>;
}
