import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { UiLocale } from '../api/types.js';

/** Belgian conventions for Dutch and French; British English for English. */
export const INTL_LOCALE: Record<UiLocale, string> = { nl: 'nl-BE', fr: 'fr-BE', en: 'en-GB' };

export function intlLocale(language: string): string {
  return INTL_LOCALE[language as UiLocale] ?? INTL_LOCALE.nl;
}

/** Parses `YYYY-MM-DD` as a calendar date (no time zone shift). */
export function parseDateOnly(value: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

/** Whole days between a `YYYY-MM-DD` date and today. */
export function daysSince(dateOnly: string, now = new Date()): number | null {
  const date = parseDateOnly(dateOnly);
  if (!date) return null;
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.floor((today - date.getTime()) / 86_400_000);
}

export type Formatters = ReturnType<typeof makeFormatters>;

function makeFormatters(language: string) {
  const locale = intlLocale(language);
  const number = new Intl.NumberFormat(locale);
  const compact = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  const date = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  const dateTime = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
  const list = new Intl.ListFormat(locale, { style: 'short', type: 'conjunction' });
  const languageNames = new Intl.DisplayNames([locale], { type: 'language' });
  return {
    locale,
    number: (value: number | null | undefined) => (value === null || value === undefined ? '—' : number.format(value)),
    compact: (value: number) => compact.format(value),
    /** A `YYYY-MM-DD` calendar date. */
    date: (value: string | null | undefined) => {
      if (!value) return '—';
      const parsed = parseDateOnly(value) ?? new Date(value);
      return Number.isNaN(parsed.getTime()) ? value : date.format(parsed);
    },
    /** A timestamp, shown in the browser's time zone. */
    dateTime: (value: string | null | undefined) => {
      if (!value) return '—';
      const parsed = new Date(value);
      return Number.isNaN(parsed.getTime()) ? value : dateTime.format(parsed);
    },
    list: (values: string[]) => list.format(values),
    languageName: (code: string) => {
      const name = languageNames.of(code) ?? code;
      return name.charAt(0).toLocaleUpperCase(locale) + name.slice(1);
    },
  };
}

/** Number and date formatting in the interface language. */
export function useFormatters(): Formatters {
  const { i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'nl';
  return useMemo(() => makeFormatters(language), [language]);
}
