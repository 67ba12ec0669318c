import type { Language } from '../../features/registry/schema.js';
import type { MediaItem } from '../connector.js';

/**
 * The text Kanaal sends to Viva Engage, and how a message read back is compared with it.
 *
 * Alt text: the Yammer REST API has no description field for files (neither `uploadSmallFile` nor
 * `messages.json` takes one, and an uploaded image shows only its file name), so a description
 * sent anywhere else would never reach a person using a screen reader. It goes where everyone
 * can read it: appended to the message, one line per image, after a blank line —
 * "Afbeelding 1: Kaart van de omleiding". The label follows the post's language; without one it is
 * "Image", the same word in French and English. A single image gets no number.
 */

const IMAGE_LABEL: Record<Language, string> = { nl: 'Afbeelding', fr: 'Image', de: 'Bild', en: 'Image' };

export function messageBody(text: string, media: readonly Pick<MediaItem, 'altText'>[], language?: Language): string {
  const described = media.map((item) => item.altText.replace(/\s+/g, ' ').trim());
  if (described.every((alt) => alt === '')) return text;
  const label = language ? IMAGE_LABEL[language] : 'Image';
  const lines = described.flatMap((alt, i) => (alt === '' ? [] : [`${label}${media.length > 1 ? ` ${i + 1}` : ''}: ${alt}`]));
  return `${text.replace(/\s+$/, '')}\n\n${lines.join('\n')}`;
}

/**
 * Text as compared after a round trip: Yammer may turn line endings into \n and trim the message;
 * Unicode is compared in NFC, and runs of spaces at line ends are not significant.
 */
export function comparableText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+\n/g, '\n')
    .trim();
}

/** Yammer's `created_at`: "2024/03/01 10:00:00 +0000" (also accepts ISO 8601). NaN when unreadable. */
export function parseYammerTime(value: unknown): number {
  if (typeof value !== 'string') return Number.NaN;
  const match = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})$/.exec(value.trim());
  if (!match) return Date.parse(value);
  const [, y, mo, d, h, mi, s, sign, oh, om] = match;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const offsetMs = (Number(oh) * 60 + Number(om)) * 60_000 * (sign === '-' ? -1 : 1);
  return utc - offsetMs;
}

/**
 * JSON.parse, with integer ids of 16 digits or more kept as strings: Yammer ids are 64-bit
 * integers sent as JSON numbers, and a double keeps only 53 bits.
 */
export function parseYammerJson(text: string): unknown {
  return JSON.parse(text.replace(/("(?:id|[a-z_]+_id)"\s*:\s*)(-?\d{16,})(?=\s*[,}\]])/g, '$1"$2"'));
}

/** An id as a string, whether Yammer sent a number or a string. */
export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
