/**
 * Turns the entries @extractus/feed-extractor found into SourceItems. The library detects the
 * format and parses the XML or JSON; its normalised entry is lossy for us (descriptions cut and
 * glued without spaces, the first Atom link even when it is `rel="edit"`, publication dates taken
 * from `updated`), so each entry also carries its raw parsed form (`raw`) and is mapped here.
 */
import { createHash } from 'node:crypto';
import { htmlToText, normaliseText, primaryLanguage } from './html-text.js';
import type { SourceItem } from './item.js';

export type FeedFormat = 'rss' | 'atom' | 'json';
export type RawNode = Record<string, unknown>;

/** What every format yields for one entry before it becomes a SourceItem. */
type EntryFields = {
  id: string | null;
  link: string | null;
  title: string;
  body: string;
  authors: Array<{ name: string | null; email: string | null }>;
  date: unknown;
  language: unknown;
};

function isNode(value: unknown): value is RawNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function list(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** Text of an element as fast-xml-parser gives it: a string, or `{ '#text', '@_attr' }`, or nested elements. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(textOf).join(' ');
  if (!isNode(value)) return '';
  if ('#text' in value) return textOf(value['#text']);
  // Inline XHTML (Atom type="xhtml") arrives as nested objects: gather their text, order as parsed.
  return Object.entries(value)
    .filter(([key]) => !key.startsWith('@_'))
    .map(([, child]) => textOf(child))
    .join(' ');
}

function attribute(value: unknown, name: string): string | null {
  const found = isNode(value) ? value[`@_${name}`] : undefined;
  return typeof found === 'string' ? found : null;
}

/** Absolute http(s) URL, resolved against the feed's address; anything else → null. */
function absoluteUrl(value: string | null, base: string): string | null {
  if (!value?.trim()) return null;
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : null;
  } catch {
    return null;
  }
}

/** Time zone names RFC 822 dates carry that JavaScript's Date does not know (Belgian feeds use CET/CEST). */
const ZONE_OFFSETS: Record<string, string> = {
  CET: '+0100',
  CEST: '+0200',
  MET: '+0100',
  MEST: '+0200',
  WET: '+0000',
  WEST: '+0100',
  EET: '+0200',
  EEST: '+0300',
  BST: '+0100',
  UTC: '+0000',
};

export function parseFeedDate(value: unknown): Date | null {
  const text = textOf(value).trim();
  if (text === '') return null;
  const withOffset = text.replace(/\b([A-Z]{3,4})$/, (zone) => ZONE_OFFSETS[zone] ?? zone);
  const date = new Date(withOffset);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Atom text construct: `type="html"` is escaped HTML, `xhtml` inline markup, `text` (default) plain. */
function atomText(value: unknown): string {
  const type = attribute(value, 'type');
  return type === 'html' || type === 'text/html' ? htmlToText(textOf(value)) : normaliseText(textOf(value));
}

/** RSS `author` is "email (Name)" or either half; `dc:creator` is a name. */
function rssAuthor(value: string): { name: string | null; email: string | null } {
  const match = /^\s*([^\s()]+@[^\s()]+)\s*(?:\((.+)\))?\s*$/.exec(value);
  if (match) return { email: match[1] ?? null, name: match[2]?.trim() || null };
  return { name: value.trim() || null, email: null };
}

function atomAuthors(value: unknown): EntryFields['authors'] {
  return list(value).map((author) => {
    const node = isNode(author) ? author : {};
    return { name: normaliseText(textOf(node.name)) || null, email: textOf(node.email).trim() || null };
  });
}

function jsonAuthors(node: RawNode): EntryFields['authors'] {
  // JSON Feed 1.1 has `authors`; 1.0 had a single `author`.
  return [...list(node.authors), ...list(node.author)].filter(isNode).map((author) => ({
    name: typeof author.name === 'string' ? normaliseText(author.name) || null : null,
    email: null,
  }));
}

function rssFields(raw: RawNode): EntryFields {
  const guid = textOf(raw.guid).trim() || textOf(raw['@_rdf:about']).trim() || null;
  // RSS 2.0: a guid is a permalink unless it says isPermaLink="false"; only an absolute URL can be one.
  const guidIsLink = guid !== null && attribute(raw.guid, 'isPermaLink') !== 'false' && /^https?:\/\//i.test(guid);
  const authors = [
    ...list(raw['dc:creator']).map((creator) => ({ name: normaliseText(textOf(creator)) || null, email: null })),
    ...list(raw.author).map((author) => rssAuthor(textOf(author))),
  ];
  return {
    id: guid,
    link: textOf(raw.link).trim() || (guidIsLink ? guid : null),
    title: htmlToText(textOf(raw.title)),
    body: htmlToText(textOf(raw['content:encoded']) || textOf(raw.description)),
    authors,
    date: raw.pubDate ?? raw['dc:date'],
    language: raw['dc:language'],
  };
}

function atomLink(value: unknown): string | null {
  const links = list(value).filter(isNode);
  const alternate = links.filter((link) => (attribute(link, 'rel') ?? 'alternate') === 'alternate');
  const best = alternate.find((link) => (attribute(link, 'type') ?? 'text/html').includes('html')) ?? alternate[0];
  return best ? attribute(best, 'href') : null;
}

function atomFields(raw: RawNode, feedRaw: RawNode): EntryFields {
  const authors = atomAuthors(raw.author);
  return {
    id: textOf(raw.id).trim() || null,
    link: atomLink(raw.link),
    title: atomText(raw.title),
    body: atomText(raw.content) || atomText(raw.summary),
    // An entry without its own author has the feed's (RFC 4287 §4.2.1).
    authors: authors.length > 0 ? authors : atomAuthors(feedRaw.author),
    date: raw.published ?? raw.updated ?? raw.issued ?? raw.modified,
    language: attribute(raw, 'xml:lang'),
  };
}

function jsonFields(raw: RawNode, feedRaw: RawNode): EntryFields {
  const authors = jsonAuthors(raw);
  const plain = (value: unknown) => (typeof value === 'string' ? normaliseText(value) : '');
  const id = typeof raw.id === 'string' || typeof raw.id === 'number' ? String(raw.id).trim() : '';
  return {
    id: id || null,
    link: (typeof raw.url === 'string' && raw.url) || (typeof raw.external_url === 'string' && raw.external_url) || null,
    title: plain(raw.title),
    body: (typeof raw.content_html === 'string' ? htmlToText(raw.content_html) : '') || plain(raw.content_text) || plain(raw.summary),
    authors: authors.length > 0 ? authors : jsonAuthors(feedRaw),
    date: raw.date_published ?? raw.date_modified,
    language: raw.language,
  };
}

function authorOf(authors: EntryFields['authors']): { author: string | null; authorDisplayName: string | null } {
  const names = authors.map((a) => a.name).filter((name): name is string => name !== null);
  const displayName = names.length > 0 ? [...new Set(names)].join(', ') : null;
  const firstEmail = authors.find((a) => a.email !== null)?.email ?? null;
  return { author: displayName ?? firstEmail, authorDisplayName: displayName };
}

/**
 * Maps one raw entry to a SourceItem. externalId: guid / id, else the link, else a hash of title
 * and text (an entry with none of those is still seen once, not on every read). text: the title,
 * a line break, then the full content when the feed gives it, else the description or summary.
 */
export function entryToItem(format: FeedFormat, raw: RawNode, feedRaw: RawNode, feedLanguage: unknown, feedUrl: string): SourceItem {
  const fields = format === 'rss' ? rssFields(raw) : format === 'atom' ? atomFields(raw, feedRaw) : jsonFields(raw, feedRaw);
  const url = absoluteUrl(fields.link, feedUrl);
  const text = [fields.title, fields.body].filter((part) => part !== '').join('\n');
  const externalId = fields.id ?? url ?? `sha256:${createHash('sha256').update(text).digest('hex')}`;
  return {
    kind: 'feed',
    externalId,
    url,
    ...authorOf(fields.authors),
    title: fields.title || null,
    text,
    language: primaryLanguage(fields.language) ?? primaryLanguage(feedLanguage),
    publishedAt: parseFeedDate(fields.date),
  };
}
