import { DEFAULT_USER_AGENT } from '../../kit/safe-fetch.js';
import { ConnectorError, type ConnectedAccount, type Connector, type ConnectorOptions, type MediaItem } from '../connector.js';
import { fromStatus, fromThrown, type Phase, unclear } from './errors.js';
import { comparableText, idOf, messageBody, parseYammerJson, parseYammerTime } from './message-text.js';
import { refreshTokens } from './oauth.js';

/**
 * Viva Engage (formerly Yammer), through the Yammer REST API v1 with a Microsoft Entra token.
 *
 * - verify: `GET /api/v1/users/current.json`, then `GET /api/v1/groups/{groupId}.json` so that a
 *   wrong group id is found when the channel is connected, not at the first post.
 * - publish: images first, then `POST /api/v1/messages.json` (form-encoded `body`, `group_id`,
 *   one `attached_objects[]=uploaded_file:{id}` per image); the reply lists the new message as
 *   `messages[0]` with its `id` and `web_url`.
 * - Images: `POST https://filesng.yammer.com/v4/uploadSmallFile` (multipart: network_id,
 *   target_type=GROUP, group_id, filename, file; 4 MB at most). That is the upload the REST
 *   reference on learn.microsoft.com documents ("Upload Files into Yammer"), it takes the Entra
 *   token Kanaal holds, and in networks with Files in SharePoint it is how a file lands in the
 *   group's SharePoint library. `POST /api/v1/pending_attachments` is only described on the
 *   retired developer.yammer.com pages. The reference says to attach the uploaded file with
 *   `POST messages.json` without naming the field; `attached_objects[]=uploaded_file:{id}` is the
 *   form Yammer's own web client sends. The files host is filesng.yammer.com when the API is on
 *   *.yammer.com, else the API base itself (a proxy, a test peer), or `credentials.filesBaseUrl`.
 * - Alt text: the API has no field for it; it is appended to the message text (message-text.ts).
 *
 * Publishing exactly once: Yammer has no idempotency key and no client marker field. After an
 * ambiguous outcome, `findPublished` reads the group's messages (`GET
 * /api/v1/messages/in_group/{groupId}.json`, newest first, pages of up to 20 via `older_than`)
 * down to `since` minus a clock-skew margin and takes a thread starter by the connected user
 * whose plain text equals what we sent (alt-text lines included) with the same number of files.
 * Residual risks, accepted and stated: (1) the same user posting the same text in the same group
 * by hand within the window is taken for ours (the content is out either way); (2) a message that
 * was posted and then deleted by a moderator before the lookup reads as "not published" and is
 * sent again; (3) if the group feed lags behind the write, a lookup right after the attempt can
 * miss it — the publisher's reconcile runs after a delay, which narrows this; (4) more than
 * LOOKUP.maxPages pages since the attempt → `ambiguous`, never "not published".
 *
 * Credentials: `{ accessToken, refreshToken?, expiresAt?, tenant, clientId, clientSecret?,
 * groupId, networkId?, userId?, loginBaseUrl?, filesBaseUrl? }` (networkId and userId save a
 * users/current call). Entra access tokens expire after about an hour: `refresh` returns new
 * credentials with the rotated refresh token, keeping the stored one if none came.
 */

export type VivaEngageCredentials = {
  accessToken: string;
  refreshToken?: string;
  expiresAt?: string;
  tenant?: string;
  clientId?: string;
  clientSecret?: string;
  groupId?: string;
  networkId?: string;
  userId?: string;
  loginBaseUrl?: string;
  filesBaseUrl?: string;
};

const DEFAULT_TIMEOUT_MS = 30_000;
/** uploadSmallFile: "Max file size is 4MB". */
export const MAX_FILE_BYTES = 4 * 1024 * 1024;
/** Feed lookup: at most 5 pages (Yammer pages hold 20 messages). */
export const LOOKUP = { maxPages: 5, clockSkewMs: 5 * 60_000 };

function str(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function credentialsOf(account: ConnectedAccount): VivaEngageCredentials {
  const c = account.credentials;
  const accessToken = str(c.accessToken);
  if (!accessToken) throw new ConnectorError('auth_expired', 'no Viva Engage access token stored for this channel; connect it again');
  return {
    accessToken,
    refreshToken: str(c.refreshToken),
    expiresAt: str(c.expiresAt),
    tenant: str(c.tenant),
    clientId: str(c.clientId),
    clientSecret: str(c.clientSecret),
    groupId: str(c.groupId),
    networkId: str(c.networkId),
    userId: str(c.userId),
    loginBaseUrl: str(c.loginBaseUrl),
    filesBaseUrl: str(c.filesBaseUrl),
  };
}

function baseOf(raw: string): string {
  if (!URL.canParse(raw) || !/^https?:$/.test(new URL(raw).protocol)) {
    throw new ConnectorError('rejected', `"${raw}" is not an API address`);
  }
  return raw.replace(/\/+$/, '');
}

function filesBaseOf(account: ConnectedAccount, credentials: VivaEngageCredentials): string {
  if (credentials.filesBaseUrl) return baseOf(credentials.filesBaseUrl);
  const api = baseOf(account.apiBaseUrl);
  return /(^|\.)yammer\.com$/i.test(new URL(api).hostname) ? 'https://filesng.yammer.com' : api;
}

function groupIdOf(credentials: VivaEngageCredentials): string {
  if (!credentials.groupId) throw new ConnectorError('rejected', 'no Viva Engage group chosen for this channel (credentials.groupId)');
  return credentials.groupId;
}

type Request = { method: 'GET' | 'POST'; url: string; body?: URLSearchParams | FormData };

/** One authenticated call; the reply as parsed JSON, or a ConnectorError classified for `phase`. */
async function call(token: string, request: Request, phase: Phase, options: ConnectorOptions = {}): Promise<Record<string, unknown>> {
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  let response: Response;
  let text: string;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', 'user-agent': DEFAULT_USER_AGENT },
      body: request.body,
      signal: options.signal ? AbortSignal.any([timeout, options.signal]) : timeout,
    });
    text = await response.text();
  } catch (error) {
    throw fromThrown(phase, error);
  }
  let data: unknown = null;
  try {
    data = text === '' ? null : parseYammerJson(text);
  } catch {
    data = null;
  }
  if (!response.ok) throw fromStatus(phase, response.status, data, response.headers);
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    throw unclear(phase, `unreadable reply (HTTP ${response.status}, not a JSON object)`, response.status);
  }
  return data as Record<string, unknown>;
}

type YammerUser = { id: string; networkId?: string; name?: string; fullName?: string; email?: string };

async function currentUser(account: ConnectedAccount, token: string, phase: Phase, options?: ConnectorOptions): Promise<YammerUser> {
  const me = await call(token, { method: 'GET', url: `${baseOf(account.apiBaseUrl)}/api/v1/users/current.json` }, phase, options);
  const id = idOf(me.id);
  if (!id) throw unclear(phase, 'users/current answered without a user id');
  return { id, networkId: idOf(me.network_id), name: str(me.name), fullName: str(me.full_name), email: str(me.email) };
}

async function uploadFile(
  account: ConnectedAccount,
  credentials: VivaEngageCredentials,
  networkId: string,
  item: MediaItem,
  options?: ConnectorOptions,
): Promise<string> {
  const form = new FormData();
  form.set('network_id', networkId);
  form.set('target_type', 'GROUP');
  form.set('group_id', groupIdOf(credentials));
  form.set('filename', item.fileName);
  form.set('file', new Blob([new Uint8Array(item.bytes)], { type: item.mimeType }), item.fileName);
  const uploaded = await call(
    credentials.accessToken,
    { method: 'POST', url: `${filesBaseOf(account, credentials)}/v4/uploadSmallFile`, body: form },
    'media',
    options,
  );
  const id = idOf(uploaded.id);
  if (!id) throw unclear('media', `uploadSmallFile answered without a file id for ${item.fileName}`);
  return id;
}

type FeedMessage = { id?: unknown; sender_id?: unknown; replied_to_id?: unknown; created_at?: unknown; web_url?: unknown };
type FeedPage = {
  messages?: Array<FeedMessage & { body?: { plain?: unknown }; attachments?: unknown[] }>;
  meta?: { older_available?: unknown };
};

export const vivaEngageConnector: Connector = {
  network: 'viva_engage',

  async verify(account, options) {
    const credentials = credentialsOf(account);
    const me = await currentUser(account, credentials.accessToken, 'read', options);
    if (credentials.groupId) {
      const url = `${baseOf(account.apiBaseUrl)}/api/v1/groups/${encodeURIComponent(credentials.groupId)}.json`;
      await call(credentials.accessToken, { method: 'GET', url }, 'read', options).catch((error: unknown) => {
        if (error instanceof ConnectorError && error.kind === 'rejected') {
          throw new ConnectorError('rejected', `group ${credentials.groupId}: ${error.message}`, error.details);
        }
        throw error;
      });
    }
    return { handle: me.email ?? me.name ?? me.id, displayName: me.fullName, remoteAccountId: me.id };
  },

  async publish(account, request, options) {
    const credentials = credentialsOf(account);
    const groupId = groupIdOf(credentials);
    const tooLarge = request.media.find((item) => item.bytes.length > MAX_FILE_BYTES);
    if (tooLarge) throw new ConnectorError('rejected', `${tooLarge.fileName} is larger than the 4 MB Viva Engage accepts per file`);
    const fileIds: string[] = [];
    if (request.media.length > 0) {
      const networkId = credentials.networkId ?? (await currentUser(account, credentials.accessToken, 'media', options)).networkId;
      if (!networkId) throw unclear('media', 'users/current answered without a network id');
      for (const item of request.media) fileIds.push(await uploadFile(account, credentials, networkId, item, options));
    }
    const form = new URLSearchParams({ body: messageBody(request.text, request.media, request.language), group_id: groupId });
    for (const id of fileIds) form.append('attached_objects[]', `uploaded_file:${id}`);
    const reply = await call(
      credentials.accessToken,
      { method: 'POST', url: `${baseOf(account.apiBaseUrl)}/api/v1/messages.json`, body: form },
      'message',
      options,
    );
    const message = (reply.messages as FeedMessage[] | undefined)?.[0];
    const id = idOf(message?.id);
    if (!message || !id) throw unclear('message', 'messages.json answered without the new message');
    return { remoteId: id, url: str(message.web_url) ?? '' };
  },

  async findPublished(account, request, since, options) {
    const credentials = credentialsOf(account);
    const groupId = groupIdOf(credentials);
    const wanted = comparableText(messageBody(request.text, request.media, request.language));
    const floor = since.getTime() - LOOKUP.clockSkewMs;
    const userId = credentials.userId ?? (await currentUser(account, credentials.accessToken, 'read', options)).id;
    const feed = `${baseOf(account.apiBaseUrl)}/api/v1/messages/in_group/${encodeURIComponent(groupId)}.json`;
    let olderThan: string | undefined;
    for (let page = 0; page < LOOKUP.maxPages; page += 1) {
      const url = olderThan ? `${feed}?older_than=${encodeURIComponent(olderThan)}` : feed;
      const result = (await call(credentials.accessToken, { method: 'GET', url }, 'read', options)) as FeedPage;
      const messages = result.messages ?? [];
      for (const message of messages) {
        const createdAt = parseYammerTime(message.created_at);
        // Newest first: once past the window, nothing older can be the message we look for.
        if (createdAt < floor) return null;
        const ours =
          idOf(message.sender_id) === userId &&
          !idOf(message.replied_to_id) &&
          (message.attachments?.length ?? 0) === request.media.length &&
          typeof message.body?.plain === 'string' &&
          comparableText(message.body.plain) === wanted;
        const id = idOf(message.id);
        if (ours && id) return { remoteId: id, url: str(message.web_url) ?? '' };
      }
      olderThan = idOf(messages[messages.length - 1]?.id);
      if (!olderThan || result.meta?.older_available === false) return null;
    }
    throw new ConnectorError(
      'ambiguous',
      `more than ${LOOKUP.maxPages} pages of group messages since ${since.toISOString()}; cannot rule out an earlier post`,
    );
  },

  async refresh(account, options) {
    const current = credentialsOf(account);
    if (!current.refreshToken || !current.clientId || !current.tenant) {
      throw new ConnectorError(
        'auth_expired',
        'no Viva Engage refresh token (or tenant, client id) stored for this channel; connect it again',
      );
    }
    const tokens = await refreshTokens(
      {
        tenant: current.tenant,
        clientId: current.clientId,
        clientSecret: current.clientSecret,
        redirectUri: '',
        loginBaseUrl: current.loginBaseUrl,
      },
      current.refreshToken,
      { timeoutMs: options?.timeoutMs },
    );
    return {
      ...account.credentials,
      accessToken: tokens.accessToken,
      // Rotated refresh tokens replace the stored one; a reply without one never erases it.
      refreshToken: tokens.refreshToken ?? current.refreshToken,
      expiresAt: tokens.expiresAt.toISOString(),
    };
  },
};
