import twitterText from 'twitter-text';
import type { Network } from '../features/registry/schema.js';
import { type MediaClass, NETWORK_LIMITS, type NetworkLimits, type TextRule, mediaClassOf } from './limits.js';

/**
 * Counting and validation against networks/limits.ts. Pure and free of Node APIs (Intl.Segmenter,
 * TextEncoder and twitter-text exist in browsers too), so the compose screen and the server run this
 * same file and show or enforce the same numbers.
 */

export type TextCount = { count: number; max: number; remaining: number; over: boolean; rule: TextRule };

const graphemeSegmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const utf8 = new TextEncoder();

export function countGraphemes(text: string): number {
  let count = 0;
  for (const _ of graphemeSegmenter.segment(text)) count++;
  return count;
}

export function countCodePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

export function utf8Length(text: string): number {
  return utf8.encode(text).length;
}

/**
 * Mastodon's Account::MENTION_RE: `@user` optionally followed by `@domain`, not preceded by `=`,
 * `/` or a word character (so e-mail addresses and URL paths are not mentions).
 */
const MASTODON_MENTION =
  /(?<![=/\p{L}\p{M}\p{N}\p{Pc}])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?:@[\p{L}\p{M}\p{N}\p{Pc}]+(?:[.-]+[\p{L}\p{M}\p{N}\p{Pc}]+)*)?/giu;

type Entity = { start: number; end: number; replacement: string };

/**
 * Mastodon's StatusLengthValidator#countable_text: URLs with a scheme (twitter-text extraction, as
 * Mastodon's Ruby extractor does) become `urlLength` × "x"; `@user@domain` becomes `@user`.
 * Overlapping entities keep the one that starts first (Extractor.remove_overlapping_entities).
 */
export function mastodonCountableText(text: string, urlLength = 23): string {
  const entities: Entity[] = [];
  for (const url of twitterText.extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: false })) {
    entities.push({ start: url.indices[0], end: url.indices[1], replacement: 'x'.repeat(urlLength) });
  }
  for (const match of text.matchAll(MASTODON_MENTION)) {
    const start = match.index ?? 0;
    entities.push({ start, end: start + match[0].length, replacement: `@${match[1]}` });
  }
  entities.sort((a, b) => a.start - b.start);
  let result = '';
  let cursor = 0;
  for (const entity of entities) {
    if (entity.start < cursor) continue; // overlaps an earlier entity
    result += text.slice(cursor, entity.start) + entity.replacement;
    cursor = entity.end;
  }
  return result + text.slice(cursor);
}

const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;

/** Threads: "Emojis are counted as the number of UTF-8 bytes"; everything else per code point. */
function countThreads(text: string): number {
  let count = 0;
  for (const { segment } of graphemeSegmenter.segment(text)) {
    count += EMOJI.test(segment) ? utf8Length(segment) : countCodePoints(segment);
  }
  return count;
}

function countByRule(rule: TextRule, text: string, limits: NetworkLimits): number {
  switch (rule) {
    case 'twitter-weighted':
      return twitterText.parseTweet(text).weightedLength;
    case 'graphemes':
      return countGraphemes(text);
    case 'chars-urls-23':
      return countGraphemes(mastodonCountableText(text, limits.text.urlLength ?? 23));
    case 'chars-emoji-utf8':
      return countThreads(text);
    case 'chars':
      return countCodePoints(text);
  }
}

/**
 * Counts `text` the way `network` does. `limits` defaults to the table; pass `withOverrides(...)`
 * for an account whose limits differ (a Mastodon instance with 5,000 characters). `over` also turns
 * true when a byte ceiling (Bluesky's 3,000 bytes) is exceeded while the character count is fine.
 */
export function countText(network: Network, text: string, limits: NetworkLimits = NETWORK_LIMITS[network]): TextCount {
  const { max, rule, maxUtf8Bytes } = limits.text;
  const count = countByRule(rule, text, limits);
  const overBytes = maxUtf8Bytes !== undefined && utf8Length(text) > maxUtf8Bytes;
  return { count, max, remaining: max - count, over: count > max || overBytes, rule };
}

export type LimitIssueCode =
  | 'text_too_long'
  | 'too_many_media'
  | 'media_type_not_supported'
  | 'media_too_large'
  | 'media_combination_not_supported'
  | 'alt_text_missing'
  | 'alt_text_too_long'
  | 'media_required'
  | 'too_many_links_for_network'
  | 'too_many_hashtags_for_network';

export type LimitIssue = {
  code: LimitIssueCode;
  network: Network;
  /** Which attachment, for media issues (0-based, in the order given). */
  mediaIndex?: number;
  limit?: number;
  actual?: number;
  message: { nl: string; fr: string; en: string };
};

export type MediaToValidate = { mimeType: string; bytes: number; altText?: string | null };
export type PostToValidate = { text: string; media?: readonly MediaToValidate[] };

type Params = { label: string; limit?: number; actual?: number; index?: number };
const item = (p: Params) => (p.index === undefined ? '' : ` #${p.index + 1}`);
const mb = (bytes = 0) => (bytes / 1_000_000).toLocaleString('en', { maximumFractionDigits: 2 });

const MESSAGES: Record<LimitIssueCode, (p: Params) => LimitIssue['message']> = {
  text_too_long: (p) => ({
    nl: `De tekst is te lang voor ${p.label}: ${p.actual} van de ${p.limit} tekens.`,
    fr: `Le texte est trop long pour ${p.label} : ${p.actual} caractères sur ${p.limit}.`,
    en: `The text is too long for ${p.label}: ${p.actual} of ${p.limit} characters.`,
  }),
  too_many_media: (p) => ({
    nl: `${p.label} aanvaardt hoogstens ${p.limit} bijlagen per bericht (nu ${p.actual}).`,
    fr: `${p.label} accepte au maximum ${p.limit} pièces jointes par publication (actuellement ${p.actual}).`,
    en: `${p.label} accepts at most ${p.limit} attachments per post (now ${p.actual}).`,
  }),
  media_type_not_supported: (p) => ({
    nl: `Bijlage${item(p)}: dit bestandstype kan niet op ${p.label}.`,
    fr: `Pièce jointe${item(p)} : ce type de fichier n’est pas accepté par ${p.label}.`,
    en: `Attachment${item(p)}: ${p.label} does not accept this file type.`,
  }),
  media_too_large: (p) => ({
    nl: `Bijlage${item(p)} is te groot voor ${p.label}: ${mb(p.actual)} MB, hoogstens ${mb(p.limit)} MB.`,
    fr: `La pièce jointe${item(p)} est trop lourde pour ${p.label} : ${mb(p.actual)} Mo, maximum ${mb(p.limit)} Mo.`,
    en: `Attachment${item(p)} is too large for ${p.label}: ${mb(p.actual)} MB, at most ${mb(p.limit)} MB.`,
  }),
  media_combination_not_supported: (p) => ({
    nl: `Een video of GIF moet op ${p.label} de enige bijlage van het bericht zijn.`,
    fr: `Sur ${p.label}, une vidéo ou un GIF doit être la seule pièce jointe de la publication.`,
    en: `On ${p.label} a video or GIF must be the only attachment of the post.`,
  }),
  alt_text_missing: (p) => ({
    nl: `Bijlage${item(p)} heeft geen alternatieve tekst. Beschrijf wat erop staat, zodat ook blinde en slechtziende mensen het weten.`,
    fr: `La pièce jointe${item(p)} n’a pas de texte alternatif. Décrivez ce qu’elle montre, pour les personnes aveugles et malvoyantes.`,
    en: `Attachment${item(p)} has no alternative text. Describe what it shows, so blind and partially sighted people know too.`,
  }),
  alt_text_too_long: (p) => ({
    nl: `De alternatieve tekst van bijlage${item(p)} is te lang voor ${p.label}: ${p.actual} van de ${p.limit} tekens.`,
    fr: `Le texte alternatif de la pièce jointe${item(p)} est trop long pour ${p.label} : ${p.actual} caractères sur ${p.limit}.`,
    en: `The alternative text of attachment${item(p)} is too long for ${p.label}: ${p.actual} of ${p.limit} characters.`,
  }),
  media_required: (p) => ({
    nl: `Een bericht op ${p.label} heeft minstens één afbeelding of video nodig.`,
    fr: `Une publication sur ${p.label} nécessite au moins une image ou une vidéo.`,
    en: `A post on ${p.label} needs at least one image or video.`,
  }),
  too_many_links_for_network: (p) => ({
    nl: `${p.label} weigert berichten met meer dan ${p.limit} links (nu ${p.actual}).`,
    fr: `${p.label} refuse les publications de plus de ${p.limit} liens (actuellement ${p.actual}).`,
    en: `${p.label} refuses posts with more than ${p.limit} links (now ${p.actual}).`,
  }),
  too_many_hashtags_for_network: (p) => ({
    nl: `${p.label} weigert berichten met meer dan ${p.limit} hashtags (nu ${p.actual}).`,
    fr: `${p.label} refuse les publications de plus de ${p.limit} hashtags (actuellement ${p.actual}).`,
    en: `${p.label} refuses posts with more than ${p.limit} hashtags (now ${p.actual}).`,
  }),
};

function altLength(limits: NetworkLimits, alt: string): number {
  return limits.altText.unit === 'graphemes' ? countGraphemes(alt) : countCodePoints(alt);
}

/**
 * Everything the network would refuse about this post, plus missing alt text (Kanaal requires a
 * description for every image and video, whether or not the network can carry it). Empty = fine.
 */
export function validateAgainstLimits(
  network: Network,
  post: PostToValidate,
  limits: NetworkLimits = NETWORK_LIMITS[network],
): LimitIssue[] {
  const issues: LimitIssue[] = [];
  const add = (code: LimitIssueCode, details: Omit<Params, 'label'> = {}) =>
    issues.push({
      code,
      network,
      ...(details.index === undefined ? {} : { mediaIndex: details.index }),
      ...(details.limit === undefined ? {} : { limit: details.limit }),
      ...(details.actual === undefined ? {} : { actual: details.actual }),
      message: MESSAGES[code]({ label: limits.label, ...details }),
    });

  const counted = countText(network, post.text, limits);
  if (counted.over) {
    const bytes = limits.text.maxUtf8Bytes;
    if (counted.count > counted.max || bytes === undefined) add('text_too_long', { limit: counted.max, actual: counted.count });
    else add('text_too_long', { limit: bytes, actual: utf8Length(post.text) });
  }
  if (limits.text.maxLinks !== undefined) {
    const links = new Set(twitterText.extractUrls(post.text)).size;
    if (links > limits.text.maxLinks) add('too_many_links_for_network', { limit: limits.text.maxLinks, actual: links });
  }
  if (limits.text.maxHashtags !== undefined) {
    const tags = twitterText.extractHashtags(post.text).length;
    if (tags > limits.text.maxHashtags) add('too_many_hashtags_for_network', { limit: limits.text.maxHashtags, actual: tags });
  }

  const media = post.media ?? [];
  if (media.length === 0 && limits.media.requiresMedia) add('media_required');
  if (media.length > limits.media.maxCount) add('too_many_media', { limit: limits.media.maxCount, actual: media.length });

  const classes: (MediaClass | null)[] = media.map((m) => mediaClassOf(m.mimeType));
  if (media.length > 1 && classes.some((c) => c !== null && limits.media.aloneClasses.includes(c))) {
    add('media_combination_not_supported');
  }
  const types = new Set(limits.media.types);
  media.forEach((m, index) => {
    const mediaClass = classes[index] ?? null;
    const maxBytes = mediaClass === null ? undefined : limits.media.maxBytes[mediaClass];
    if (mediaClass === null || maxBytes === undefined || !types.has(m.mimeType.trim().toLowerCase())) {
      add('media_type_not_supported', { index });
    } else if (m.bytes > maxBytes) {
      add('media_too_large', { index, limit: maxBytes, actual: m.bytes });
    }
    const alt = (m.altText ?? '').trim();
    if (alt === '') {
      add('alt_text_missing', { index });
      return;
    }
    const isVideo = mediaClass === 'video';
    const carried = isVideo ? limits.altText.video.supported : limits.altText.supported;
    const maxAlt = isVideo ? (limits.altText.video.maxLength ?? limits.altText.maxLength) : limits.altText.maxLength;
    const length = altLength(limits, alt);
    if (carried && length > maxAlt) add('alt_text_too_long', { index, limit: maxAlt, actual: length });
  });
  return issues;
}
