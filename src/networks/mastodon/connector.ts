import { setTimeout as sleep } from 'node:timers/promises';
import { createRestAPIClient, type mastodon } from 'masto';
import { DEFAULT_USER_AGENT } from '../../kit/safe-fetch.js';
import {
  ConnectorError,
  type ConnectedAccount,
  type Connector,
  type ConnectorOptions,
  type MediaItem,
  type PublishRequest,
} from '../connector.js';
import { toConnectorError } from './errors.js';
import { comparableText, statusHtmlToText } from './status-text.js';

/**
 * Mastodon, through masto@7's REST client.
 *
 * Publishing exactly once:
 * - Every `POST /api/v1/statuses` carries `Idempotency-Key: <request.idempotencyKey>`. Mastodon
 *   (PostStatusService) first looks the key up per account (`idempotency:status:<account>:<key>`
 *   in Redis) and, on a hit, returns the status it made then instead of making another; the key
 *   is written right after the status is created and kept for 3 600 s ("stored for up to 1 hour",
 *   docs.joinmastodon.org/methods/statuses#create). So a publish retried with the same key within
 *   an hour of an attempt that did store its status returns that status: a second safety net.
 * - `findPublished` does NOT re-POST with the key to find out. A repeated key only proves
 *   anything if the first attempt was stored; if it was not (connection cut before the server
 *   acted), the "lookup" would itself publish — and after the hour it would publish anyway. A
 *   reconcile step must not send. It reads the account's own statuses instead (newest first,
 *   down to `since` minus a clock-skew margin) and matches text (Mastodon's HTML turned back into
 *   text), media count and alt texts. If there are too many statuses to look through, it says
 *   so (`ambiguous`) rather than "not published".
 *
 * Credentials: `{ accessToken, accountId? }` (accountId saves a verify_credentials call).
 * Mastodon user tokens do not expire, so there is no `refresh`; a 401 means reconnect.
 */

export type MastodonCredentials = { accessToken: string; accountId?: string };

const DEFAULT_TIMEOUT_MS = 30_000;
/** Media processing: poll after 200 ms, doubling up to 5 s between polls, for at most 2 minutes. */
export const MEDIA_POLL = { firstDelayMs: 200, maxDelayMs: 5_000, totalMs: 120_000 };
/** Timeline lookup: pages of 40 (Mastodon's maximum), at most 10 pages. */
export const LOOKUP = { pageSize: 40, maxPages: 10, clockSkewMs: 5 * 60_000 };

function credentialsOf(account: ConnectedAccount): MastodonCredentials {
  const { accessToken, accountId } = account.credentials;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw new ConnectorError('auth_expired', 'no Mastodon access token stored for this channel; connect it again');
  }
  return { accessToken, accountId: typeof accountId === 'string' && accountId !== '' ? accountId : undefined };
}

function clientFor(account: ConnectedAccount, options: ConnectorOptions = {}): mastodon.rest.Client {
  if (!URL.canParse(account.apiBaseUrl) || !/^https?:$/.test(new URL(account.apiBaseUrl).protocol)) {
    throw new ConnectorError('rejected', `"${account.apiBaseUrl}" is not an instance address`);
  }
  return createRestAPIClient({
    url: account.apiBaseUrl,
    accessToken: credentialsOf(account).accessToken,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    requestInit: { headers: { 'User-Agent': DEFAULT_USER_AGENT }, ...(options.signal ? { signal: options.signal } : {}) },
  });
}

function handleOf(account: ConnectedAccount, acct: string): string {
  // A local account's `acct` has no domain; the instance host completes the handle.
  return acct.includes('@') ? `@${acct}` : `@${acct}@${new URL(account.apiBaseUrl).host}`;
}

async function uploadMedia(client: mastodon.rest.Client, item: MediaItem, signal: AbortSignal | undefined): Promise<string> {
  let media: mastodon.v1.MediaAttachment;
  try {
    const file = new File([new Uint8Array(item.bytes)], item.fileName, { type: item.mimeType });
    // skipPolling: masto would poll every second for up to a minute; we poll with backoff instead.
    media = await client.v2.media.create({ file, description: item.altText, skipPolling: true });
    if ((media.description ?? '') !== item.altText) {
      media = await client.v1.media.$select(media.id).update({ description: item.altText });
    }
  } catch (error) {
    throw toConnectorError(error, 'media');
  }
  const deadline = Date.now() + MEDIA_POLL.totalMs;
  let delay = MEDIA_POLL.firstDelayMs;
  while (!media.url) {
    if (Date.now() + delay > deadline) {
      throw new ConnectorError(
        'unavailable',
        `media ${media.id} still processing after ${MEDIA_POLL.totalMs / 1000} s; no status was sent`,
      );
    }
    try {
      await sleep(delay, undefined, signal ? { signal } : {});
      media = await client.v1.media.$select(media.id).fetch();
    } catch (error) {
      // Like masto's own poller: a 404 right after upload means "not visible yet", keep waiting.
      if ((error as { statusCode?: number }).statusCode !== 404) throw toConnectorError(error, 'media');
    }
    delay = Math.min(delay * 2, MEDIA_POLL.maxDelayMs);
  }
  return media.id;
}

function isOurs(status: mastodon.v1.Status, accountId: string, request: PublishRequest, wantedText: string): boolean {
  if (status.account.id !== accountId || status.reblog) return false;
  if (status.mediaAttachments.length !== request.media.length) return false;
  if (!status.mediaAttachments.every((m, i) => (m.description ?? '').trim() === (request.media[i]?.altText ?? '').trim())) return false;
  return comparableText(statusHtmlToText(status.content)) === wantedText;
}

export const mastodonConnector: Connector = {
  network: 'mastodon',

  async verify(account, options) {
    const client = clientFor(account, options);
    try {
      const me = await client.v1.accounts.verifyCredentials();
      return { handle: handleOf(account, me.acct), displayName: me.displayName || undefined, remoteAccountId: me.id };
    } catch (error) {
      throw toConnectorError(error, 'read');
    }
  },

  async publish(account, request, options) {
    const client = clientFor(account, options);
    const mediaIds: string[] = [];
    for (const item of request.media) mediaIds.push(await uploadMedia(client, item, options?.signal));
    try {
      const status = await client.v1.statuses.create(
        mediaIds.length > 0
          ? { status: request.text, mediaIds, language: request.language, visibility: 'public' }
          : { status: request.text, language: request.language, visibility: 'public' },
        { requestInit: { headers: { 'Idempotency-Key': request.idempotencyKey } } },
      );
      return { remoteId: status.id, url: status.url ?? status.uri };
    } catch (error) {
      throw toConnectorError(error, 'status');
    }
  },

  async findPublished(account, request, since, options) {
    const client = clientFor(account, options);
    const wantedText = comparableText(request.text);
    const floor = since.getTime() - LOOKUP.clockSkewMs;
    try {
      const accountId = credentialsOf(account).accountId ?? (await client.v1.accounts.verifyCredentials()).id;
      let maxId: string | undefined;
      for (let page = 0; page < LOOKUP.maxPages; page += 1) {
        const statuses = await client.v1.accounts.$select(accountId).statuses.list({ limit: LOOKUP.pageSize, maxId, excludeReblogs: true });
        for (const status of statuses) {
          // Newest first: once past the window, nothing older can be the post we look for.
          if (Date.parse(status.createdAt) < floor) return null;
          if (isOurs(status, accountId, request, wantedText)) return { remoteId: status.id, url: status.url ?? status.uri };
        }
        const last = statuses[statuses.length - 1];
        if (!last) return null;
        maxId = last.id;
      }
    } catch (error) {
      throw toConnectorError(error, 'read');
    }
    throw new ConnectorError(
      'ambiguous',
      `more than ${LOOKUP.maxPages * LOOKUP.pageSize} statuses since ${since.toISOString()}; cannot rule out an earlier post`,
    );
  },
};
