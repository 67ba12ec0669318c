/**
 * From fetched bytes to the plain text the matcher reads: character-set detection and decoding,
 * and HTML to text with block boundaries kept as line breaks. Shared by the feed reader and the
 * page watcher; no I/O.
 */
import { parseHTML } from 'linkedom';
import type { WebSubject } from './feed-reader-fetch.js';
import { SourceError } from './item.js';

/** Elements whose start and end separate words (a new line), not just inline runs of text. */
const BLOCK_TAGS = new Set([
  'ADDRESS',
  'ARTICLE',
  'ASIDE',
  'BLOCKQUOTE',
  'BR',
  'CAPTION',
  'DD',
  'DETAILS',
  'DIV',
  'DL',
  'DT',
  'FIELDSET',
  'FIGCAPTION',
  'FIGURE',
  'FOOTER',
  'FORM',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'HEADER',
  'HR',
  'LI',
  'MAIN',
  'NAV',
  'OL',
  'P',
  'PRE',
  'SECTION',
  'SUMMARY',
  'TABLE',
  'TD',
  'TH',
  'TR',
  'UL',
]);
/** Elements whose content is never text a reader sees. */
const SKIPPED_TAGS = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'HEAD', 'SVG', 'IFRAME', 'OBJECT', 'CANVAS']);

const TEXT_NODE = 3;
const ELEMENT_NODE = 1;

/** The minimal view of a DOM node this module walks (linkedom's nodes have these). */
export type TextNodeLike = { nodeType: number; nodeName: string; nodeValue: string | null; childNodes: ArrayLike<TextNodeLike> };

/**
 * Collapses runs of white space (non-breaking spaces included) inside each line, trims lines and
 * drops empty ones. Lines are kept: they are the paragraphs the page watcher compares.
 */
export function normaliseText(text: string): string {
  return text
    .split(/\r\n|[\n\r\u2028\u2029]/)
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

/** Visible text of a node and its descendants, one line per block element, normalised. */
export function nodeText(root: TextNodeLike): string {
  const parts: string[] = [];
  // An explicit stack, not recursion: hostile HTML can nest deeper than the call stack allows.
  const stack: Array<TextNodeLike | '\n'> = [root];
  while (stack.length > 0) {
    const node = stack.pop() as TextNodeLike | '\n';
    if (node === '\n') {
      parts.push('\n');
      continue;
    }
    if (node.nodeType === TEXT_NODE) {
      parts.push(node.nodeValue ?? '');
      continue;
    }
    if (node.nodeType !== ELEMENT_NODE && node !== root) continue;
    const name = node.nodeName.toUpperCase();
    if (SKIPPED_TAGS.has(name)) continue;
    const block = BLOCK_TAGS.has(name);
    if (block) {
      parts.push('\n');
      stack.push('\n');
    }
    const children = node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as TextNodeLike);
  }
  return normaliseText(parts.join(''));
}

/**
 * Plain text of an HTML fragment or document: tags stripped, entities decoded, scripts and styles
 * left out, block elements on their own lines. Text without markup is only normalised.
 */
export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return normaliseText(html);
  const { document } = parseHTML(`<!doctype html><html><head></head><body>${html}</body></html>`);
  return nodeText(document.body as unknown as TextNodeLike);
}

// ---------------------------------------------------------------------------
// Character sets

export type Sniffing = 'xml' | 'html';

/** Reads a character set label from a Content-Type value (`text/xml; charset=ISO-8859-1`). */
export function headerCharset(contentType: string | null): string | null {
  const match = contentType ? /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType) : null;
  return match?.[1] ?? null;
}

function bomCharset(body: Uint8Array): string | null {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  return null;
}

/** The label in the document itself: the XML declaration, or an HTML `<meta>` in the first kilobyte. */
function documentCharset(body: Buffer, sniffing: Sniffing): string | null {
  const head = body.subarray(0, 1024).toString('latin1');
  const match =
    sniffing === 'xml'
      ? /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head)
      : /<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(head);
  return match?.[1] ?? null;
}

/** The WHATWG encoding a label names, or null when TextDecoder does not know it. */
function encodingOf(label: string): string | null {
  try {
    return new TextDecoder(label).encoding;
  } catch {
    return null;
  }
}

function decodeStrict(body: Uint8Array, encoding: string): string | null {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(body);
  } catch {
    return null;
  }
}

/**
 * Decodes a fetched body. Order: byte-order mark, then the HTTP `charset`, then what the document
 * declares (XML declaration or HTML `<meta>`); the first of those the bytes are valid in wins, so
 * a server that stamps `charset=utf-8` on a Latin-1 feed whose XML declaration is right still
 * reads correctly. Nothing declared: UTF-8 if the bytes are valid UTF-8, else Windows-1252 (what
 * browsers assume, and what old Belgian sites mean; ISO-8859-1 labels decode as Windows-1252 too,
 * per the WHATWG Encoding standard). `subject` picks the error messages ("the feed uses …").
 */
export function decodeBody(body: Buffer, contentType: string | null, sniffing: Sniffing, subject: WebSubject): string {
  const bom = bomCharset(body);
  if (bom) return new TextDecoder(bom).decode(body); // the decoder drops the BOM itself

  const declared = [headerCharset(contentType), documentCharset(body, sniffing)].filter((label): label is string => label !== null);
  const encodings = [...new Set(declared.map(encodingOf).filter((encoding): encoding is string => encoding !== null))];
  if (declared.length > 0 && encodings.length === 0) {
    throw new SourceError(subject === 'feed' ? 'feed_charset_unknown' : 'page_charset_unknown', {
      charset: declared[0]?.slice(0, 40) ?? '',
    });
  }
  for (const encoding of encodings) {
    const text = decodeStrict(body, encoding);
    if (text !== null) return text;
  }
  if (encodings.length > 0) {
    // Two names only when the header and the document disagree and neither fits: rare, and a slash reads in every language.
    throw new SourceError(subject === 'feed' ? 'feed_charset_invalid' : 'page_charset_invalid', { encodings: encodings.join(' / ') });
  }
  return decodeStrict(body, 'utf-8') ?? new TextDecoder('windows-1252').decode(body);
}

/** `nl-BE`, `NL`, `nl_be` → `nl`; anything that is not a language subtag → null. */
export function primaryLanguage(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const primary = value.trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return /^[a-z]{2,3}$/.test(primary) ? primary : null;
}
