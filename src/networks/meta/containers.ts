import { ConnectorError, type ConnectedAccount, type MediaItem, type PublishRequest } from '../connector.js';
import { type GraphClient, type ImageUrlFor, waitForContainer } from './graph-client.js';

/**
 * The two-step publishing Instagram and Threads share: containers first (Meta fetches each
 * image from its public URL), poll until FINISHED, then ONE publish call with `creation_id`.
 *
 * Why this is safe for exactly-once: a container is invisible until published and expires after
 * 24 h, so every failure before the publish call is `unavailable` (nothing public). The publish
 * call is the only step that can leave a post behind; an unclear outcome there is `ambiguous`
 * and the connector never calls it again for the same container — reconcile reads the account's
 * recent posts instead (a container id is a natural idempotency handle, but Kanaal does not
 * persist it between attempts, so `findPublished` matches by caption and time).
 */

export type ContainerFlavour = {
  /** `media` (Instagram) or `threads` (Threads). */
  containerEdge: string;
  publishEdge: string;
  /** Status field to poll: Instagram `status_code`, Threads `status`. */
  statusField: 'status_code' | 'status';
  /** Caption parameter: Instagram `caption`, Threads `text`. */
  textParam: 'caption' | 'text';
  carouselMax: number;
  /** Media type for a post without media (Threads TEXT); undefined when media is required. */
  textOnlyType?: 'TEXT';
};

async function imageContainer(
  client: GraphClient,
  flavour: ContainerFlavour,
  ownerId: string,
  url: string,
  item: MediaItem,
  caption: string | undefined,
  carouselItem: boolean,
): Promise<string> {
  const form: Record<string, string | undefined> = {
    media_type: flavour.textOnlyType ? 'IMAGE' : undefined, // Instagram: IMAGE is the default and "IMAGE" is not a documented value.
    image_url: url,
    alt_text: item.altText,
    is_carousel_item: carouselItem ? 'true' : undefined,
    [flavour.textParam]: caption,
  };
  const { id } = await client.call<{ id: string }>({ method: 'POST', path: `/${ownerId}/${flavour.containerEdge}`, form }, 'prepare');
  return id;
}

/** Makes the container(s) for a request and waits until the one to publish is FINISHED; returns its id. */
export async function prepareContainer(
  client: GraphClient,
  flavour: ContainerFlavour,
  account: ConnectedAccount,
  ownerId: string,
  request: PublishRequest,
  imageUrlFor: () => ImageUrlFor,
  signal: AbortSignal | undefined,
): Promise<string> {
  const media = request.media;
  for (const item of media) {
    if (!item.mimeType.startsWith('image/')) throw new ConnectorError('rejected', `only images are published here, not ${item.mimeType}`);
  }
  if (media.length > flavour.carouselMax) throw new ConnectorError('rejected', `at most ${flavour.carouselMax} images per post`);
  if (media.length === 0) {
    if (!flavour.textOnlyType) throw new ConnectorError('rejected', 'a post here needs at least one image');
    const { id } = await client.call<{ id: string }>(
      { method: 'POST', path: `/${ownerId}/${flavour.containerEdge}`, form: { media_type: 'TEXT', [flavour.textParam]: request.text } },
      'prepare',
    );
    await waitForContainer(client, id, flavour.statusField, signal);
    return id;
  }
  const sign = imageUrlFor();
  const urls: string[] = [];
  for (const [index, item] of media.entries()) {
    try {
      urls.push(await sign(item, { channelId: account.channelId, index }));
    } catch (error) {
      throw new ConnectorError('unavailable', `could not make a public URL for ${item.fileName}: ${(error as Error).message}`);
    }
  }
  const [first, only] = [media[0], urls[0]];
  if (media.length === 1 && first && only) {
    const id = await imageContainer(client, flavour, ownerId, only, first, request.text, false);
    await waitForContainer(client, id, flavour.statusField, signal);
    return id;
  }
  const children: string[] = [];
  for (const [index, item] of media.entries()) {
    children.push(await imageContainer(client, flavour, ownerId, urls[index] ?? '', item, undefined, true));
  }
  for (const child of children) await waitForContainer(client, child, flavour.statusField, signal);
  const { id } = await client.call<{ id: string }>(
    {
      method: 'POST',
      path: `/${ownerId}/${flavour.containerEdge}`,
      form: { media_type: 'CAROUSEL', children: children.join(','), [flavour.textParam]: request.text },
    },
    'prepare',
  );
  await waitForContainer(client, id, flavour.statusField, signal);
  return id;
}

/** The one call that makes a post public. Never repeated for the same container. */
export async function publishContainer(
  client: GraphClient,
  flavour: ContainerFlavour,
  ownerId: string,
  containerId: string,
): Promise<string> {
  const { id } = await client.call<{ id: string }>(
    { method: 'POST', path: `/${ownerId}/${flavour.publishEdge}`, form: { creation_id: containerId } },
    'publish',
  );
  return id;
}

/** The permalink of a new post; a failed read must not turn a published post into a failure. */
export async function permalinkOr(client: GraphClient, id: string, fallback: string): Promise<string> {
  try {
    const media = await client.call<{ permalink?: string }>({ method: 'GET', path: `/${id}`, query: { fields: 'permalink' } }, 'read');
    return media.permalink ?? fallback;
  } catch {
    return fallback;
  }
}
