import type { PublishRequest } from '../connector.js';

/**
 * What Kanaal sends as a LinkedIn post, and how it recognises that post again.
 *
 * The Posts API takes `commentary` in LinkedIn's "little text" format
 * (learn.microsoft.com/linkedin/marketing/community-management/shares/little-text-format): the
 * characters `\ | { } @ [ ] ( ) < > # * _ ~` are reserved and must be escaped with a backslash to
 * be plain text, even when they start no element; unescaped, LinkedIn stops reading there and the
 * post goes out cut short (integrators report posts truncated at the first "("). Kanaal's text
 * is plain, so every reserved character is escaped, except `#` starting a hashtag (`#word` after
 * a space, punctuation or the start), which stays a HashtagElement and so a live hashtag.
 * LinkedIn may return hashtags as the template `{hashtag|\#|word}`; `fromLittleText` reads
 * both forms back, and mentions `@[Name](urn)` as their name.
 */

const RESERVED = new Set(['\\', '|', '{', '}', '@', '[', ']', '(', ')', '<', '>', '#', '*', '_', '~']);
const WORD = /[\p{L}\p{M}\p{N}]/u;
const HASHTAG_BODY = /^[\p{L}\p{M}\p{N}]+/u;

export function toLittleText(text: string): string {
  let out = '';
  let previous = '';
  for (let i = 0; i < text.length; ) {
    const char = String.fromCodePoint(text.codePointAt(i) as number);
    const startsHashtag =
      char === '#' && !WORD.test(previous) && previous !== '_' && previous !== '&' && HASHTAG_BODY.test(text.slice(i + 1));
    out += RESERVED.has(char) && !startsHashtag ? `\\${char}` : char;
    previous = char;
    i += char.length;
  }
  return out;
}

const ELEMENTS = /\\([\s\S])|\{hashtag\|\\?([#＃])\|([^{}|]+)\}|@\[([^\]]*)\]\((urn:li:[^)]+)\)/gu;

/** The text a reader sees, from commentary in little text. */
export function fromLittleText(commentary: string): string {
  return commentary.replace(ELEMENTS, (_match, escaped?: string, sign?: string, tag?: string, name?: string) => {
    if (escaped !== undefined) return escaped;
    if (sign !== undefined) return `${sign}${tag ?? ''}`;
    return name ?? '';
  });
}

/** NFC, line ends unified, whitespace runs as one space, trimmed: differences LinkedIn may introduce vanish. */
export function comparableText(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
}

export type ImageRef = { id: string; altText: string };

export type PostContent = {
  media?: { id: string; altText?: string; title?: string };
  multiImage?: { images: Array<{ id: string; altText?: string }> };
};

/** A post as the Posts API returns it (the fields Kanaal reads). */
export type LinkedInPost = {
  id: string;
  author?: string;
  commentary?: string;
  content?: PostContent;
  lifecycleState?: string;
  createdAt?: number;
  publishedAt?: number;
};

/**
 * The `POST /rest/posts` body: an organic post by the page, public, in the main feed, published.
 * One image goes as `content.media`, several as `content.multiImage` (2–20), each with its alt text.
 */
export function postBody(author: string, request: PublishRequest, images: readonly ImageRef[]): Record<string, unknown> {
  const body: Record<string, unknown> = {
    author,
    commentary: toLittleText(request.text),
    visibility: 'PUBLIC',
    distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
    lifecycleState: 'PUBLISHED',
    isReshareDisabledByAuthor: false,
  };
  if (images.length === 1) body.content = { media: { id: images[0]?.id, altText: images[0]?.altText } };
  if (images.length > 1) body.content = { multiImage: { images: images.map(({ id, altText }) => ({ id, altText })) } };
  return body;
}

function imagesOf(post: LinkedInPost): Array<{ altText?: string }> {
  if (post.content?.media) return [post.content.media];
  return post.content?.multiImage?.images ?? [];
}

/**
 * Whether a post found on the page is the one `request` describes: same text as a reader sees
 * it, same number of images, same alt texts where LinkedIn returns them.
 */
export function isSamePost(post: LinkedInPost, request: PublishRequest): boolean {
  const images = imagesOf(post);
  if (images.length !== request.media.length) return false;
  const altTextsMatch = images.every(
    (image, i) => image.altText === undefined || image.altText.trim() === (request.media[i]?.altText ?? '').trim(),
  );
  return altTextsMatch && comparableText(fromLittleText(post.commentary ?? '')) === comparableText(request.text);
}
