import { Agent as HttpAgent } from 'node:http';
import { type EUploadMimeType, type ITwitterApiClientPlugin, type TwitterApiReadWrite, TwitterApi } from 'twitter-api-v2';
import { ConnectorError, type ConnectedAccount, type Connector, type ConnectorOptions, type PublishRequest } from '../connector.js';
import { toConnectorError } from './errors.js';
import { refreshTokens } from './oauth.js';
import { comparableText, tweetTextAsSent, type XUrlEntity } from './tweet-text.js';

/**
 * X, through twitter-api-v2@1 with an OAuth 2.0 user access token.
 *
 * Pointing it elsewhere than api.x.com: the library hard-codes `https://api.x.com/2/` (and
 * `upload.x.com`) as URL prefixes and sends every request with `https.request`; `setPrefix` is
 * protected and `cloneWithPrefix` calls a class constructor without `new` (throws). Its
 * documented extension point is a plugin: our `onBeforeRequest` hook rewrites the computed URL to
 * `account.apiBaseUrl` (a test peer, or https://api.x.com itself), sets an `http.Agent` when that
 * base is plain http (https.request accepts http: only with an agent of that protocol), and adds
 * the timeout and abort signal, which the high-level methods give no way to pass.
 *
 * Publishing exactly once: X has no idempotency key. `publish` uploads media (v2 chunked
 * upload), sets alt text (`POST /2/media/metadata`), then `POST /2/tweets` once. After an
 * ambiguous outcome the publisher calls `findPublished`, which reads the account's own timeline
 * (`GET /2/users/:id/tweets` from `since` minus a clock-skew margin, replies and retweets
 * excluded) and matches the text after undoing X's t.co wrapping and escaping (tweet-text.ts),
 * the number of media and their alt texts. X's 403 duplicate-content refusal is reported as
 * `ambiguous` (see errors.ts) so reconcile finds the original instead of failing the post.
 *
 * Credentials: `{ accessToken, refreshToken?, expiresAt?, userId?, clientId, clientSecret? }`;
 * `clientId`/`clientSecret` are those of Kanaal's X app, needed to refresh. Access tokens expire
 * after 2 hours: `refresh` returns new credentials with X's rotated refresh token (never dropping
 * the stored one if X sent none).
 */

export type XCredentials = {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: string;
  userId?: string;
  clientId?: string;
  clientSecret?: string;
};

const DEFAULT_TIMEOUT_MS = 30_000;
/** Timeline lookup: pages of 100 (X's maximum), at most 5 pages. */
export const LOOKUP = { pageSize: 100, maxPages: 5, clockSkewMs: 5 * 60_000 };
const plainHttpAgent = new HttpAgent({ keepAlive: false });

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function credentialsOf(account: ConnectedAccount): XCredentials {
  const c = account.credentials;
  const accessToken = str(c.accessToken);
  if (!accessToken) throw new ConnectorError('auth_expired', 'no X access token stored for this channel; connect it again');
  return {
    accessToken,
    refreshToken: str(c.refreshToken),
    expiresAt: str(c.expiresAt),
    userId: str(c.userId),
    clientId: str(c.clientId),
    clientSecret: str(c.clientSecret),
  };
}

function baseOf(account: ConnectedAccount): URL {
  if (!URL.canParse(account.apiBaseUrl) || !/^https?:$/.test(new URL(account.apiBaseUrl).protocol)) {
    throw new ConnectorError('rejected', `"${account.apiBaseUrl}" is not an API address`);
  }
  return new URL(account.apiBaseUrl);
}

function clientFor(account: ConnectedAccount, options: ConnectorOptions = {}): TwitterApiReadWrite {
  const base = baseOf(account);
  const redirect: ITwitterApiClientPlugin = {
    onBeforeRequest({ computedParams, requestOptions }) {
      const url = computedParams.url;
      if (url.hostname === 'api.x.com' || url.hostname === 'upload.x.com') {
        url.protocol = base.protocol;
        url.host = base.host;
      }
      if (url.protocol === 'http:') requestOptions.agent = plainHttpAgent;
      requestOptions.timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      if (options.signal) requestOptions.signal = options.signal;
    },
  };
  return new TwitterApi(credentialsOf(account).accessToken, { plugins: [redirect] }).readWrite;
}

function tweetUrl(account: ConnectedAccount, id: string): string {
  const username = account.handle.replace(/^@/, '');
  return username ? `https://x.com/${username}/status/${id}` : `https://x.com/i/web/status/${id}`;
}

type TimelineTweet = {
  id: string;
  text: string;
  created_at?: string;
  attachments?: { media_keys?: string[] };
  entities?: { urls?: XUrlEntity[] };
};
type TimelinePage = {
  data?: TimelineTweet[];
  includes?: { media?: Array<{ media_key: string; alt_text?: string }> };
  meta?: { next_token?: string };
};

function isOurs(tweet: TimelineTweet, page: TimelinePage, request: PublishRequest, wantedText: string): boolean {
  const keys = tweet.attachments?.media_keys ?? [];
  if (keys.length !== request.media.length) return false;
  const alts = keys.map((key) => page.includes?.media?.find((m) => m.media_key === key)?.alt_text);
  // Alt text is compared where X returns it (it is optional in `includes.media`).
  if (!alts.every((alt, i) => alt === undefined || alt.trim() === (request.media[i]?.altText ?? '').trim())) return false;
  return comparableText(tweetTextAsSent(tweet.text, tweet.entities?.urls)) === wantedText;
}

export const xConnector: Connector = {
  network: 'x',

  async verify(account, options) {
    const client = clientFor(account, options);
    try {
      const { data } = await client.v2.me();
      return { handle: `@${data.username}`, displayName: data.name || undefined, remoteAccountId: data.id };
    } catch (error) {
      throw toConnectorError(error, 'read');
    }
  },

  async publish(account, request, options) {
    const client = clientFor(account, options);
    const mediaIds: string[] = [];
    for (const item of request.media) {
      try {
        const id = await client.v2.uploadMedia(item.bytes, { media_type: item.mimeType as `${EUploadMimeType}` });
        await client.v2.createMediaMetadata(id, { alt_text: { text: item.altText } });
        mediaIds.push(id);
      } catch (error) {
        throw toConnectorError(error, 'media');
      }
    }
    try {
      const payload = mediaIds.length > 0 ? { text: request.text, media: { media_ids: mediaIds as [string] } } : { text: request.text };
      const { data } = await client.v2.tweet(payload);
      return { remoteId: data.id, url: tweetUrl(account, data.id) };
    } catch (error) {
      throw toConnectorError(error, 'tweet');
    }
  },

  async findPublished(account, request, since, options) {
    const client = clientFor(account, options);
    const wantedText = comparableText(request.text);
    const startTime = new Date(since.getTime() - LOOKUP.clockSkewMs).toISOString();
    try {
      const userId = credentialsOf(account).userId ?? (await client.v2.me()).data.id;
      let paginationToken: string | undefined;
      for (let page = 0; page < LOOKUP.maxPages; page += 1) {
        const result: TimelinePage = await client.v2.get(`users/${userId}/tweets`, {
          max_results: LOOKUP.pageSize,
          start_time: startTime,
          exclude: 'retweets,replies',
          'tweet.fields': 'created_at,attachments,entities',
          expansions: 'attachments.media_keys',
          'media.fields': 'alt_text',
          ...(paginationToken ? { pagination_token: paginationToken } : {}),
        });
        const found = (result.data ?? []).find((tweet) => isOurs(tweet, result, request, wantedText));
        if (found) return { remoteId: found.id, url: tweetUrl(account, found.id) };
        paginationToken = result.meta?.next_token;
        if (!paginationToken) return null;
      }
    } catch (error) {
      throw toConnectorError(error, 'read');
    }
    throw new ConnectorError(
      'ambiguous',
      `more than ${LOOKUP.maxPages * LOOKUP.pageSize} tweets since ${since.toISOString()}; cannot rule out an earlier post`,
    );
  },

  async refresh(account, options) {
    const current = credentialsOf(account);
    if (!current.refreshToken || !current.clientId) {
      throw new ConnectorError('auth_expired', 'no X refresh token (or client id) stored for this channel; connect it again');
    }
    const tokens = await refreshTokens(
      { clientId: current.clientId, clientSecret: current.clientSecret, redirectUri: '', apiBaseUrl: baseOf(account).origin },
      current.refreshToken,
      { timeoutMs: options?.timeoutMs },
    );
    return {
      ...account.credentials,
      accessToken: tokens.accessToken,
      // X rotates refresh tokens; should a reply carry none, the stored one is kept, never erased.
      refreshToken: tokens.refreshToken ?? current.refreshToken,
      expiresAt: tokens.expiresAt.toISOString(),
    };
  },
};
