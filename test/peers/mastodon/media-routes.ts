import { IMAGE_SIZE_LIMIT, MEDIA_DESCRIPTION_LIMIT, SUPPORTED_MIME_TYPES, mediaJson } from './entities.js';
import { error, RECORD_NOT_FOUND, str, type Reply } from './http.js';
import type { PeerContext, RequestContext, Route } from './routing.js';
import type { PeerMedia } from './store.js';

/**
 * Media (docs.joinmastodon.org/methods/media): `POST /api/v2/media` answers 200 when the file is
 * processed at once and 202 with `url: null` while it is processed in the background;
 * `GET /api/v1/media/:id` answers 206 while processing and 200 once done; `PUT` updates the
 * description (alt text) or focus. Attachments already attached to a status are no longer found.
 */

function mediaType(mimeType: string): PeerMedia['type'] {
  if (mimeType === 'image/gif') return 'gifv';
  if (mimeType.startsWith('image/')) return 'image';
  if (mimeType.startsWith('video/')) return 'video';
  if (mimeType.startsWith('audio/')) return 'audio';
  return 'unknown';
}

function parseFocus(value: string | undefined): PeerMedia['focus'] | 'invalid' {
  if (value === undefined || value === '') return null;
  const [x, y] = value.split(',').map(Number);
  if (x === undefined || y === undefined || !Number.isFinite(x) || !Number.isFinite(y) || Math.abs(x) > 1 || Math.abs(y) > 1)
    return 'invalid';
  return { x, y };
}

function validateDescription(description: string | undefined): Reply | null {
  if (description !== undefined && [...description].length > MEDIA_DESCRIPTION_LIMIT) {
    return error(422, `Validation failed: Description is too long (maximum is ${MEDIA_DESCRIPTION_LIMIT} characters)`);
  }
  return null;
}

async function upload(peer: PeerContext, request: RequestContext, asynchronous: boolean): Promise<Reply> {
  const account = request.account;
  if (!account) return error(422, 'This method requires an authenticated user');
  const file = request.params.file;
  if (!(file instanceof File)) return error(400, 'param is missing or the value is empty: file');
  if (!SUPPORTED_MIME_TYPES.includes(file.type)) return error(422, 'Validation failed: File content type is invalid, File is invalid');
  if (file.type.startsWith('image/') && file.size > IMAGE_SIZE_LIMIT)
    return error(422, 'Validation failed: File file size must be less than 16 MB');
  const description = str(request.params, 'description');
  const invalid = validateDescription(description);
  if (invalid) return invalid;
  const focus = parseFocus(str(request.params, 'focus'));
  if (focus === 'invalid') return error(422, 'Validation failed: Focus is invalid');
  const media: PeerMedia = {
    id: peer.state.nextId(),
    accountId: account.id,
    type: mediaType(file.type),
    fileName: file.name || 'file',
    mimeType: file.type,
    bytes: Buffer.from(await file.arrayBuffer()),
    description: description ?? null,
    focus,
    statusId: null,
    pollsUntilProcessed: asynchronous ? Math.max(0, peer.settings.mediaProcessingPolls) : 0,
    createdAt: new Date(peer.now()),
  };
  peer.state.media.set(media.id, media);
  return { status: media.pollsUntilProcessed > 0 ? 202 : 200, body: mediaJson(peer, media) };
}

function ownUnattached(peer: PeerContext, request: RequestContext, id: string): PeerMedia | null {
  const media = peer.state.media.get(id);
  return media && media.accountId === request.account?.id && media.statusId === null ? media : null;
}

function show(peer: PeerContext, request: RequestContext, match: string[]): Reply {
  const media = ownUnattached(peer, request, match[1] ?? '');
  if (!media) return RECORD_NOT_FOUND();
  if (media.pollsUntilProcessed > 0) media.pollsUntilProcessed -= 1;
  return { status: media.pollsUntilProcessed > 0 ? 206 : 200, body: mediaJson(peer, media) };
}

function update(peer: PeerContext, request: RequestContext, match: string[]): Reply {
  const media = ownUnattached(peer, request, match[1] ?? '');
  if (!media) return RECORD_NOT_FOUND();
  const description = str(request.params, 'description');
  const invalid = validateDescription(description);
  if (invalid) return invalid;
  const focus = parseFocus(str(request.params, 'focus'));
  if (focus === 'invalid') return error(422, 'Validation failed: Focus is invalid');
  if (description !== undefined) media.description = description;
  if (focus) media.focus = focus;
  return { status: media.pollsUntilProcessed > 0 ? 206 : 200, body: mediaJson(peer, media) };
}

export const mediaRoutes: Route[] = [
  {
    method: 'POST',
    pattern: /^\/api\/v2\/media$/,
    auth: 'user',
    scopes: ['write:media'],
    handle: (peer, request) => upload(peer, request, true),
  },
  {
    method: 'POST',
    pattern: /^\/api\/v1\/media$/,
    auth: 'user',
    scopes: ['write:media'],
    handle: (peer, request) => upload(peer, request, false),
  },
  { method: 'GET', pattern: /^\/api\/v1\/media\/([^/]+)$/, auth: 'user', scopes: ['write:media'], handle: show },
  { method: 'PUT', pattern: /^\/api\/v1\/media\/([^/]+)$/, auth: 'user', scopes: ['write:media'], handle: update },
];
