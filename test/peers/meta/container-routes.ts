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
import { type Container, graphTime, type Published, type Subject } from './store.js';

/**
 * Instagram Content Publishing and the Threads API: both publish in two steps, a media container
 * (`POST /{ig-user-id}/media`, `POST /{threads-user-id}/threads`) that Meta fills by FETCHING the
 * `image_url` it was given, then `POST …/media_publish` / `…/threads_publish` with `creation_id`.
 * Containers answer IN_PROGRESS to `settings.containerPolls` status reads, then FINISHED (or
 * ERROR when the image could not be fetched or is not a JPEG on Instagram).
 *
 * Publishing a container twice: Meta documents PUBLISHED as a container state (IG Container
 * reference: "PUBLISHED — the container's media object has been published") but not the reply to
 * a second media_publish. The peer never makes a second media: it answers 400 code 24 subcode
 * 2207008 ("media builder … does not exist or has been expired", Instagram error-codes table), the
 * error Instagram gives for a creation id it cannot publish. Clients must not count on either.
 */

const IG_CAPTION_MAX = 2200;
const THREADS_TEXT_MAX = 500;

type Network = 'instagram' | 'threads';

function owns(subject: Subject, ownerId: string, network: Network): boolean {
  return subject.id === ownerId && subject.kind === network;
}

export function statusOf(peer: PeerContext, container: Container, count = true): Container['status'] {
  if (container.status === 'IN_PROGRESS' && count) {
    if (container.pollsLeft <= 0) container.status = 'FINISHED';
    else container.pollsLeft -= 1;
  }
  if (container.status !== 'PUBLISHED' && peer.now() - container.createdAt > 24 * 3600_000) container.status = 'EXPIRED';
  return container.status;
}

export function shapeContainer(peer: PeerContext, container: Container): Record<string, unknown> {
  const status = statusOf(peer, container);
  return container.network === 'instagram'
    ? { id: container.id, status_code: status, status: status === 'ERROR' ? `Error: ${container.errorMessage}` : status }
    : { id: container.id, status, error_message: status === 'ERROR' ? (container.errorMessage ?? undefined) : undefined };
}

export function shapePublished(peer: PeerContext, media: Published): Record<string, unknown> {
  const owner = peer.state.subjects.get(media.ownerId);
  const permalink =
    media.network === 'instagram'
      ? `https://www.instagram.com/p/${media.shortcode}/`
      : `https://www.threads.net/@${owner?.username ?? 'unknown'}/post/${media.shortcode}`;
  return {
    id: media.id,
    [media.network === 'instagram' ? 'caption' : 'text']: media.caption || undefined,
    media_type: media.mediaType,
    timestamp: graphTime(media.createdAt),
    permalink,
    shortcode: media.shortcode,
    username: owner?.username,
    alt_text: media.items.length === 1 ? (media.items[0]?.altText ?? undefined) : undefined,
  };
}

async function createContainer(
  peer: PeerContext,
  network: Network,
  ownerId: string,
  request: Parameters<Route['handle']>[1],
): Promise<Reply> {
  const type = (
    param(request, 'media_type') ?? (param(request, 'image_url') ? 'IMAGE' : network === 'threads' ? 'TEXT' : 'IMAGE')
  ).toUpperCase();
  const caption = param(request, network === 'instagram' ? 'caption' : 'text') ?? '';
  const max = network === 'instagram' ? IG_CAPTION_MAX : THREADS_TEXT_MAX;
  if ([...caption].length > max)
    return graphError(400, 100, `(#100) The ${network === 'instagram' ? 'caption' : 'text'} is too long (maximum ${max} characters).`);
  const base: Container = {
    id: peer.state.nextId(network === 'instagram' ? '1790' : '1800'),
    network,
    ownerId,
    mediaType: 'IMAGE',
    caption,
    imageUrl: null,
    bytes: null,
    altText: param(request, 'alt_text') ?? null,
    isCarouselItem: flag(request, 'is_carousel_item', false),
    children: [],
    status: 'IN_PROGRESS',
    pollsLeft: peer.settings.containerPolls,
    errorMessage: null,
    createdAt: peer.now(),
    mediaId: null,
  };
  if (type === 'TEXT') {
    if (network !== 'threads') return graphError(400, 100, '(#100) The parameter image_url is required.');
    if (!caption) return graphError(400, 100, '(#100) The parameter text is required for TEXT posts.');
    base.mediaType = 'TEXT';
  } else if (type === 'CAROUSEL') {
    const raw = request.params.children ?? request.query.get('children') ?? '';
    const children = (Array.isArray(raw) ? raw : String(raw).split(',')).map((c) => String(c).trim()).filter(Boolean);
    const max = network === 'instagram' ? 10 : 20;
    if (children.length < 2 || children.length > max) return graphError(400, 100, `(#100) A carousel needs between 2 and ${max} children.`);
    for (const id of children) {
      const child = peer.state.containers.get(id);
      if (!child || child.ownerId !== ownerId || !child.isCarouselItem)
        return graphError(400, 100, `(#100) Invalid child container: ${id}`);
      if (statusOf(peer, child, false) !== 'FINISHED') return graphError(400, 9007, 'Media ID is not available', { subcode: 2207027 });
    }
    base.mediaType = 'CAROUSEL';
    base.children = children;
  } else if (type === 'IMAGE') {
    const url = param(request, 'image_url');
    if (!url) return graphError(400, 100, '(#100) The parameter image_url is required.');
    base.imageUrl = url;
    const fetched = await fetchImage(url);
    const accepted = network === 'instagram' ? ['image/jpeg'] : ['image/jpeg', 'image/png'];
    if ('error' in fetched) {
      base.status = 'ERROR';
      base.errorMessage = `Media download has failed. The media URI doesn't meet our requirements. (${fetched.error})`;
    } else if (!accepted.includes(fetched.contentType)) {
      base.status = 'ERROR';
      base.errorMessage = 'Only photo or video can be accepted as media type.';
    } else base.bytes = fetched.bytes;
  } else {
    return graphError(400, 100, `(#100) media_type must be one of {IMAGE, CAROUSEL${network === 'threads' ? ', TEXT' : ''}}`);
  }
  peer.state.containers.set(base.id, base);
  return { status: 200, body: { id: base.id } };
}

function publishContainer(peer: PeerContext, network: Network, ownerId: string, request: Parameters<Route['handle']>[1]): Reply {
  peer.state.publishRequests += 1;
  const creationId = param(request, 'creation_id');
  if (!creationId) return graphError(400, 100, '(#100) The parameter creation_id is required.');
  const container = peer.state.containers.get(creationId);
  const notFound = () =>
    graphError(400, 24, `The media builder with creation id = ${creationId} does not exist or has been expired.`, {
      subcode: 2207008,
      userTitle: 'Media builder not found',
    });
  if (!container || container.ownerId !== ownerId || container.network !== network) return notFound();
  const status = statusOf(peer, container, false);
  if (status === 'PUBLISHED' || status === 'EXPIRED') return notFound();
  if (status !== 'FINISHED') {
    return graphError(400, 9007, 'Media ID is not available', {
      subcode: 2207027,
      userMessage: 'The media is not ready for publishing, please wait for a moment',
    });
  }
  if (container.isCarouselItem) return graphError(400, 100, '(#100) A carousel item cannot be published on its own.');
  const leaves = container.mediaType === 'CAROUSEL' ? container.children.map((id) => peer.state.containers.get(id)) : [container];
  const media: Published = {
    id: peer.state.nextId(network === 'instagram' ? '1791' : '1801'),
    network,
    ownerId,
    mediaType: container.mediaType === 'CAROUSEL' ? 'CAROUSEL_ALBUM' : container.mediaType === 'TEXT' ? 'TEXT_POST' : 'IMAGE',
    caption: container.caption,
    createdAt: peer.now(),
    containerId: container.id,
    items: leaves.flatMap((leaf) => (leaf?.bytes ? [{ bytes: leaf.bytes, altText: leaf.altText }] : [])),
    shortcode: Buffer.from(container.id).toString('base64url').slice(0, 11),
  };
  peer.state.published.set(media.id, media);
  container.status = 'PUBLISHED';
  container.mediaId = media.id;
  for (const leaf of leaves) if (leaf && leaf !== container) leaf.status = 'PUBLISHED';
  return { status: 200, body: { id: media.id } };
}

function routesFor(network: Network, containerEdge: string, publishEdge: string): Route[] {
  return [
    {
      method: 'POST',
      pattern: new RegExp(`^/(\\d+)/${containerEdge}$`),
      handle: (peer, request, [, ownerId = '']) =>
        owns(request.subject, ownerId, network) ? createContainer(peer, network, ownerId, request) : unsupportedGet(ownerId, 'post'),
    },
    {
      method: 'POST',
      pattern: new RegExp(`^/(\\d+)/${publishEdge}$`),
      handle: (peer, request, [, ownerId = '']) =>
        owns(request.subject, ownerId, network) ? publishContainer(peer, network, ownerId, request) : unsupportedGet(ownerId, 'post'),
    },
    {
      method: 'GET',
      pattern: new RegExp(`^/(\\d+)/${containerEdge}$`),
      handle(peer, request, [, ownerId = '']) {
        if (!owns(request.subject, ownerId, network)) return unsupportedGet(ownerId);
        const fields = fieldsOf(request, network === 'instagram' ? [] : ['id']);
        return page(
          peer,
          request,
          peer.state.publishedOf(ownerId),
          (m) => m.createdAt,
          (m) => pick(shapePublished(peer, m), fields),
        );
      },
    },
  ];
}

export const containerRoutes: Route[] = [
  ...routesFor('instagram', 'media', 'media_publish'),
  ...routesFor('threads', 'threads', 'threads_publish'),
];
