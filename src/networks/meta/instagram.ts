import { ConnectorError, type ConnectedAccount, type Connector, type ConnectorOptions } from '../connector.js';
import { type ContainerFlavour, permalinkOr, prepareContainer, publishContainer } from './containers.js';
import { comparable, findInRecent, graphClient, type GraphClient, type ImageUrlFor, imageUrlSource, str } from './graph-client.js';
import { refreshLongLivedToken } from './oauth.js';

/**
 * Instagram professional accounts through the Instagram Graph API, Content Publishing:
 * `POST /{ig-user-id}/media` (image_url, caption, alt_text; carousel items with
 * `is_carousel_item=true`, then `media_type=CAROUSEL` with `children`), poll
 * `GET /{container-id}?fields=status_code` until FINISHED, then `POST /{ig-user-id}/media_publish`
 * with `creation_id`. See containers.ts for why this publishes at most once.
 *
 * Instagram needs media (limits.ts: requiresMedia): a request without is `rejected` before any
 * call. Images must be JPEG (Meta fetches and checks them; a PNG gives container ERROR).
 *
 * Images: Instagram FETCHES each image from a public URL; there is no upload of bytes. Kanaal
 * exposes media at a signed public URL; the connector gets the signer either from
 * `createInstagramConnector({ imageUrlFor })` or, for the shared `instagramConnector`, as a
 * function `imageUrlFor` the publisher adds to `account.credentials` at call time (never sealed).
 *
 * Credentials: `{ igUserId, accessToken, expiresAt? }`. With Instagram Login the token is a
 * long-lived 60-day token: `refresh` renews it (`ig_refresh_token`). With Facebook Login
 * (graph.facebook.com, a Page token) it does not expire and refresh returns it unchanged.
 */

export const INSTAGRAM_GRAPH_VERSION = 'v21.0';

const FLAVOUR: ContainerFlavour = {
  containerEdge: 'media',
  publishEdge: 'media_publish',
  statusField: 'status_code',
  textParam: 'caption',
  carouselMax: 10,
};

type Media = { id: string; caption?: string; timestamp?: string; media_type?: string; permalink?: string };

function credentialsOf(account: ConnectedAccount): { igUserId: string; accessToken: string } {
  const igUserId = str(account.credentials.igUserId);
  const accessToken = str(account.credentials.accessToken);
  if (!igUserId || !accessToken) throw new ConnectorError('auth_expired', 'no Instagram token stored for this channel; connect it again');
  return { igUserId, accessToken };
}

function clientFor(account: ConnectedAccount, options?: ConnectorOptions): { client: GraphClient; igUserId: string } {
  const { igUserId, accessToken } = credentialsOf(account);
  return { client: graphClient(account, accessToken, INSTAGRAM_GRAPH_VERSION, options), igUserId };
}

function profileUrl(account: ConnectedAccount): string {
  return `https://www.instagram.com/${account.handle.replace(/^@/, '')}/`;
}

export function createInstagramConnector(config: { imageUrlFor?: ImageUrlFor } = {}): Connector {
  return {
    network: 'instagram',

    async verify(account, options) {
      const { client, igUserId } = clientFor(account, options);
      const me = await client.call<{ id: string; username?: string; name?: string }>(
        { method: 'GET', path: `/${igUserId}`, query: { fields: 'id,username,name' } },
        'read',
      );
      return { handle: `@${me.username ?? me.id}`, displayName: me.name, remoteAccountId: me.id };
    },

    async publish(account, request, options) {
      if (request.media.length === 0) throw new ConnectorError('rejected', 'Instagram posts need at least one image');
      const { client, igUserId } = clientFor(account, options);
      const containerId = await prepareContainer(
        client,
        FLAVOUR,
        account,
        igUserId,
        request,
        () => imageUrlSource(account, config.imageUrlFor),
        options?.signal,
      );
      const mediaId = await publishContainer(client, FLAVOUR, igUserId, containerId);
      return { remoteId: mediaId, url: await permalinkOr(client, mediaId, profileUrl(account)) };
    },

    async findPublished(account, request, since, options) {
      const { client, igUserId } = clientFor(account, options);
      const wanted = comparable(request.text);
      const wantedType = request.media.length > 1 ? 'CAROUSEL_ALBUM' : 'IMAGE';
      const found = await findInRecent<Media>(
        client,
        { method: 'GET', path: `/${igUserId}/media`, query: { fields: 'id,caption,media_type,timestamp,permalink' } },
        since,
        (media) => media.timestamp,
        (media) => comparable(media.caption) === wanted && (media.media_type ?? wantedType) === wantedType,
      );
      return found ? { remoteId: found.id, url: found.permalink ?? profileUrl(account) } : null;
    },

    async refresh(account, options) {
      const { accessToken } = credentialsOf(account);
      // Facebook Login tokens (a Page's) do not expire; only Instagram Login tokens are refreshed.
      if (new URL(account.apiBaseUrl).hostname === 'graph.facebook.com') return account.credentials;
      const renewed = await refreshLongLivedToken(account.apiBaseUrl, accessToken, 'ig_refresh_token', options);
      return { ...account.credentials, accessToken: renewed.accessToken, expiresAt: renewed.expiresAt };
    },
  };
}

export const instagramConnector: Connector = createInstagramConnector();
