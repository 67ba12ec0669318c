import { ConnectorError, type ConnectedAccount, type Connector, type ConnectorOptions } from '../connector.js';
import { comparable, findInRecent, type GraphClient, graphClient, str } from './graph-client.js';

/**
 * Facebook Pages through the Graph API (Pages API: `POST /{page-id}/feed`, `/{page-id}/photos`).
 *
 * - Text (and links inside it): one `POST /{page-id}/feed` with `message`.
 * - Photos: each is uploaded first with `published=false` as multipart `source` (the bytes go in
 *   the request: Facebook, unlike Instagram and Threads, needs no public URL) and its alt text as
 *   `alt_text_custom`; then one `POST /{page-id}/feed` with `attached_media[i]={"media_fbid":…}`.
 *   An unpublished photo is not visible, so failures while uploading are `unavailable`.
 * - Exactly once: Graph has no idempotency key. After an ambiguous `/feed` call the publisher
 *   calls `findPublished`, which reads `GET /{page-id}/feed` from `since` (minus clock skew) and
 *   matches the message and the number of attached photos.
 *
 * Credentials: `{ pageId, pageAccessToken }`. A Page token obtained from a long-lived user token
 * does not expire (Facebook Login docs, "long-lived Page access token"), so there is no refresh; a
 * 190 means the person must reconnect (password change, app removed, permission revoked).
 */

export const GRAPH_VERSION = 'v21.0';

type FacebookCredentials = { pageId: string; pageAccessToken: string };

function credentialsOf(account: ConnectedAccount): FacebookCredentials {
  const pageId = str(account.credentials.pageId);
  const pageAccessToken = str(account.credentials.pageAccessToken) ?? str(account.credentials.accessToken);
  if (!pageId || !pageAccessToken)
    throw new ConnectorError('auth_expired', 'no Facebook Page token stored for this channel; connect it again');
  return { pageId, pageAccessToken };
}

function clientFor(account: ConnectedAccount, options?: ConnectorOptions): { client: GraphClient; pageId: string } {
  const { pageId, pageAccessToken } = credentialsOf(account);
  return { client: graphClient(account, pageAccessToken, GRAPH_VERSION, options), pageId };
}

type Attachment = { subattachments?: { data?: unknown[] } };
type FeedPost = { id: string; message?: string; created_time?: string; permalink_url?: string; attachments?: { data?: Attachment[] } };

/** Photos in a post: one attachment per photo, or one album attachment whose subattachments are the photos. */
function photoCount(post: FeedPost): number {
  const data = post.attachments?.data ?? [];
  return data.reduce((n, a) => n + (a.subattachments?.data?.length ?? 1), 0);
}

function fallbackUrl(postId: string): string {
  const [page, post] = postId.split('_');
  return post ? `https://www.facebook.com/${page}/posts/${post}` : `https://www.facebook.com/${postId}`;
}

async function permalinkOf(client: GraphClient, postId: string): Promise<string> {
  try {
    const post = await client.call<FeedPost>({ method: 'GET', path: `/${postId}`, query: { fields: 'permalink_url' } }, 'read');
    return post.permalink_url ?? fallbackUrl(postId);
  } catch {
    // The post exists: a failed permalink read must not turn a success into a failure.
    return fallbackUrl(postId);
  }
}

export const facebookConnector: Connector = {
  network: 'facebook',

  async verify(account, options) {
    const { client, pageId } = clientFor(account, options);
    const page = await client.call<{ id: string; name?: string; username?: string }>(
      { method: 'GET', path: `/${pageId}`, query: { fields: 'id,name,username' } },
      'read',
    );
    return { handle: page.username ? `@${page.username}` : (page.name ?? page.id), displayName: page.name, remoteAccountId: page.id };
  },

  async publish(account, request, options) {
    const { client, pageId } = clientFor(account, options);
    const photoIds: string[] = [];
    for (const item of request.media) {
      if (!item.mimeType.startsWith('image/'))
        throw new ConnectorError('rejected', `Facebook publishing supports photos only here, not ${item.mimeType}`);
      const form = new FormData();
      form.append('source', new Blob([new Uint8Array(item.bytes)], { type: item.mimeType }), item.fileName);
      form.append('published', 'false');
      form.append('alt_text_custom', item.altText);
      const photo = await client.call<{ id: string }>({ method: 'POST', path: `/${pageId}/photos`, form }, 'prepare');
      photoIds.push(photo.id);
    }
    const form: Record<string, string> = { message: request.text };
    photoIds.forEach((id, i) => {
      form[`attached_media[${i}]`] = JSON.stringify({ media_fbid: id });
    });
    const post = await client.call<{ id: string }>({ method: 'POST', path: `/${pageId}/feed`, form }, 'publish');
    return { remoteId: post.id, url: await permalinkOf(client, post.id) };
  },

  async findPublished(account, request, since, options) {
    const { client, pageId } = clientFor(account, options);
    const wanted = comparable(request.text);
    const found = await findInRecent<FeedPost>(
      client,
      { method: 'GET', path: `/${pageId}/feed`, query: { fields: 'id,message,created_time,permalink_url,attachments' } },
      since,
      (post) => post.created_time,
      (post) => comparable(post.message) === wanted && photoCount(post) === request.media.length,
    );
    return found ? { remoteId: found.id, url: found.permalink_url ?? fallbackUrl(found.id) } : null;
  },
};
