import twitterText from 'twitter-text';

/**
 * X stores and returns a tweet's text changed (see test/peers/x/tco.ts for the peer's copy of
 * it): every link wrapped as `https://t.co/…` (the original in `entities.urls[].expanded_url`,
 * with `http://` added when the author wrote none), a t.co link to the photo appended when the
 * tweet has media (`entities.urls[]` entry with `media_key`), `&<>` HTML-escaped. To recognise
 * our own tweet, undo that, then compare both texts in a form where these differences vanish.
 */

export type XUrlEntity = { url: string; expanded_url?: string; media_key?: string };

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>' };

/** The text as it was sent, as far as X's reply lets us rebuild it. */
export function tweetTextAsSent(text: string, urls: readonly XUrlEntity[] = []): string {
  let result = text;
  for (const entity of urls) {
    if (!entity.url) continue;
    if (entity.media_key) {
      result = result.replace(new RegExp(`\\s?${escapeRegExp(entity.url)}`), '');
    } else {
      result = result.split(entity.url).join(entity.expanded_url ?? entity.url);
    }
  }
  return result.replace(/&(amp|lt|gt);/g, (m) => ENTITIES[m] ?? m);
}

/**
 * NFC, whitespace runs as one space, trimmed; every link without its scheme (X writes
 * `http://example.be` for `example.be`).
 */
export function comparableText(text: string): string {
  const normalised = text.normalize('NFC');
  let result = '';
  let cursor = 0;
  for (const { url, indices } of twitterText.extractUrlsWithIndices(normalised)) {
    result += normalised.slice(cursor, indices[0]) + url.replace(/^https?:\/\//i, '');
    cursor = indices[1];
  }
  return (result + normalised.slice(cursor)).replace(/\s+/g, ' ').trim();
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
