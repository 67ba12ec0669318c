import { firedHighlights } from './highlights.js';
import type { AlertMode, AlertTrigger, SpikeNumbers } from './alert-schema.js';
import { type AlertLanguage, phrases } from './alert-phrases.js';
import type { FiredTerm } from './matcher/index.js';
import type { SourceKind } from './sources/item.js';

/**
 * The words of an alert (pure): subject, plain text, HTML and the webhook payload, in the
 * organisation's language (nl, fr, en; de falls back to en). Every mention shown carries an
 * excerpt around its first matched term with the matched terms marked (`*term*` in text,
 * `<mark>` in HTML, ranges in the payload) and a link to the mention in Kanaal.
 */

export type AlertMention = {
  id: string;
  kind: SourceKind;
  url: string | null;
  author: string | null;
  authorDisplayName: string | null;
  title: string | null;
  text: string;
  language: string | null;
  occurredAt: Date;
  fired: FiredTerm[];
};

export type AlertSetting = {
  language: AlertLanguage;
  timeZone: string;
  publicUrl: string;
  organisation: { id: string; name: string };
  watchlist: { id: string; name: string };
  rule: { id: string; name: string; mode: AlertMode };
};

export type AlertContent = {
  trigger: AlertTrigger;
  matchCount: number;
  /** The mentions shown (at most MAX_SHOWN). */
  mentions: AlertMention[];
  periodFrom: Date | null;
  periodTo: Date | null;
  spike: SpikeNumbers | null;
};

/** Mentions listed in one message; the rest is counted and linked. */
export const MAX_SHOWN = 20;
const EXCERPT_CHARS = 280;
const LEAD_CHARS = 80;

export type ExcerptHighlight = { start: number; end: number; term: string };
export type Excerpt = { excerpt: string; highlights: ExcerptHighlight[] };

/** Up to ~280 characters of `text` around its first matched term, with the matched ranges in the excerpt. */
export function excerptOf(text: string, fired: FiredTerm[]): Excerpt {
  const all = firedHighlights(text, fired).sort((a, b) => a.start - b.start || a.end - b.end);
  if (text.length <= EXCERPT_CHARS) {
    return { excerpt: text, highlights: all.map((h) => ({ start: h.start, end: h.end, term: h.term })) };
  }
  const first = all[0]?.start ?? 0;
  let from = Math.max(0, first - LEAD_CHARS);
  // Start at a word boundary, and never split a surrogate pair.
  if (from > 0) {
    const space = text.lastIndexOf(' ', from);
    from = space >= 0 && from - space < 20 ? space + 1 : from;
    if (/[\uDC00-\uDFFF]/.test(text[from] ?? '')) from += 1;
  }
  let to = Math.min(text.length, from + EXCERPT_CHARS);
  if (/[\uDC00-\uDFFF]/.test(text[to] ?? '')) to += 1;
  const prefix = from > 0 ? '…' : '';
  const suffix = to < text.length ? '…' : '';
  const excerpt = `${prefix}${text.slice(from, to)}${suffix}`;
  const shift = prefix.length - from;
  const highlights = all
    .filter((h) => h.start >= from && h.end <= to)
    .map((h) => ({ start: h.start + shift, end: h.end + shift, term: h.term }));
  return { excerpt, highlights };
}

/** `excerpt` with its highlights wrapped by `open`/`close`, every piece passed through `encode`. */
function marked(e: Excerpt, open: string, close: string, encode: (s: string) => string): string {
  let out = '';
  let at = 0;
  for (const h of e.highlights) {
    if (h.start < at) continue; // overlapping ranges: the first one wins
    out += encode(e.excerpt.slice(at, h.start)) + open + encode(e.excerpt.slice(h.start, h.end)) + close;
    at = h.end;
  }
  return out + encode(e.excerpt.slice(at));
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export const mentionLink = (publicUrl: string, mentionId: string) => `${publicUrl}/listening/mentions/${mentionId}`;
export const watchlistLink = (publicUrl: string, watchlistId: string) => `${publicUrl}/listening/watchlists/${watchlistId}`;
export const ruleLink = (publicUrl: string, watchlistId: string) => `${publicUrl}/listening/watchlists/${watchlistId}/alerts`;

/** The webhook body without what is known only once stored (alert id, delivery id, createdAt). */
export type AlertPayloadDraft = {
  type: 'alert';
  alert: { trigger: AlertTrigger; subject: string; language: AlertLanguage };
  organisation: { id: string; name: string };
  watchlist: { id: string; name: string; link: string };
  rule: { id: string; name: string; mode: AlertMode };
  matchCount: number;
  period: { from: string | null; to: string | null } | null;
  spike: SpikeNumbers | null;
  mentions: Array<{
    id: string;
    link: string;
    url: string | null;
    kind: SourceKind;
    author: string | null;
    authorDisplayName: string | null;
    title: string | null;
    language: string | null;
    occurredAt: string;
    excerpt: string;
    highlights: ExcerptHighlight[];
  }>;
  /** More matched than are listed in `mentions`. */
  truncated: boolean;
};

export type BuiltAlert = { subject: string; text: string; html: string; payload: AlertPayloadDraft };

/** Builds one alert message. */
export function buildAlert(setting: AlertSetting, content: AlertContent): BuiltAlert {
  const p = phrases(setting.language);
  const when = (d: Date) => p.formatDate(d, setting.timeZone);
  const wl = setting.watchlist.name;
  const shown = content.mentions.slice(0, MAX_SHOWN);
  const excerpts = shown.map((m) => excerptOf(m.text, m.fired));
  const subject = p.subject(content.trigger, setting.rule.mode, { watchlist: wl, n: content.matchCount, spike: content.spike });
  const intro = p.intro(content.trigger, {
    watchlist: wl,
    rule: setting.rule.name,
    n: content.matchCount,
    from: content.periodFrom ? when(content.periodFrom) : '',
    to: content.periodTo ? when(content.periodTo) : '',
    spike: content.spike,
    formatDate: when,
  });
  const listLink = watchlistLink(setting.publicUrl, setting.watchlist.id);
  const more = content.matchCount - shown.length;

  const textBlocks = shown.map((m, i) => {
    const e = excerpts[i] as Excerpt;
    const who = m.authorDisplayName ?? m.author;
    const head = [m.title, who ? p.by(who) : null, when(m.occurredAt)].filter(Boolean).join(' · ');
    const lines = [head, marked(e, '*', '*', (s) => s), `${p.openInKanaal}: ${mentionLink(setting.publicUrl, m.id)}`];
    if (m.url) lines.push(`${p.original}: ${m.url}`);
    return lines.join('\n');
  });
  const footer = p.footer(setting.rule.name, setting.organisation.name, ruleLink(setting.publicUrl, setting.watchlist.id));
  const text = [intro, ...textBlocks, ...(more > 0 ? [p.more(more, listLink)] : []), '--', footer].join('\n\n');

  const htmlBlocks = shown.map((m, i) => {
    const e = excerpts[i] as Excerpt;
    const who = m.authorDisplayName ?? m.author;
    const head = [m.title, who ? p.by(who) : null, when(m.occurredAt)]
      .filter(Boolean)
      .map((s) => escapeHtml(String(s)))
      .join(' · ');
    const original = m.url ? ` · <a href="${escapeHtml(m.url)}">${escapeHtml(p.original)}</a>` : '';
    return (
      `<li><p><small>${head}</small></p><p>${marked(e, '<mark>', '</mark>', escapeHtml)}</p>` +
      `<p><a href="${escapeHtml(mentionLink(setting.publicUrl, m.id))}">${escapeHtml(p.openInKanaal)}</a>${original}</p></li>`
    );
  });
  const html = [
    `<!doctype html><html lang="${setting.language}"><body>`,
    `<p>${escapeHtml(intro)}</p>`,
    htmlBlocks.length ? `<ul>${htmlBlocks.join('')}</ul>` : '',
    more > 0 ? `<p>${escapeHtml(p.more(more, listLink))}</p>` : '',
    `<hr><p><small>${escapeHtml(footer)}</small></p></body></html>`,
  ].join('');

  const payload: AlertPayloadDraft = {
    type: 'alert',
    alert: { trigger: content.trigger, subject, language: setting.language },
    organisation: setting.organisation,
    watchlist: { ...setting.watchlist, link: listLink },
    rule: setting.rule,
    matchCount: content.matchCount,
    period:
      content.periodFrom || content.periodTo
        ? { from: content.periodFrom?.toISOString() ?? null, to: content.periodTo?.toISOString() ?? null }
        : null,
    spike: content.spike,
    mentions: shown.map((m, i) => ({
      id: m.id,
      link: mentionLink(setting.publicUrl, m.id),
      url: m.url,
      kind: m.kind,
      author: m.author,
      authorDisplayName: m.authorDisplayName,
      title: m.title,
      language: m.language,
      occurredAt: m.occurredAt.toISOString(),
      ...(excerpts[i] as Excerpt),
    })),
    truncated: more > 0,
  };
  return { subject, text, html, payload };
}
