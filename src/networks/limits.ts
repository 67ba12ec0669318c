import type { Network } from '../features/registry/schema.js';

/**
 * What each network accepts, as data. The compose screen (live counters, previews) and the server
 * (validation before approval and before publishing) read the same table, so they cannot disagree.
 * Counting itself lives in text-count.ts; nothing else in Kanaal should know a network's numbers.
 *
 * Sources (checked 2025/2026; "docs" = the network's own developer documentation):
 * - Mastodon: docs.joinmastodon.org/user/posting (500 characters, URLs count 23, mention domains not
 *   counted); app/validators/status_length_validator.rb (counts grapheme clusters of the text after
 *   URL → 23 × "x" and @user@domain → @user); /api/v2/instance serializer (max_media_attachments 4,
 *   description_limit = MediaAttachment::MAX_DESCRIPTION_LENGTH 1500, image 16 MiB, video 99 MiB).
 *   Every instance may change these: pass the instance's values as overrides (see `withOverrides`).
 * - Bluesky: lexicons app.bsky.feed.post (text maxGraphemes 300, maxLength 3000 UTF-8 bytes),
 *   app.bsky.embed.images (≤ 4 images, blob maxSize 1,000,000 bytes, accept image/*),
 *   app.bsky.embed.video (one mp4, maxSize 100,000,000 bytes, alt maxGraphemes 1000);
 *   image alt text 2000 = MAX_ALT_TEXT in the official social-app (the lexicon sets no limit).
 * - X: docs.x.com/x-api/media (image 5 MB, GIF 15 MB, video 512 MB; up to 4 photos or 1 GIF or
 *   1 video per post); twitter-text v3 config (280 weighted, URLs 23); alt text 1000 characters
 *   (POST /2/media/metadata); threads of up to 25 posts (the X composer's limit).
 * - Instagram: developers.facebook.com Content Publishing + IG User Media (caption 2,200 characters,
 *   ≤ 30 hashtags, carousel ≤ 10 items, images JPEG ≤ 8 MB, reels MP4/MOV ≤ 300 MB, a post needs
 *   media, alt_text on images since 2025-03-24, not on reels). Meta states no alt-text maximum:
 *   1000 is our conservative choice.
 * - Threads: developers.facebook.com/documentation/threads (500 characters with emoji counted as
 *   their UTF-8 bytes, ≤ 5 links per post since 2025-12-22, carousel ≤ 20 items, images JPEG/PNG
 *   ≤ 8 MB, video MOV/MP4 ≤ 1 GB, alt_text on images and videos; no documented alt maximum: 1000
 *   is our choice; replies make threads: 25 parts is our choice).
 * - Facebook Pages: 63,206 characters per post; Graph API page photos: JPEG/PNG/GIF/BMP/TIFF ≤ 4 MB;
 *   video ≤ 10 GB (resumable upload); alt text via `alt_text_custom` (no documented maximum: 1000
 *   is our choice); multi-photo posts: 10 is our choice (Meta documents no API maximum).
 * - LinkedIn: Posts API (commentary 3,000 characters; multi-image 2–20 images or one video);
 *   Images API (JPG/PNG/GIF, < 36,152,320 pixels); Videos API (MP4, ≤ 500 MB for organic posts);
 *   image altText ≤ 4,086 characters per the Posts API media schema (re-check when LinkedIn versions
 *   the API); 5 MB per image is the commonly published guideline (LinkedIn states no byte limit).
 * - YouTube: Data API videos resource (description ≤ 5,000 bytes, no < or >); community posts have no
 *   public API, so a YouTube channel here means a video with its description.
 * - Viva Engage (Yammer REST API): uploadSmallFile accepts files ≤ 4 MB; the API documents no message
 *   length or alt text field: 10,000 characters and "no alt text via the API" are our assumptions.
 * - website / other (our own webhook targets): generous limits so they never block on their own.
 */

export type TextRule =
  /** twitter-text `parseTweet().weightedLength` (CJK and emoji weigh 2, URLs 23). */
  | 'twitter-weighted'
  /** Extended grapheme clusters (what a person sees as one character), via Intl.Segmenter. */
  | 'graphemes'
  /** Mastodon: graphemes of the text after each URL becomes 23 characters and @user@domain becomes @user. */
  | 'chars-urls-23'
  /** Threads: code points, except that an emoji counts as its UTF-8 byte length. */
  | 'chars-emoji-utf8'
  /** Unicode code points. */
  | 'chars';

/** How media are grouped for size limits: GIFs often have their own limit (X: 15 MB vs 5 MB). */
export type MediaClass = 'image' | 'gif' | 'video';

export type NetworkLimits = {
  /** Name shown to people (brand spelling). */
  label: string;
  text: {
    max: number;
    rule: TextRule;
    /** Length a URL counts for, whatever its real length (X, Mastodon). */
    urlLength?: number;
    /** A second, byte-based ceiling some networks enforce (Bluesky 3000, YouTube 5000). */
    maxUtf8Bytes?: number;
    /** Hard limits the network rejects a post for (not house style: see features/compose/lint.ts). */
    maxLinks?: number;
    maxHashtags?: number;
  };
  media: {
    /** Maximum attachments in one post (a carousel counts its items). */
    maxCount: number;
    /** Accepted MIME types. */
    types: readonly string[];
    /** Maximum bytes per file, by class; a class without an entry is not accepted at all. */
    maxBytes: Partial<Record<MediaClass, number>>;
    /** Classes that must be the only attachment of the post (X: one GIF or one video; Bluesky: one video). */
    aloneClasses: readonly MediaClass[];
    /** The network refuses a post without media (Instagram, YouTube). */
    requiresMedia: boolean;
  };
  altText: {
    /** The network's API accepts a description per image. Kanaal asks for one regardless. */
    supported: boolean;
    maxLength: number;
    /** How the alt-text limit is counted; code points unless the network counts graphemes (Bluesky). */
    unit?: 'graphemes' | 'code-points';
    /** Whether videos get their own description, and its limit when it differs from images. */
    video: { supported: boolean; maxLength?: number };
  };
  threads: { supported: boolean; maxParts: number };
};

const KB = 1000;
const MB = 1000 * KB;
const MiB = 1024 * 1024;
const GB = 1000 * MB;

const JPEG_PNG = ['image/jpeg', 'image/png'] as const;
const COMMON_IMAGES = [...JPEG_PNG, 'image/gif', 'image/webp'] as const;

export const NETWORK_LIMITS: Readonly<Record<Network, NetworkLimits>> = {
  mastodon: {
    label: 'Mastodon',
    text: { max: 500, rule: 'chars-urls-23', urlLength: 23 },
    media: {
      maxCount: 4,
      types: [...COMMON_IMAGES, 'image/heic', 'image/heif', 'image/avif', 'video/mp4', 'video/webm', 'video/quicktime', 'video/ogg'],
      maxBytes: { image: 16 * MiB, gif: 16 * MiB, video: 99 * MiB },
      aloneClasses: ['video'],
      requiresMedia: false,
    },
    altText: { supported: true, maxLength: 1500, video: { supported: true } },
    threads: { supported: true, maxParts: 25 },
  },
  bluesky: {
    label: 'Bluesky',
    text: { max: 300, rule: 'graphemes', maxUtf8Bytes: 3000 },
    media: {
      maxCount: 4,
      types: [...COMMON_IMAGES, 'video/mp4'],
      maxBytes: { image: 1 * MB, gif: 1 * MB, video: 100 * MB },
      aloneClasses: ['video'],
      requiresMedia: false,
    },
    altText: { supported: true, maxLength: 2000, unit: 'graphemes', video: { supported: true, maxLength: 1000 } },
    threads: { supported: true, maxParts: 25 },
  },
  x: {
    label: 'X',
    text: { max: 280, rule: 'twitter-weighted', urlLength: 23 },
    media: {
      maxCount: 4,
      types: [...COMMON_IMAGES, 'video/mp4', 'video/quicktime'],
      maxBytes: { image: 5 * MB, gif: 15 * MB, video: 512 * MB },
      aloneClasses: ['gif', 'video'],
      requiresMedia: false,
    },
    altText: { supported: true, maxLength: 1000, video: { supported: false } },
    threads: { supported: true, maxParts: 25 },
  },
  facebook: {
    label: 'Facebook',
    text: { max: 63_206, rule: 'chars' },
    media: {
      maxCount: 10,
      types: [...JPEG_PNG, 'image/gif', 'image/bmp', 'image/tiff', 'video/mp4', 'video/quicktime'],
      maxBytes: { image: 4 * MB, gif: 4 * MB, video: 10 * GB },
      aloneClasses: ['video'],
      requiresMedia: false,
    },
    altText: { supported: true, maxLength: 1000, video: { supported: false } },
    threads: { supported: false, maxParts: 1 },
  },
  instagram: {
    label: 'Instagram',
    text: { max: 2200, rule: 'chars', maxHashtags: 30 },
    media: {
      maxCount: 10,
      types: ['image/jpeg', 'video/mp4', 'video/quicktime'],
      maxBytes: { image: 8 * MB, video: 300 * MB },
      aloneClasses: [],
      requiresMedia: true,
    },
    altText: { supported: true, maxLength: 1000, video: { supported: false } },
    threads: { supported: false, maxParts: 1 },
  },
  threads: {
    label: 'Threads',
    text: { max: 500, rule: 'chars-emoji-utf8', maxLinks: 5 },
    media: {
      maxCount: 20,
      types: [...JPEG_PNG, 'video/mp4', 'video/quicktime'],
      maxBytes: { image: 8 * MB, video: 1 * GB },
      aloneClasses: [],
      requiresMedia: false,
    },
    altText: { supported: true, maxLength: 1000, video: { supported: true } },
    threads: { supported: true, maxParts: 25 },
  },
  linkedin: {
    label: 'LinkedIn',
    text: { max: 3000, rule: 'chars' },
    media: {
      maxCount: 20,
      types: [...JPEG_PNG, 'image/gif', 'video/mp4'],
      maxBytes: { image: 5 * MB, gif: 5 * MB, video: 500 * MB },
      aloneClasses: ['video'],
      requiresMedia: false,
    },
    altText: { supported: true, maxLength: 4086, video: { supported: false } },
    threads: { supported: false, maxParts: 1 },
  },
  youtube: {
    label: 'YouTube',
    text: { max: 5000, rule: 'chars', maxUtf8Bytes: 5000 },
    media: {
      maxCount: 1,
      types: ['video/mp4', 'video/quicktime', 'video/webm', 'video/x-msvideo', 'video/mpeg'],
      maxBytes: { video: 256 * GB },
      aloneClasses: ['video'],
      requiresMedia: true,
    },
    altText: { supported: false, maxLength: 0, video: { supported: false } },
    threads: { supported: false, maxParts: 1 },
  },
  viva_engage: {
    label: 'Viva Engage',
    text: { max: 10_000, rule: 'chars' },
    media: {
      maxCount: 10,
      types: [...COMMON_IMAGES, 'video/mp4'],
      maxBytes: { image: 4 * MB, gif: 4 * MB, video: 4 * MB },
      aloneClasses: [],
      requiresMedia: false,
    },
    altText: { supported: false, maxLength: 0, video: { supported: false } },
    threads: { supported: false, maxParts: 1 },
  },
  website: {
    label: 'Website',
    text: { max: 100_000, rule: 'chars' },
    media: {
      maxCount: 50,
      types: [...COMMON_IMAGES, 'image/avif', 'image/svg+xml', 'video/mp4', 'video/webm'],
      maxBytes: { image: 50 * MB, gif: 50 * MB, video: 2 * GB },
      aloneClasses: [],
      requiresMedia: false,
    },
    altText: { supported: true, maxLength: 5000, video: { supported: true } },
    threads: { supported: false, maxParts: 1 },
  },
  other: {
    label: 'Other',
    text: { max: 100_000, rule: 'chars' },
    media: {
      maxCount: 50,
      types: [...COMMON_IMAGES, 'image/avif', 'video/mp4', 'video/webm', 'video/quicktime'],
      maxBytes: { image: 50 * MB, gif: 50 * MB, video: 2 * GB },
      aloneClasses: [],
      requiresMedia: false,
    },
    altText: { supported: true, maxLength: 5000, video: { supported: true } },
    threads: { supported: false, maxParts: 1 },
  },
};

/** Which size class a MIME type falls in; null when it is neither an image nor a video. */
export function mediaClassOf(mimeType: string): MediaClass | null {
  const type = mimeType.trim().toLowerCase();
  if (type === 'image/gif') return 'gif';
  if (type.startsWith('image/')) return 'image';
  if (type.startsWith('video/')) return 'video';
  return null;
}

export type LimitOverrides = {
  text?: Partial<NetworkLimits['text']>;
  media?: Partial<NetworkLimits['media']>;
  altText?: Partial<NetworkLimits['altText']>;
  threads?: Partial<NetworkLimits['threads']>;
};

/**
 * The network's limits with some values replaced, e.g. a Mastodon instance that allows 5,000
 * characters (its /api/v2/instance `configuration`). Returns a new object; the table stays untouched.
 */
export function withOverrides(network: Network, overrides: LimitOverrides = {}): NetworkLimits {
  const base = NETWORK_LIMITS[network];
  return {
    label: base.label,
    text: { ...base.text, ...overrides.text },
    media: { ...base.media, ...overrides.media, maxBytes: { ...base.media.maxBytes, ...overrides.media?.maxBytes } },
    altText: { ...base.altText, ...overrides.altText },
    threads: { ...base.threads, ...overrides.threads },
  };
}
