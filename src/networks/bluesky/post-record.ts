import { type Agent, type AppBskyEmbedImages, type AppBskyFeedPost, type BlobRef, RichText } from '@atproto/api';
import { ConnectorError, type MediaItem, type PublishRequest } from '../connector.js';

/** `app.bsky.embed.images#image.image`: `maxSize: 1000000` bytes, `accept: image/*`; at most 4 images. */
export const IMAGE_MAX_BYTES = 1_000_000;
export const IMAGES_MAX = 4;

/**
 * Checks what the lexicon would refuse anyway, before anything is uploaded: a post with a media
 * item that cannot be sent must not go out without it.
 */
export function assertMediaFits(media: MediaItem[]): void {
  if (media.length > IMAGES_MAX) {
    throw new ConnectorError('rejected', `Bluesky takes at most ${IMAGES_MAX} images per post (got ${media.length})`);
  }
  for (const item of media) {
    if (!item.mimeType.startsWith('image/')) {
      throw new ConnectorError(
        'rejected',
        `${item.fileName}: only images can be posted to Bluesky by this connector (got ${item.mimeType})`,
      );
    }
    if (item.bytes.length > IMAGE_MAX_BYTES) {
      throw new ConnectorError(
        'rejected',
        `${item.fileName} is ${item.bytes.length} bytes; Bluesky accepts images up to ${IMAGE_MAX_BYTES} bytes`,
      );
    }
  }
}

/**
 * The post record: text with facets (links, #tags and @mentions; a mention whose handle cannot be
 * resolved stays plain text, as in the Bluesky app), the language, and the images with alt text.
 */
export async function buildPostRecord(
  agent: Agent,
  request: PublishRequest,
  blobs: BlobRef[],
  now = new Date(),
): Promise<AppBskyFeedPost.Record> {
  const richText = new RichText({ text: request.text });
  await richText.detectFacets(agent);
  const images: AppBskyEmbedImages.Image[] = blobs.map((image, i) => ({ image, alt: request.media[i]?.altText ?? '' }));
  return {
    $type: 'app.bsky.feed.post',
    text: richText.text,
    ...(richText.facets && richText.facets.length > 0 ? { facets: richText.facets } : {}),
    ...(request.language ? { langs: [request.language] } : {}),
    ...(images.length > 0 ? { embed: { $type: 'app.bsky.embed.images', images } } : {}),
    createdAt: now.toISOString(),
  };
}

/**
 * Whether a record found under our rkey is the post this request makes: same text, language and
 * alt texts in the same order. Only a reused idempotency key with changed content (a bug) or a
 * hash collision could put a different post there; then it must not be taken for ours.
 */
export function isOurPost(value: unknown, request: PublishRequest): boolean {
  if (!value || typeof value !== 'object') return false;
  const record = value as { $type?: unknown; text?: unknown; langs?: unknown; embed?: { images?: { alt?: unknown }[] } };
  if (record.$type !== 'app.bsky.feed.post' || record.text !== request.text) return false;
  const langs = Array.isArray(record.langs) ? record.langs : [];
  if (request.language ? langs.length !== 1 || langs[0] !== request.language : langs.length !== 0) return false;
  const alts = (record.embed?.images ?? []).map((image) => image.alt);
  return alts.length === request.media.length && alts.every((alt, i) => alt === request.media[i]?.altText);
}
