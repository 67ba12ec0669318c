import { field, invalidRequest, problem, type Reply } from './http.js';
import type { PeerContext, RequestContext, Route } from './routing.js';

/**
 * Media upload v2 as X documents it (docs.x.com/x-api/media/initialize-media-upload, append-media-upload,
 * finalize-media-upload, get-media-upload-status, metadata-create) and as twitter-api-v2@1's
 * `v2.uploadMedia` calls it:
 * - `POST /2/media/upload/initialize` (JSON: media_type, total_bytes, media_category) →
 *   `{data: {id, media_key, expires_after_secs}}`;
 * - `POST /2/media/upload/:id/append` (multipart: segment_index, media) → `{data: {expires_at}}`;
 * - `POST /2/media/upload/:id/finalize` → `{data: {id, media_key, size, expires_after_secs}}`
 *   (images are ready at once: no `processing_info`);
 * - `GET /2/media/upload?command=STATUS&media_id=` → `processing_info.state: succeeded`;
 * - `POST /2/media/metadata` (JSON: id, metadata.alt_text.text, at most 1 000 characters).
 * All need the `media.write` scope.
 */

const EXPIRES_AFTER_SECS = 86_400;
const MAX_IMAGE_BYTES = 5 * 1024 * 1024;
const MAX_ALT_TEXT = 1000;
const TYPES = /^(image\/(jpeg|png|webp|bmp|pjpeg|tiff)|image\/gif|video\/(mp4|webm|quicktime))$/;

function keyPrefix(mediaType: string): string {
  if (mediaType === 'image/gif') return '16_';
  return mediaType.startsWith('video/') ? '7_' : '3_';
}

function initialize(peer: PeerContext, request: RequestContext): Reply {
  const mediaType = field(request.body, 'media_type') ?? '';
  const totalBytes = Number(field(request.body, 'total_bytes'));
  if (!TYPES.test(mediaType)) return invalidRequest(`The media type ${mediaType} is not supported.`, { media_type: [mediaType] });
  if (!Number.isInteger(totalBytes) || totalBytes <= 0)
    return invalidRequest('total_bytes must be a positive integer.', { total_bytes: [String(totalBytes)] });
  if (mediaType.startsWith('image/') && mediaType !== 'image/gif' && totalBytes > MAX_IMAGE_BYTES) {
    return invalidRequest('File size exceeds 5242880 bytes.', { total_bytes: [String(totalBytes)] });
  }
  const id = peer.state.nextId();
  const mediaKey = `${keyPrefix(mediaType)}${id}`;
  peer.state.media.set(id, {
    id,
    mediaKey,
    ownerId: request.user?.id ?? '',
    mediaType,
    category: field(request.body, 'media_category') ?? null,
    totalBytes,
    segments: new Map(),
    finalized: false,
    altText: null,
    createdAt: peer.now(),
  });
  return { status: 200, body: { data: { id, media_key: mediaKey, expires_after_secs: EXPIRES_AFTER_SECS } } };
}

function ownMedia(peer: PeerContext, request: RequestContext, id: string | undefined) {
  const media = id ? peer.state.media.get(id) : undefined;
  return media && media.ownerId === request.user?.id && peer.now() - media.createdAt < EXPIRES_AFTER_SECS * 1000 ? media : null;
}

function append(peer: PeerContext, request: RequestContext, match: string[]): Reply {
  const media = ownMedia(peer, request, match[1]);
  if (!media || media.finalized) return invalidRequest('Invalid media id.', { id: [match[1] ?? ''] });
  const segment = Number(field(request.body, 'segment_index'));
  const chunk = request.body.form.get('media');
  if (!Number.isInteger(segment) || segment < 0 || segment > 999) return invalidRequest('segment_index must be between 0 and 999.', {});
  if (chunk === undefined) return invalidRequest('media is required.', { media: [] });
  media.segments.set(segment, Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, 'utf8'));
  return { status: 200, body: { data: { expires_at: Math.floor((media.createdAt + EXPIRES_AFTER_SECS * 1000) / 1000) } } };
}

function finalize(peer: PeerContext, request: RequestContext, match: string[]): Reply {
  const media = ownMedia(peer, request, match[1]);
  if (!media) return invalidRequest('Invalid media id.', { id: [match[1] ?? ''] });
  const size = peer.state.bytesOf(media).length;
  if (size !== media.totalBytes) return invalidRequest('Segments do not add up to provided total file size.', {});
  media.finalized = true;
  return { status: 200, body: { data: { id: media.id, media_key: media.mediaKey, size, expires_after_secs: EXPIRES_AFTER_SECS } } };
}

function status(peer: PeerContext, request: RequestContext): Reply {
  const media = ownMedia(peer, request, request.query.get('media_id') ?? undefined);
  if (!media || request.query.get('command') !== 'STATUS') return invalidRequest('Invalid media id.', {});
  const state = media.finalized ? 'succeeded' : 'pending';
  return {
    status: 200,
    body: { data: { id: media.id, media_key: media.mediaKey, processing_info: { state, progress_percent: media.finalized ? 100 : 0 } } },
  };
}

function metadata(peer: PeerContext, request: RequestContext): Reply {
  const json = request.body.json;
  const id = typeof json?.id === 'string' ? json.id : undefined;
  const meta = json?.metadata as { alt_text?: { text?: unknown } } | undefined;
  const text = meta?.alt_text?.text;
  const media = ownMedia(peer, request, id);
  if (!media) return invalidRequest('Invalid media id.', { id: [id ?? ''] });
  if (typeof text !== 'string' || [...text].length > MAX_ALT_TEXT) {
    return invalidRequest(`alt_text.text must be a string of at most ${MAX_ALT_TEXT} characters.`, { 'metadata.alt_text.text': [] });
  }
  if (!media.mediaType.startsWith('image/')) return problem(403, 'Forbidden', 'Alt text is only supported for images and GIFs.');
  media.altText = text;
  return { status: 200, body: { data: { id: media.id, associated_metadata: { alt_text: { text } } } } };
}

const MEDIA_WRITE = ['media.write'];

export const mediaRoutes: Route[] = [
  {
    method: 'POST',
    pattern: /^\/2\/media\/upload\/initialize$/,
    endpoint: 'POST /2/media/upload',
    auth: 'user',
    scopes: MEDIA_WRITE,
    handle: initialize,
  },
  {
    method: 'POST',
    pattern: /^\/2\/media\/upload\/(\d+)\/append$/,
    endpoint: 'POST /2/media/upload',
    auth: 'user',
    scopes: MEDIA_WRITE,
    handle: append,
  },
  {
    method: 'POST',
    pattern: /^\/2\/media\/upload\/(\d+)\/finalize$/,
    endpoint: 'POST /2/media/upload',
    auth: 'user',
    scopes: MEDIA_WRITE,
    handle: finalize,
  },
  { method: 'GET', pattern: /^\/2\/media\/upload$/, endpoint: 'GET /2/media/upload', auth: 'user', scopes: MEDIA_WRITE, handle: status },
  {
    method: 'POST',
    pattern: /^\/2\/media\/metadata$/,
    endpoint: 'POST /2/media/metadata',
    auth: 'user',
    scopes: MEDIA_WRITE,
    handle: metadata,
  },
];
