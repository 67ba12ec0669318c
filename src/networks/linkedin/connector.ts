import { ConnectorError, type ConnectedAccount, type Connector, type ConnectorOptions, type PublishRequest } from '../connector.js';
import { apiBase, type RestClient, restClient } from './client.js';
import { refreshTokens, tokenBaseFor } from './oauth.js';
import { LINKEDIN_VERSION, lookupOrganization, requireOrganization } from './organizations.js';
import { type ImageRef, isSamePost, type LinkedInPost, postBody } from './post-body.js';

/**
 * LinkedIn pages, through the versioned Posts and Images APIs over fetch (client.ts says why not
 * linkedin-api-client). A channel is a page: posts are authored by `urn:li:organization:N`.
 *
 * Publishing: each image is registered (`POST /rest/images?action=initializeUpload`, owner =
 * the page) and its bytes PUT to the returned upload URL; then one `POST /rest/posts` (public,
 * main feed, published; commentary in little text, post-body.ts) with the images and their alt
 * text. The post's URN comes back in `x-restli-id` (201); its page is
 * `https://www.linkedin.com/feed/update/{urn}/`. Video is not supported yet (the Videos API's
 * multi-part upload and processing wait): such a request is rejected before anything is sent.
 *
 * Publishing exactly once: LinkedIn has no idempotency key. After an ambiguous outcome the
 * publisher calls `findPublished`, which reads the page's posts newest-created first (`GET
 * /rest/posts?q=author&author=…&sortBy=CREATED&viewContext=AUTHOR`) back to `since` minus a
 * clock-skew margin, and takes the one whose commentary, as a reader sees it, equals what we
 * sent, with the same number of images and alt texts. Residual risks, accepted and documented:
 * - a person posting the very same text and images on the page by hand in that window would be
 *   taken for ours (the publication would be marked published though LinkedIn holds only theirs);
 * - a page admin editing the commentary before reconcile runs hides our post (it would be sent
 *   again); so would LinkedIn rewriting commentary in a way comparableText does not undo;
 * - the author finder may lag a just-created post; a resend of the same text is then most likely
 *   refused by LinkedIn's duplicate check, which errors.ts turns into `ambiguous` (reconcile again),
 *   not into a second post;
 * - more than `LOOKUP.pageSize × maxPages` posts since the attempt: we answer ambiguous, never null.
 *
 * Credentials: `{ accessToken, refreshToken?, expiresAt?, refreshTokenExpiresAt?, organizationUrn,
 * clientId?, clientSecret?, apiVersion? }` — `organizationUrn` is the page (also accepted as a
 * bare id), `clientId`/`clientSecret` those of Kanaal's LinkedIn app (needed to refresh),
 * `apiVersion` overrides LINKEDIN_VERSION. Access tokens live 60 days; `refresh` returns new
 * credentials, keeping the stored refresh token when LinkedIn sends none.
 */

export type LinkedInCredentials = {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: string;
  refreshTokenExpiresAt?: string;
  organizationUrn: string;
  clientId?: string;
  clientSecret?: string;
  apiVersion?: string;
};

/** Author finder: pages of 50 posts, at most 4 pages, from 5 minutes before `since`. */
export const LOOKUP = { pageSize: 50, maxPages: 4, clockSkewMs: 5 * 60_000 };

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function credentialsOf(account: ConnectedAccount): LinkedInCredentials {
  const c = account.credentials;
  const accessToken = str(c.accessToken);
  if (!accessToken) throw new ConnectorError('auth_expired', 'no LinkedIn access token stored for this channel; connect it again');
  return {
    accessToken,
    refreshToken: str(c.refreshToken),
    expiresAt: str(c.expiresAt),
    refreshTokenExpiresAt: str(c.refreshTokenExpiresAt),
    organizationUrn: requireOrganization(c.organizationUrn ?? c.organizationId),
    clientId: str(c.clientId),
    clientSecret: str(c.clientSecret),
    apiVersion: str(c.apiVersion),
  };
}

function clientFor(account: ConnectedAccount, credentials: LinkedInCredentials, options?: ConnectorOptions): RestClient {
  return restClient(
    { apiBaseUrl: account.apiBaseUrl, accessToken: credentials.accessToken, version: credentials.apiVersion ?? LINKEDIN_VERSION },
    options,
  );
}

export function postUrl(urn: string): string {
  return `https://www.linkedin.com/feed/update/${urn}/`;
}

async function uploadImages(client: RestClient, owner: string, request: PublishRequest): Promise<ImageRef[]> {
  const images: ImageRef[] = [];
  for (const item of request.media) {
    const { data } = await client.call<{ value?: { uploadUrl?: string; image?: string } }>(
      { method: 'POST', path: '/rest/images', query: { action: 'initializeUpload' }, json: { initializeUploadRequest: { owner } } },
      'media',
    );
    const uploadUrl = data?.value?.uploadUrl;
    const image = data?.value?.image;
    if (!uploadUrl || !image)
      throw new ConnectorError('unavailable', 'initializeUpload answered without uploadUrl or image; no post was sent');
    await client.upload(uploadUrl, item.bytes, item.mimeType);
    images.push({ id: image, altText: item.altText });
  }
  return images;
}

export const linkedinConnector: Connector = {
  network: 'linkedin',

  async verify(account, options) {
    const credentials = credentialsOf(account);
    const organization = await lookupOrganization(clientFor(account, credentials, options), credentials.organizationUrn);
    return {
      handle: organization.vanityName ?? organization.urn,
      displayName: organization.localizedName,
      remoteAccountId: organization.urn,
    };
  },

  async publish(account, request, options) {
    const credentials = credentialsOf(account);
    const video = request.media.find((item) => !item.mimeType.startsWith('image/'));
    if (video)
      throw new ConnectorError('rejected', `Kanaal cannot publish ${video.mimeType} to LinkedIn yet (images only); nothing was sent`);
    const client = clientFor(account, credentials, options);
    const images = await uploadImages(client, credentials.organizationUrn, request);
    const { headers } = await client.call(
      { method: 'POST', path: '/rest/posts', json: postBody(credentials.organizationUrn, request, images) },
      'post',
    );
    const raw = headers.get('x-restli-id') ?? '';
    const urn = raw.includes('%') ? decodeURIComponent(raw) : raw;
    if (!/^urn:li:(share|ugcPost):\d+$/.test(urn)) {
      throw new ConnectorError('ambiguous', `LinkedIn accepted the post but named no post URN (x-restli-id "${raw}")`);
    }
    return { remoteId: urn, url: postUrl(urn) };
  },

  async findPublished(account, request, since, options) {
    const credentials = credentialsOf(account);
    const client = clientFor(account, credentials, options);
    const cutoff = since.getTime() - LOOKUP.clockSkewMs;
    const seen = new Set<string>();
    for (let page = 0; page < LOOKUP.maxPages; page += 1) {
      const { data } = await client.call<{ elements?: LinkedInPost[] }>(
        {
          method: 'GET',
          path: '/rest/posts',
          query: {
            q: 'author',
            author: credentials.organizationUrn,
            count: LOOKUP.pageSize,
            start: page * LOOKUP.pageSize,
            sortBy: 'CREATED',
            viewContext: 'AUTHOR',
          },
        },
        'read',
      );
      const elements = (data?.elements ?? []).filter((post) => typeof post.id === 'string' && !seen.has(post.id));
      for (const post of elements) seen.add(post.id);
      const recent = elements.filter((post) => (post.createdAt ?? post.publishedAt ?? Number.POSITIVE_INFINITY) >= cutoff);
      const found = recent.find((post) => isSamePost(post, request));
      if (found) return { remoteId: found.id, url: postUrl(found.id) };
      // Done when the list runs out (an empty page, or one with nothing new) or reaches posts older
      // than the cutoff. A short page is not taken as the end: LinkedIn's paging may return fewer
      // than `count` (and its `total` is not relied on).
      if (elements.length === 0 || recent.length < elements.length) return null;
    }
    throw new ConnectorError(
      'ambiguous',
      `more than ${LOOKUP.maxPages * LOOKUP.pageSize} posts since ${since.toISOString()}; cannot rule out an earlier post`,
    );
  },

  async refresh(account, options) {
    const current = credentialsOf(account);
    if (!current.refreshToken || !current.clientId || !current.clientSecret) {
      throw new ConnectorError('auth_expired', 'no LinkedIn refresh token (or app credentials) stored for this channel; connect it again');
    }
    if (current.refreshTokenExpiresAt && Date.parse(current.refreshTokenExpiresAt) <= Date.now()) {
      throw new ConnectorError('auth_expired', 'the LinkedIn refresh token has expired (365 days); connect the page again');
    }
    const tokens = await refreshTokens(
      {
        clientId: current.clientId,
        clientSecret: current.clientSecret,
        redirectUri: '',
        apiBaseUrl: tokenBaseFor(apiBase(account.apiBaseUrl).toString()),
      },
      current.refreshToken,
      { timeoutMs: options?.timeoutMs },
    );
    return {
      ...account.credentials,
      accessToken: tokens.accessToken,
      // LinkedIn normally returns the same refresh token; should a reply carry none, the stored one is kept.
      refreshToken: tokens.refreshToken ?? current.refreshToken,
      expiresAt: tokens.expiresAt.toISOString(),
      ...(tokens.refreshTokenExpiresAt || current.refreshTokenExpiresAt
        ? { refreshTokenExpiresAt: tokens.refreshTokenExpiresAt?.toISOString() ?? current.refreshTokenExpiresAt }
        : {}),
    };
  },
};
