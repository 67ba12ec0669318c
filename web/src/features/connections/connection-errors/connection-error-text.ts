import type { UiLocale } from '../../../api/types.js';
import { momentInZone } from '../time.js';
import { codedText, type SaidText } from '../../../i18n/coded-text.js';
import { connectionErrorMessages } from './messages.js';

/** Where the sentence is read: the interface language and the organisation's time zone. */
export type ReadingPlace = { locale: UiLocale; timeZone: string };

/**
 * A channel's last connection problem in the interface language, from the code and parameters the
 * server stored with it. Numbers are written the local way; a value named `…At` is an instant,
 * written as a date and time in the organisation's zone (the server's English says UTC). Without a
 * code (an error older than codes), with a code this version does not know, or with a parameter
 * missing, the server's English sentence is shown as it is, marked `lang: 'en'`.
 */
export function connectionErrorText(
  place: ReadingPlace,
  code: string | null,
  params: Readonly<Record<string, string | number>> | null,
  fallbackEnglish: string,
): SaidText {
  return codedText(connectionErrorMessages, place.locale, code, params, fallbackEnglish, (name, value) =>
    name.endsWith('At') ? momentInZone(value, place.timeZone, place.locale) : value,
  );
}
