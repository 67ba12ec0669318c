/**
 * Listening source: an RSS 2.0 (or RSS 1.0/RDF), Atom or JSON Feed address. One call is one poll:
 * a conditional GET through safeFetch, character-set detection, parsing with
 * @extractus/feed-extractor, and one SourceItem per entry. It reports every entry the feed holds
 * now; telling new entries from ones already seen (by externalId) is the caller's job.
 */
import { extractFromJson, extractFromXml, type FeedData, type ParserOptions } from '@extractus/feed-extractor';
import { entryToItem, type FeedFormat, type RawNode } from './feed-reader-entries.js';
import { fetchConditional, type HttpValidators, type WebSourceOptions, withCause } from './feed-reader-fetch.js';
import { decodeBody, normaliseText } from './html-text.js';
import { type SourceItem, SourceError } from './item.js';

export type { WebSourceOptions } from './feed-reader-fetch.js';

/** What is kept between two reads of a feed: the HTTP validators of the last full answer. */
export type FeedState = HttpValidators;

export type FeedRead = {
  /** Every entry in the feed, in feed order; empty when the feed did not change (304). */
  items: SourceItem[];
  /** Pass this to the next readFeed call. */
  state: FeedState;
  notModified: boolean;
  /** The feed's own title, for showing the source (null on 304 or when it has none). */
  feedTitle: string | null;
};

const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

/**
 * Reads the feed at `url`. Sends the validators in `state` so an unchanged feed answers 304 (→ no
 * items). Never throws anything but a SourceError whose `reason` a person can read.
 */
export async function readFeed(url: string, state: FeedState | null, options: WebSourceOptions = {}): Promise<FeedRead> {
  const fetched = await fetchConditional(url, state, options, FEED_ACCEPT, 'feed');
  if (fetched.notModified) return { items: [], state: fetched.validators, notModified: true, feedTitle: null };
  const { response } = fetched;
  try {
    const text = decodeBody(response.body, response.contentType, 'xml', 'feed');
    const items = parseFeed(text, response.contentType, response.url);
    return { ...items, state: fetched.validators, notModified: false };
  } catch (error) {
    if (error instanceof SourceError) throw error;
    // A bug of ours or of the parser on odd input: still a reason a person can read, cause kept for logs.
    throw withCause(new SourceError('feed_unreadable'), error);
  }
}

/**
 * Parses decoded feed text (exported for tests and for a "preview this feed" screen). `baseUrl`
 * resolves relative links.
 */
export function parseFeed(text: string, contentType: string | null, baseUrl: string): Pick<FeedRead, 'items' | 'feedTitle'> {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (body === '') throw new SourceError('feed_empty');

  let format: FeedFormat;
  let data: FeedData;
  const feedRaw: { value: RawNode } = { value: {} };
  const entriesRaw: RawNode[] = [];
  const parserOptions: ParserOptions = {
    descriptionMaxLen: 0,
    // Tag values stay strings: a numeric guid like 12345678901234567890 must not become a float.
    xmlParserOptions: { parseTagValue: false, htmlEntities: true },
    getExtraFeedFields: (raw) => {
      feedRaw.value = raw;
      return {};
    },
    getExtraEntryFields: (raw) => {
      entriesRaw.push(raw);
      return {};
    },
  };

  // The first character decides, not the Content-Type: servers label feeds wrongly all the time.
  if (body.startsWith('{') || body.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      throw new SourceError(mediaType.endsWith('json') ? 'feed_invalid_json' : 'not_a_feed');
    }
    if (!isJsonFeed(json)) throw new SourceError('not_a_feed');
    format = 'json';
    data = extractFromJson(json, parserOptions);
  } else if (looksLikeHtml(body, mediaType)) {
    throw new SourceError('feed_is_web_page');
  } else if (body.startsWith('<')) {
    try {
      data = extractFromXml(body, parserOptions);
    } catch (error) {
      const message = error instanceof Error ? error.message : '';
      if (/not well-formed/.test(message)) throw withCause(new SourceError('feed_invalid_xml'), error);
      // The library only recognises Atom with at least one <entry>: an empty Atom feed is not an error.
      if (isEmptyAtomFeed(body)) return { items: [], feedTitle: null };
      throw withCause(new SourceError('not_a_feed'), error);
    }
    // RSS 1.0 (RDF) items have the RSS 2.0 element names, so they map as 'rss'.
    format = isAtomRoot(body) ? 'atom' : 'rss';
  } else {
    throw new SourceError('not_a_feed');
  }

  const feedLanguage = data.language || textValue(feedRaw.value['dc:language']);
  const items = entriesRaw
    .map((raw) => entryToItem(format, raw, feedRaw.value, feedLanguage, baseUrl))
    // An entry with no id, no link and no text (`<item/>`) is nothing to listen to.
    .filter((item) => item.text !== '' || !item.externalId.startsWith('sha256:'));
  return { items, feedTitle: normaliseText(typeof data.title === 'string' ? data.title : '') || null };
}

function textValue(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** JSON Feed: a `version` on jsonfeed.org, or at least an `items` array (some servers omit the version). */
function isJsonFeed(json: unknown): json is Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return false;
  const { version, items } = json as Record<string, unknown>;
  if (typeof version === 'string' && /^https?:\/\/jsonfeed\.org\/version\//.test(version)) return true;
  return Array.isArray(items);
}

function looksLikeHtml(body: string, mediaType: string): boolean {
  if (mediaType === 'text/html') return true;
  return /^(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html[\s>])/i.test(body);
}

/** Skips the XML declaration, comments, processing instructions and a doctype, then checks `<feed`. */
function isAtomRoot(body: string): boolean {
  const prolog = /^(?:\s*(?:<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>))*\s*<([A-Za-z_][\w.:-]*)/.exec(body);
  const name = prolog?.[1] ?? '';
  return name === 'feed' || name.endsWith(':feed');
}

function isEmptyAtomFeed(body: string): boolean {
  return isAtomRoot(body) && body.includes('http://www.w3.org/2005/Atom') && !/<(?:\w+:)?entry[\s>]/.test(body);
}
