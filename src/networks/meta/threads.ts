import { ConnectorError, type ConnectedAccount, type Connector, type ConnectorOptions } from '../connector.js';
import { type ContainerFlavour, permalinkOr, prepareContainer, publishContainer } from './containers.js';
import { comparable, findInRecent, graphClient, type GraphClient, type ImageUrlFor, imageUrlSource, str } from './graph-client.js';
import { refreshLongLivedToken } from './oauth.js';

/**
 * Threads through the Threads API (graph.threads.net/v1.0): `POST /{threads-user-id}/threads`
 * (`media_type=TEXT|IMAGE|CAROUSEL`, `text`, `image_url`, `alt_text`, `is_carousel_item`,
 * `children`), poll `GET /{container-id}?fields=status,error_message` until FINISHED (Meta
 * advises waiting before publishing; polling is the documented way to know), then
 * `POST /{threads-user-id}/threads_publish` with `creation_id`. Exactly-once as in containers.ts;
 * images come from public URLs as for Instagram (see instagram.ts for `imageUrlFor`).
 *
 * Credentials: `{ threadsUserId, accessToken, expiresAt? }`; long-lived tokens last 60 days and
 * `refresh` renews them (`th_refresh_token`).
 */

export const THREADS_GRAPH_VERSION = 'v1.0';

const FLAVOUR: ContainerFlavour = {
  containerEdge: 'threads',
  publishEdge: 'threads_publish',
  statusField: 'status',
  textParam: 'text',
  carouselMax: 20,
  textOnlyType: 'TEXT',
};

type Post = { id: string; text?: string; timestamp?: string; media_type?: string; permalink?: string };

function credentialsOf(account: ConnectedAccount): { threadsUserId: string; accessToken: string } {
  const threadsUserId = str(account.credentials.threadsUserId);
  const accessToken = str(account.credentials.accessToken);
  if (!threadsUserId || !accessToken)
    throw new ConnectorError('auth_expired', 'no Threads token stored for this channel; connect it again');
  return { threadsUserId, accessToken };
}

function clientFor(account: ConnectedAccount, options?: ConnectorOptions): { client: GraphClient; userId: string } {
  const { threadsUserId, accessToken } = credentialsOf(account);
  return { client: graphClient(account, accessToken, THREADS_GRAPH_VERSION, options), userId: threadsUserId };
}

function profileUrl(account: ConnectedAccount): string {
  return `https://www.threads.net/@${account.handle.replace(/^@/, '')}`;
}

function typeFor(mediaCount: number): string {
  return mediaCount === 0 ? 'TEXT_POST' : mediaCount === 1 ? 'IMAGE' : 'CAROUSEL_ALBUM';
}

export function createThreadsConnector(config: { imageUrlFor?: ImageUrlFor } = {}): Connector {
  return {
    network: 'threads',

    async verify(account, options) {
      const { client, userId } = clientFor(account, options);
      const me = await client.call<{ id: string; username?: string; name?: string }>(
        { method: 'GET', path: `/${userId}`, query: { fields: 'id,username,name' } },
        'read',
      );
      return { handle: `@${me.username ?? me.id}`, displayName: me.name, remoteAccountId: me.id };
    },

    async publish(account, request, options) {
      const { client, userId } = clientFor(account, options);
      const containerId = await prepareContainer(
        client,
        FLAVOUR,
        account,
        userId,
        request,
        () => imageUrlSource(account, config.imageUrlFor),
        options?.signal,
      );
      const id = await publishContainer(client, FLAVOUR, userId, containerId);
      return { remoteId: id, url: await permalinkOr(client, id, profileUrl(account)) };
    },

    async findPublished(account, request, since, options) {
      const { client, userId } = clientFor(account, options);
      const wanted = comparable(request.text);
      const wantedType = typeFor(request.media.length);
      const found = await findInRecent<Post>(
        client,
        { method: 'GET', path: `/${userId}/threads`, query: { fields: 'id,text,media_type,timestamp,permalink' } },
        since,
        (post) => post.timestamp,
        // Threads reports carousels as CAROUSEL_ALBUM; some versions say CAROUSEL.
        (post) =>
          comparable(post.text) === wanted && (post.media_type ?? wantedType).replace(/^CAROUSEL$/, 'CAROUSEL_ALBUM') === wantedType,
      );
      return found ? { remoteId: found.id, url: found.permalink ?? profileUrl(account) } : null;
    },

    async refresh(account, options) {
      const { accessToken } = credentialsOf(account);
      const renewed = await refreshLongLivedToken(account.apiBaseUrl, accessToken, 'th_refresh_token', options);
      return { ...account.credentials, accessToken: renewed.accessToken, expiresAt: renewed.expiresAt };
    },
  };
}

export const threadsConnector: Connector = createThreadsConnector();
