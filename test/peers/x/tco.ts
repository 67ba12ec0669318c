import { randomBytes } from 'node:crypto';
import twitterText from 'twitter-text';
import type { XUrlEntity } from './store.js';

/**
 * What X does to a tweet's text before storing and returning it (the `text` field of API v2):
 * - every URL twitter-text finds (with or without scheme) is replaced by a `https://t.co/…` link;
 *   `entities.urls[]` keeps the original as `expanded_url` (`http://` added when it had no
 *   scheme) and a shortened `display_url`;
 * - a tweet with media gets one more t.co link appended after a space, pointing at the photo
 *   (`entities.urls[]` entry with `media_key`, `display_url` `pic.x.com/…`);
 * - `&`, `<` and `>` come back HTML-escaped (`&amp;`, `&lt;`, `&gt;`).
 * Entity `start`/`end` count code points of the returned text.
 */

function tcoUrl(): string {
  return `https://t.co/${randomBytes(8).toString('base64url').replace(/[-_]/g, 'a').slice(0, 10)}`;
}

function displayOf(url: string): string {
  const bare = url.replace(/^https?:\/\//i, '');
  return bare.length > 26 ? `${bare.slice(0, 25)}…` : bare;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const codePoints = (text: string): number => [...text].length;

export function wrapForX(submitted: string, media: { tweetUrl: string; mediaKeys: string[] } | null): { text: string; urls: XUrlEntity[] } {
  const found = twitterText.extractUrlsWithIndices(submitted);
  let text = '';
  let cursor = 0;
  const urls: XUrlEntity[] = [];
  for (const { url, indices } of found) {
    const [start, end] = indices;
    text += escapeHtml(submitted.slice(cursor, start));
    const short = tcoUrl();
    const at = codePoints(text);
    text += short;
    const expanded = /^https?:\/\//i.test(url) ? url : `http://${url}`;
    urls.push({ start: at, end: at + codePoints(short), url: short, expanded_url: expanded, display_url: displayOf(url) });
    cursor = end;
  }
  text += escapeHtml(submitted.slice(cursor));
  const firstKey = media?.mediaKeys[0];
  if (media && firstKey) {
    const short = tcoUrl();
    text += text === '' ? '' : ' ';
    const at = codePoints(text);
    text += short;
    urls.push({
      start: at,
      end: at + codePoints(short),
      url: short,
      expanded_url: `${media.tweetUrl}/photo/1`,
      display_url: `pic.x.com/${short.slice('https://t.co/'.length)}`,
      media_key: firstKey,
    });
  }
  return { text, urls };
}
