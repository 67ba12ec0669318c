import {
  fetchImage,
  fieldsOf,
  flag,
  graphError,
  page,
  param,
  pick,
  type PeerContext,
  type Reply,
  type Route,
  unsupportedGet,
} from './graph.js';
import { graphTime, type PagePhoto, type PagePost } from './store.js';

/**
 * Facebook Pages, as the Graph API Pages documentation describes them: `POST /{page-id}/feed`
 * (message, link, published, attached_media[] of `{"media_fbid": …}`), `POST /{page-id}/photos`
 * (`url` or multipart `source`, `caption`/`message`, `published`, `alt_text_custom`), and
 * `GET /{page-id}/feed`. Only a token of the Page itself may post to or read it here.
 */

const MAX_MESSAGE = 63_206;
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/bmp', 'image/tiff']);

function permalink(post: PagePost): string {
  return `https://www.facebook.com/${post.pageId}/posts/${post.id.split('_')[1]}`;
}

export function shapePost(peer: PeerContext, post: PagePost): Record<string, unknown> {
  return {
    id: post.id,
    message: post.message || undefined,
    created_time: graphTime(post.createdAt),
    permalink_url: permalink(post),
    attachments: attachmentsOf(peer, post),
  };
}

/** As Graph shows them: one photo → a `photo` attachment; several → one `album` with `subattachments`. */
function attachmentsOf(peer: PeerContext, post: PagePost): Record<string, unknown> | undefined {
  const photos = post.photoIds.map((id) => ({
    type: 'photo',
    media_type: 'photo',
    target: { id, url: `https://www.facebook.com/photo.php?fbid=${id}` },
    description: peer.state.photos.get(id)?.caption || undefined,
  }));
  if (photos.length === 0) return undefined;
  if (photos.length === 1) return { data: photos };
  return { data: [{ type: 'album', media_type: 'album', subattachments: { data: photos } }] };
}

export function shapePhoto(photo: PagePhoto): Record<string, unknown> {
  return { id: photo.id, alt_text_custom: photo.altText ?? undefined, name: photo.caption || undefined, published: photo.published };
}

function newPost(peer: PeerContext, pageId: string, message: string, link: string | null, photoIds: string[]): PagePost {
  const post: PagePost = { id: `${pageId}_${peer.state.nextId('10')}`, pageId, message, link, createdAt: peer.now(), photoIds };
  peer.state.posts.set(post.id, post);
  for (const id of photoIds) {
    const photo = peer.state.photos.get(id);
    if (photo) photo.postId = post.id;
  }
  return post;
}

function attachedMedia(raw: unknown): string[] | Reply {
  const list = Array.isArray(raw) ? raw : typeof raw === 'string' ? [raw] : [];
  const ids: string[] = [];
  for (const entry of list) {
    try {
      const parsed = JSON.parse(String(entry)) as { media_fbid?: unknown };
      if (typeof parsed.media_fbid !== 'string' && typeof parsed.media_fbid !== 'number') throw new Error('no media_fbid');
      ids.push(String(parsed.media_fbid));
    } catch {
      return graphError(400, 100, '(#100) param attached_media must be an array of objects with a media_fbid');
    }
  }
  return ids;
}

export const pageRoutes: Route[] = [
  {
    method: 'POST',
    pattern: /^\/(\d+)\/feed$/,
    handle(peer, request, [, pageId = '']) {
      if (request.subject.id !== pageId || request.subject.kind !== 'page') return unsupportedGet(pageId, 'post');
      peer.state.publishRequests += 1;
      const message = param(request, 'message') ?? '';
      const link = param(request, 'link') ?? null;
      const ids = attachedMedia(request.params.attached_media);
      if (!Array.isArray(ids)) return ids;
      if (!message && !link && ids.length === 0) return graphError(400, 100, '(#100) Missing message or attachment');
      if ([...message].length > MAX_MESSAGE) return graphError(400, 100, `(#100) Message must be ${MAX_MESSAGE} characters or less`);
      for (const id of ids) {
        const photo = peer.state.photos.get(id);
        if (!photo || photo.pageId !== pageId) return graphError(400, 100, `(#100) Invalid media_fbid: ${id}`);
        if (photo.published || photo.postId) return graphError(400, 100, `(#100) Photo ${id} is already published`);
      }
      if (flag(request, 'published', true) === false)
        return graphError(400, 100, '(#100) Unpublished posts are not supported by this peer');
      const post = newPost(peer, pageId, message, link, ids);
      return { status: 200, body: { id: post.id } };
    },
  },
  {
    method: 'POST',
    pattern: /^\/(\d+)\/photos$/,
    async handle(peer, request, [, pageId = '']) {
      if (request.subject.id !== pageId || request.subject.kind !== 'page') return unsupportedGet(pageId, 'post');
      const published = flag(request, 'published', true);
      if (published) peer.state.publishRequests += 1;
      const source = request.params.source;
      let bytes: Buffer;
      let contentType: string;
      if (source instanceof File) {
        bytes = Buffer.from(await source.arrayBuffer());
        contentType = source.type;
      } else {
        const url = param(request, 'url');
        if (!url) return graphError(400, 324, '(#324) Requires upload file');
        const fetched = await fetchImage(url);
        if ('error' in fetched) return graphError(400, 324, `(#324) Missing or invalid image file (${fetched.error})`);
        ({ bytes, contentType } = fetched);
      }
      if (!PHOTO_TYPES.has(contentType) || bytes.length === 0) return graphError(400, 324, '(#324) Missing or invalid image file');
      if (bytes.length > 4 * 1000 * 1000) return graphError(400, 100, '(#100) Photo is too large');
      const photo: PagePhoto = {
        id: peer.state.nextId('10'),
        pageId,
        bytes,
        contentType,
        altText: param(request, 'alt_text_custom') ?? null,
        caption: param(request, 'caption') ?? param(request, 'message') ?? '',
        published,
        postId: null,
      };
      peer.state.photos.set(photo.id, photo);
      if (!published) return { status: 200, body: { id: photo.id } };
      const post = newPost(peer, pageId, photo.caption, null, []);
      post.photoIds.push(photo.id);
      photo.postId = post.id;
      return { status: 200, body: { id: photo.id, post_id: post.id } };
    },
  },
  {
    method: 'GET',
    pattern: /^\/(\d+)\/(?:feed|posts|published_posts)$/,
    handle(peer, request, [, pageId = '']) {
      if (request.subject.id !== pageId || request.subject.kind !== 'page') return unsupportedGet(pageId);
      const fields = fieldsOf(request, ['message', 'created_time']);
      return page(
        peer,
        request,
        peer.state.postsOf(pageId),
        (p) => p.createdAt,
        (p) => pick(shapePost(peer, p), fields),
      );
    },
  },
];
