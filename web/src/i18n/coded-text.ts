import type { UiLocale } from '../api/types.js';

/** Values of a coded sentence, as the server stored them next to its English. */
export type CodedParams = Readonly<Record<string, string | number>>;

/** Sentences per code with `{{name}}` placeholders, one catalogue per interface language. */
export type CodedCatalogue = Readonly<Record<UiLocale, Readonly<Record<string, string>>>>;

/** What to show, and `lang: 'en'` when it is the server's English rather than the interface language. */
export type SaidText = { text: string; lang: 'en' | undefined };

const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/**
 * A failure the server gave as a code with values, in the interface language. Without a code (a
 * failure older than codes), with a code this version does not know, or with a value missing, it
 * is the server's English sentence as it is. Numbers are written the local way ("0,8").
 *
 * Every catalogue of coded failures binds its own messages to it (listening sources, alert
 * deliveries, impersonation scans, channel connections; the server side is src/kit/coded-text.ts).
 */
export function codedText(
  catalogue: CodedCatalogue,
  locale: UiLocale,
  code: string | null,
  params: CodedParams | null,
  fallbackEnglish: string,
  /** Writes some text values its own way (an instant in the reader's time zone). */
  formatText?: (name: string, value: string) => string,
): SaidText {
  const english: SaidText = { text: fallbackEnglish, lang: 'en' };
  const messages = catalogue[locale];
  const sentence = code !== null && Object.hasOwn(messages, code) ? messages[code] : undefined;
  if (sentence === undefined) return english;
  const values = params ?? {};
  // The bare language writes decimals as nl-BE and fr-BE do, and keeps this module free of the app's i18n setup.
  const number = new Intl.NumberFormat(locale, { useGrouping: false });
  let complete = true;
  const text = sentence.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name];
    if (value === undefined) {
      complete = false;
      return '';
    }
    if (typeof value === 'number') return number.format(value);
    return formatText ? formatText(name, value) : value;
  });
  return complete ? { text, lang: undefined } : english;
}
