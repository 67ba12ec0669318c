/**
 * Listening source: a web page watched for changes. One call is one check: a conditional GET
 * through safeFetch, the watched text (the elements a CSS selector picks, else the main content
 * Readability finds, else the whole body), normalised and hashed with SHA-256.
 *
 * - First check (no previous state): sets the baseline, yields no item. What was on the page
 *   before anyone watched it is not news.
 * - Same hash (or 304): no item.
 * - New hash: one item whose text is what was ADDED — the lines (paragraphs, list items, cells)
 *   of the new text that were not in the previous text, kept in the state for that purpose. A
 *   change that only removes or reorders lines adds nothing to listen to: it moves the baseline
 *   and yields no item. Without a previous text (a state stored without one) the whole text is
 *   the item's text.
 *
 * The state holds at most MAX_TEXT_CHARS of text; a page whose watched text is longer is hashed
 * and compared on its first MAX_TEXT_CHARS (pick a selector for such pages).
 * When the selector of a watched page changes, start again from `null` state: the old hash
 * describes other text.
 */
import { createHash } from 'node:crypto';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { fetchConditional, type WebSourceOptions, withCause } from './feed-reader-fetch.js';
import { decodeBody, htmlToText, nodeText, normaliseText, primaryLanguage, type TextNodeLike } from './html-text.js';
import { type SourceItem, SourceError } from './item.js';

export type PageState = {
  /** SHA-256 (hex) of the normalised watched text. */
  contentHash: string;
  etag: string | null;
  lastModified: string | null;
  /** The normalised watched text, to tell what a change added. Optional: older states may lack it. */
  text?: string | null;
};

export type PageCheckOptions = WebSourceOptions & {
  /** CSS selector of the part to watch; every matching element counts, in page order. */
  selector?: string;
  /** Time the change is recorded at (the item's publishedAt). Default: now. */
  now?: Date;
};

export type PageCheck = {
  /** Set only when the watched text changed and the change added text. */
  item: SourceItem | null;
  /** Pass this to the next checkPage call. */
  state: PageState;
  outcome: 'baseline' | 'unchanged' | 'changed';
};

export const MAX_TEXT_CHARS = 200_000;
const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.5';
const HTML_TYPES = new Set(['', 'text/html', 'application/xhtml+xml']);

/**
 * Checks the page at `url` against `previous`. Never throws anything but a SourceError whose
 * `reason` a person can read (a selector that is invalid or matches nothing included).
 */
export async function checkPage(url: string, previous: PageState | null, options: PageCheckOptions = {}): Promise<PageCheck> {
  const fetched = await fetchConditional(url, previous, options, PAGE_ACCEPT, 'page');
  if (fetched.notModified) {
    if (!previous) throw new SourceError('page_not_modified_first', {}, { status: 304 });
    return { item: null, state: { ...previous, ...fetched.validators }, outcome: 'unchanged' };
  }
  const { response } = fetched;
  const mediaType = (response.contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!HTML_TYPES.has(mediaType)) throw new SourceError('page_not_html', { mediaType: mediaType.slice(0, 60) });

  let snapshot: { title: string | null; language: string | null; text: string };
  try {
    const html = decodeBody(response.body, response.contentType, 'html', 'page');
    snapshot = watchedText(html, options.selector);
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw withCause(new SourceError('page_unreadable'), error);
  }

  const contentHash = createHash('sha256').update(snapshot.text).digest('hex');
  const state: PageState = { contentHash, ...fetched.validators, text: snapshot.text };
  if (!previous) return { item: null, state, outcome: 'baseline' };
  if (previous.contentHash === contentHash) return { item: null, state, outcome: 'unchanged' };

  const added = addedLines(previous.text, snapshot.text);
  const item: SourceItem | null =
    added === ''
      ? null
      : {
          kind: 'page',
          externalId: `${url}#${contentHash}`,
          url: response.url,
          author: null,
          authorDisplayName: null,
          title: snapshot.title,
          text: added,
          language: snapshot.language,
          publishedAt: options.now ?? new Date(),
        };
  return { item, state, outcome: 'changed' };
}

/** Lines of `text` that were not in `previousText`; all of `text` when there is no previous text. */
export function addedLines(previousText: string | null | undefined, text: string): string {
  if (previousText === null || previousText === undefined) return text;
  const before = new Set(previousText.split('\n'));
  return text
    .split('\n')
    .filter((line) => !before.has(line))
    .join('\n');
}

type ElementLike = TextNodeLike & { contains(other: unknown): boolean };

/** Title, language and the normalised watched text of an HTML document. */
export function watchedText(html: string, selector: string | undefined): { title: string | null; language: string | null; text: string } {
  // linkedom builds no <html> element for a fragment (or an empty reply): give it one.
  const page = /<html[\s>]/i.test(html) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`;
  const { document } = parseHTML(page);
  const title = normaliseText(document.title ?? '') || null;
  const language = primaryLanguage(document.documentElement?.getAttribute('lang'));

  let text: string;
  if (selector !== undefined && selector.trim() !== '') {
    text = selectedText(document, selector.trim());
  } else {
    text = mainText(page) ?? (document.body ? nodeText(document.body as unknown as TextNodeLike) : '');
  }
  return { title, language, text: capText(text) };
}

function selectedText(document: ReturnType<typeof parseHTML>['document'], selector: string): string {
  const shown = selector.length > 80 ? `${selector.slice(0, 80)}…` : selector;
  let nodes: ElementLike[];
  try {
    nodes = [...document.querySelectorAll(selector)] as unknown as ElementLike[];
  } catch (error) {
    throw withCause(new SourceError('selector_invalid', { selector: shown }), error);
  }
  if (nodes.length === 0) throw new SourceError('selector_empty', { selector: shown });
  // A selector can match an element and its descendant; count such text once.
  const outermost = nodes.filter((node) => !nodes.some((other) => other !== node && other.contains(node)));
  return outermost.map((node) => nodeText(node)).join('\n');
}

/** Readability's main content, or null when it finds none. It changes the DOM, so it gets its own copy. */
function mainText(html: string): string | null {
  const { document } = parseHTML(html);
  try {
    const article = new Readability(document as unknown as ConstructorParameters<typeof Readability>[0], {
      maxElemsToParse: 50_000,
    }).parse();
    const text = article?.content ? htmlToText(article.content) : '';
    return text === '' ? null : text;
  } catch {
    // Readability gives up on very large pages (maxElemsToParse): the body text will do.
    return null;
  }
}

function capText(text: string): string {
  if (text.length <= MAX_TEXT_CHARS) return text;
  const cut = text.lastIndexOf('\n', MAX_TEXT_CHARS);
  return text.slice(0, cut > 0 ? cut : MAX_TEXT_CHARS);
}
