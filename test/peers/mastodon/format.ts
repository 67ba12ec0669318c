/**
 * Plain text → status HTML and the 500-character count, the way Mastodon does it, so that a client
 * that reads `content` back (to find a post it may have made) meets the same markup as on a real
 * instance.
 *
 * - Formatting follows Mastodon's TextFormatter: the text is HTML-escaped, links become
 *   `<a …><span class="invisible">https://</span><span class="">host/path</span>…</a>` (the visible
 *   part cut at 30 characters behind an `ellipsis` span, the rest kept in an `invisible` span),
 *   `#tags` link to /tags/…, `@user` mentions of local accounts link to the profile (unknown
 *   mentions stay text, as on an instance that cannot resolve them), and then Rails'
 *   simple_format: paragraphs split on blank lines, single newlines become `<br />`.
 * - Counting follows StatusLengthValidator: spoiler text plus the text in which every URL counts
 *   as 23 characters and a mention `@user@domain` as `@user`, counted in grapheme clusters.
 */

export const URL_PLACEHOLDER_CHARS = 23;

type Entity = { start: number; end: number } & (
  | { kind: 'url'; url: string }
  | { kind: 'tag'; tag: string }
  | { kind: 'mention'; username: string; domain: string | null }
);

const URL_PATTERN = /https?:\/\/[^\s<>"'`]+/giu;
const HASHTAG_PATTERN = /(^|[^\p{L}\p{N}_/&#])#([\p{L}\p{N}_]*[\p{L}_][\p{L}\p{N}_]*)/giu;
const MENTION_PATTERN = /(^|[^\p{L}\p{N}_/@])@([a-z0-9_]+(?:[a-z0-9_.-]*[a-z0-9_])?)(?:@([a-z0-9-]+(?:\.[a-z0-9-]+)+))?/giu;
/** Punctuation that ends a sentence rather than a URL. */
const URL_TRAILING = /[.,;:!?'")\]}]+$/u;

function extractEntities(text: string): Entity[] {
  const urls: Entity[] = [];
  for (const match of text.matchAll(URL_PATTERN)) {
    let url = match[0];
    // Keep a closing parenthesis that closes one opened inside the URL (Wikipedia links).
    const trailing = URL_TRAILING.exec(url)?.[0] ?? '';
    if (trailing) {
      const opens = (url.match(/\(/g) ?? []).length;
      const closes = (url.match(/\)/g) ?? []).length;
      url = trailing.startsWith(')') && opens === closes ? url.slice(0, url.length - trailing.length + 1) : url.slice(0, -trailing.length);
    }
    if (/^https?:\/\/[^/?#]*[a-z0-9]/iu.test(url)) urls.push({ kind: 'url', url, start: match.index, end: match.index + url.length });
  }
  const others: Entity[] = [];
  for (const match of text.matchAll(HASHTAG_PATTERN)) {
    const start = match.index + (match[1]?.length ?? 0);
    others.push({ kind: 'tag', tag: match[2] ?? '', start, end: start + 1 + (match[2]?.length ?? 0) });
  }
  for (const match of text.matchAll(MENTION_PATTERN)) {
    const start = match.index + (match[1]?.length ?? 0);
    const length = match[0].length - (match[1]?.length ?? 0);
    others.push({ kind: 'mention', username: match[2] ?? '', domain: match[3] ?? null, start, end: start + length });
  }
  // URLs win over anything inside them (a `#fragment`, an `@` in a path).
  const kept = [...urls, ...others.filter((e) => !urls.some((u) => e.start < u.end && u.start < e.end))];
  return kept.sort((a, b) => a.start - b.start);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

function linkHtml(url: string): string {
  const prefix = /^https?:\/\/(www\.)?/iu.exec(url)?.[0] ?? '';
  const display = url.slice(prefix.length);
  const visible = display.length > 30 ? display.slice(0, 30) : display;
  const rest = display.length > 30 ? display.slice(30) : '';
  const middle = rest ? `<span class="ellipsis">${escapeHtml(visible)}</span>` : `<span class="">${escapeHtml(visible)}</span>`;
  return (
    `<a href="${escapeHtml(url)}" target="_blank" rel="nofollow noopener" translate="no">` +
    `<span class="invisible">${escapeHtml(prefix)}</span>${middle}<span class="invisible">${escapeHtml(rest)}</span></a>`
  );
}

export type FormatContext = {
  baseUrl: string;
  /** Local accounts by lower-cased username: only these mentions become links. */
  localUsernames: ReadonlySet<string>;
  localDomain: string;
};

/** The `content` Mastodon serves for a status written as `text`. */
export function textToHtml(text: string, context: FormatContext): string {
  if (text.trim() === '') return '';
  const normalised = text.replace(/\r\n?/g, '\n');
  let html = '';
  let cursor = 0;
  for (const entity of extractEntities(normalised)) {
    html += escapeHtml(normalised.slice(cursor, entity.start));
    const source = normalised.slice(entity.start, entity.end);
    if (entity.kind === 'url') {
      html += linkHtml(entity.url);
    } else if (entity.kind === 'tag') {
      const href = `${context.baseUrl}/tags/${encodeURIComponent(entity.tag.toLowerCase())}`;
      html += `<a href="${escapeHtml(href)}" class="mention hashtag" rel="tag">#<span>${escapeHtml(entity.tag)}</span></a>`;
    } else {
      const local = entity.domain === null || entity.domain.toLowerCase() === context.localDomain.toLowerCase();
      if (local && context.localUsernames.has(entity.username.toLowerCase())) {
        const href = `${context.baseUrl}/@${entity.username}`;
        html += `<span class="h-card" translate="no"><a href="${escapeHtml(href)}" class="u-url mention">@<span>${escapeHtml(entity.username)}</span></a></span>`;
      } else {
        html += escapeHtml(source);
      }
    }
    cursor = entity.end;
  }
  html += escapeHtml(normalised.slice(cursor));
  return simpleFormat(html);
}

/** Rails' simple_format as Mastodon calls it (then with the newlines deleted). */
function simpleFormat(html: string): string {
  const paragraphs = html.split(/\n\n+/).map((p) => p.replace(/([^\n]\n)(?=[^\n])/g, '$1<br />'));
  return paragraphs
    .map((p) => `<p>${p}</p>`)
    .join('')
    .replace(/\n/g, '');
}

/** Length as StatusLengthValidator counts it: spoiler text + text with URLs as 23 and mentions without domain. */
export function countableLength(text: string, spoilerText = ''): number {
  let countable = '';
  let cursor = 0;
  for (const entity of extractEntities(text)) {
    if (entity.kind === 'tag') continue;
    countable += text.slice(cursor, entity.start);
    countable += entity.kind === 'url' ? 'x'.repeat(URL_PLACEHOLDER_CHARS) : `@${entity.username}`;
    cursor = entity.end;
  }
  countable += text.slice(cursor);
  const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return [...segmenter.segment(spoilerText + countable)].length;
}
