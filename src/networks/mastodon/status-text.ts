/**
 * Mastodon serves a status as HTML (`content`), made from the text that was posted: escaped,
 * links wrapped in spans (the full URL survives in the `invisible` parts), hashtags and mentions
 * wrapped in links, paragraphs as `<p>` and single newlines as `<br />`. To recognise a post we
 * made, we turn that HTML back into text and compare it with what we sent, both in a canonical
 * form that ignores only what Mastodon's formatting itself changes.
 */

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(html: string): string {
  return html.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** The plain text of a status' `content` HTML. */
export function statusHtmlToText(html: string): string {
  const text = html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p[^>]*>/gi, '\n\n')
    .replace(/<\/?p[^>]*>/gi, '')
    .replace(/<[^>]*>/g, '');
  return decodeEntities(text);
}

/**
 * Canonical form for comparing what we posted with what Mastodon shows: line endings unified,
 * trailing spaces and surrounding blank lines dropped, runs of blank lines as one paragraph
 * break (Rails' simple_format), and remote mentions as `@user` (Mastodon shows a resolved remote
 * account without its domain).
 */
export function comparableText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/(^|[^\p{L}\p{N}_/@])@([a-z0-9_]+(?:[a-z0-9_.-]*[a-z0-9_])?)@[a-z0-9-]+(?:\.[a-z0-9-]+)+/giu, '$1@$2')
    .trim();
}
