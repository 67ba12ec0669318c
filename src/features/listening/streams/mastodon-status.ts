/**
 * Mastodon Status entities (docs.joinmastodon.org/entities/Status) to SourceItems, and the small
 * HTML-to-text step the matcher needs. Pure, no I/O; shared by the stream reader and the poll.
 */
import type { SourceItem } from '../sources/item.js';
import { primaryLanguage } from './jetstream-event.js';

/** The Status fields we read; the payload comes from the network, so all are checked. */
export type MastodonStatus = {
  id?: unknown;
  uri?: unknown;
  url?: unknown;
  created_at?: unknown;
  content?: unknown;
  spoiler_text?: unknown;
  language?: unknown;
  account?: { acct?: unknown; display_name?: unknown } | null;
  reblog?: MastodonStatus | null;
};

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  laquo: '«',
  raquo: '»',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  euro: '€',
  shy: '\u00ad',
  zwj: '\u200d',
  zwnj: '\u200c',
};

function decodeEntity(entity: string, body: string): string {
  if (body.startsWith('#')) {
    const code = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
    // Invalid code points (and NUL) become U+FFFD, as the HTML spec says.
    if (!Number.isInteger(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return '\ufffd';
    return String.fromCodePoint(code);
  }
  return NAMED_ENTITIES[body.toLowerCase()] ?? entity;
}

/**
 * Plain text of Mastodon's (already sanitised) status HTML: paragraphs become blank lines, `<br>`
 * new lines, tags go, entities are decoded. Links keep their full text (Mastodon splits long URLs
 * into invisible and ellipsis spans; dropping the tags joins them back). Not a general HTML parser:
 * comments and scripts do not occur in Mastodon content and are simply removed.
 */
export function htmlToText(html: string): string {
  const text = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|blockquote|li|h[1-6]|pre)\s*>/gi, '\n\n')
    .replace(/<li\b[^>]*>/gi, '• ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z]{2,8});/g, (entity, body: string) => decodeEntity(entity, body));
  return text
    .replace(/[ \t\u00a0]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Host of an instance URL, as Mastodon writes account domains (lower case, port kept). */
export function instanceDomain(instanceUrl: string): string {
  return new URL(instanceUrl).host.toLowerCase();
}

/**
 * The SourceItem for a status, or null when it lacks what makes an item (URI, content). A boost is
 * read as the boosted status. `localDomain` is added to local accounts' `acct` (`alice` →
 * `@alice@stad.example`) so authors are comparable across instances.
 */
export function statusToItem(input: MastodonStatus, localDomain: string): SourceItem | null {
  if (typeof input !== 'object' || input === null) return null;
  const status = typeof input.reblog === 'object' && input.reblog !== null ? input.reblog : input;
  const uri = status.uri;
  if (typeof uri !== 'string' || !/^https?:\/\//i.test(uri) || typeof status.content !== 'string') return null;

  const acct = status.account?.acct;
  let author: string | null = null;
  if (typeof acct === 'string' && acct !== '') author = acct.includes('@') ? `@${acct}` : `@${acct}@${localDomain}`;
  const displayName = status.account?.display_name;

  const content = htmlToText(status.content);
  // The content warning is text the author wrote too; the matcher should see it.
  const warning = typeof status.spoiler_text === 'string' ? status.spoiler_text.trim() : '';
  let publishedAt: Date | null = null;
  if (typeof status.created_at === 'string') {
    publishedAt = new Date(status.created_at);
    if (Number.isNaN(publishedAt.getTime())) publishedAt = null;
  }
  return {
    kind: 'mastodon',
    externalId: uri,
    url: typeof status.url === 'string' && /^https?:\/\//i.test(status.url) ? status.url : uri,
    author,
    authorDisplayName: typeof displayName === 'string' && displayName !== '' ? displayName : null,
    title: null,
    text: warning === '' ? content : `${warning}\n\n${content}`,
    language: primaryLanguage(status.language),
    publishedAt,
  };
}

/** Mastodon ids are decimal strings that sort by number; compare without losing precision. */
export function compareStatusIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A streaming frame, checked: what the reader needs to act on it. `stream` is a streamKey. */
export type StreamingMessage =
  | { type: 'status'; stream: string; statusId: string; status: MastodonStatus; edited: boolean }
  | { type: 'delete'; stream: string; statusId: string }
  | { type: 'error'; error: string }
  | { type: 'other' }
  | { type: 'malformed' };

/**
 * Reads one frame `{stream: [name, tag?], event, payload}`: `update`/`status.update` carry the
 * status as a JSON string, `delete` the bare id; `{error}` answers a refused subscription.
 */
export function parseStreamingMessage(text: string): StreamingMessage {
  let message: { stream?: unknown; event?: unknown; payload?: unknown; error?: unknown } | null;
  try {
    message = JSON.parse(text);
  } catch {
    return { type: 'malformed' };
  }
  if (typeof message !== 'object' || message === null) return { type: 'malformed' };
  if (message.error !== undefined) return { type: 'error', error: String(message.error).slice(0, 200) };
  const name: unknown[] = Array.isArray(message.stream) ? message.stream : [];
  if (typeof name[0] !== 'string') return { type: 'other' };
  const stream = typeof name[1] === 'string' ? `${name[0]}:${name[1].toLowerCase()}` : name[0];
  if (message.event === 'delete') {
    return typeof message.payload === 'string' ? { type: 'delete', stream, statusId: message.payload } : { type: 'malformed' };
  }
  if (message.event !== 'update' && message.event !== 'status.update') return { type: 'other' };
  let status: MastodonStatus | null;
  try {
    status = typeof message.payload === 'string' ? JSON.parse(message.payload) : null;
  } catch {
    return { type: 'malformed' };
  }
  if (typeof status !== 'object' || status === null || typeof status.id !== 'string') return { type: 'malformed' };
  return { type: 'status', stream, statusId: status.id, status, edited: message.event === 'status.update' };
}
