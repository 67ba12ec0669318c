import { Agent, type AtpSessionData, type AtpSessionEvent, type BlobRef, CredentialSession, XRPCError } from '@atproto/api';
import { DEFAULT_USER_AGENT } from '../../kit/safe-fetch.js';
import {
  ConnectorError,
  type ConnectedAccount,
  type Connector,
  type ConnectorCredentials,
  type ConnectorOptions,
  type PublishedPost,
} from '../connector.js';
import { type Phase, toConnectorError } from './errors.js';
import { assertMediaFits, buildPostRecord, isOurPost } from './post-record.js';
import { rkeyFor } from './rkey.js';

/**
 * Bluesky, through the official @atproto/api client (Agent + CredentialSession) against the
 * account's PDS (`apiBaseUrl`: https://bsky.social or the account's own PDS).
 *
 * Publishing exactly once: the post is made with `com.atproto.repo.createRecord` under a record
 * key derived from the idempotency key (rkey.ts), so every attempt names the same record.
 * - The PDS refuses a second record under a used key. It does so with a bare 500
 *   InternalServerError (checked on @atproto/pds 0.4), which cannot be told from any other 500; so
 *   publish first reads that key (`getRecord`): a post that is already there and ours is the
 *   answer. After a 500 from createRecord (a concurrent attempt won) it reads the key again: ours → published;
 *   absent → `ambiguous` (the publisher reconciles); a different record → `rejected`.
 *   Only after that 500: a timeout or a cut connection stays `ambiguous` for reconcile to decide.
 * - `findPublished` is that same `getRecord`: a real answer, not a guess from the timeline.
 *
 * Credentials: `{ identifier (handle or DID), appPassword, session? }`. `session` (what `refresh`
 * returns) saves a createSession per call — the PDS allows only 30 per 5 minutes and 300 a day
 * per account. An expired access token is refreshed by CredentialSession and the request
 * repeated (a 401/ExpiredToken reply means it was not processed); if the refresh fails the call
 * ends `auth_expired` and the publisher calls `refresh`, which logs in with the app password.
 */

export type BlueskySession = { accessJwt: string; refreshJwt: string; did: string; handle: string };
export type BlueskyCredentials = { identifier: string; appPassword: string; session?: BlueskySession };

const DEFAULT_TIMEOUT_MS = 30_000;
const POST_COLLECTION = 'app.bsky.feed.post';

function credentialsOf(account: ConnectedAccount): Partial<BlueskyCredentials> {
  const { identifier, appPassword, session } = account.credentials;
  const stored = session as Partial<BlueskySession> | undefined;
  const validSession =
    stored && [stored.accessJwt, stored.refreshJwt, stored.did, stored.handle].every((v) => typeof v === 'string' && v !== '')
      ? (stored as BlueskySession)
      : undefined;
  return {
    identifier: typeof identifier === 'string' && identifier !== '' ? identifier : undefined,
    appPassword: typeof appPassword === 'string' && appPassword !== '' ? appPassword : undefined,
    session: validSession,
  };
}

/** fetch with a per-request timeout, the caller's abort signal and our User-Agent. */
function fetchWith(options: ConnectorOptions = {}): typeof fetch {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return (input, init) => {
    const request = new Request(input, init);
    request.headers.set('user-agent', DEFAULT_USER_AGENT);
    const signals = [AbortSignal.timeout(timeoutMs), request.signal, ...(options.signal ? [options.signal] : [])];
    return fetch(request, { signal: AbortSignal.any(signals) });
  };
}

function newSession(account: ConnectedAccount, options?: ConnectorOptions): CredentialSession {
  if (!URL.canParse(account.apiBaseUrl) || !/^https?:$/.test(new URL(account.apiBaseUrl).protocol)) {
    throw new ConnectorError('rejected', `"${account.apiBaseUrl}" is not a PDS address`);
  }
  const { identifier, appPassword } = credentialsOf(account);
  // A login or a token renewal inside the SDK: hand the new session to the caller to store.
  const persist = (event: AtpSessionEvent, data: AtpSessionData | undefined) => {
    if ((event !== 'create' && event !== 'update') || !data || !identifier || !appPassword) return;
    const session: BlueskySession = { accessJwt: data.accessJwt, refreshJwt: data.refreshJwt, did: data.did, handle: data.handle };
    options?.onCredentials?.({ identifier, appPassword, session } satisfies BlueskyCredentials);
  };
  return new CredentialSession(new URL(account.apiBaseUrl), fetchWith(options), persist);
}

async function login(session: CredentialSession, account: ConnectedAccount, phase: Phase): Promise<void> {
  const { identifier, appPassword } = credentialsOf(account);
  if (!identifier || !appPassword) {
    throw new ConnectorError('auth_expired', 'no Bluesky handle and app password stored for this channel; connect it again');
  }
  try {
    await session.login({ identifier, password: appPassword });
  } catch (error) {
    throw toConnectorError(error, phase);
  }
}

/** A session from the stored tokens (no call yet), or a fresh login with the app password. */
async function openSession(account: ConnectedAccount, options: ConnectorOptions | undefined, phase: Phase) {
  const session = newSession(account, options);
  const stored = credentialsOf(account).session;
  if (stored) session.session = { ...stored, active: true } satisfies AtpSessionData;
  else await login(session, account, phase);
  const data = session.session;
  if (!data) throw new ConnectorError('auth_expired', 'no Bluesky session');
  return { agent: new Agent(session), did: data.did, handle: data.handle };
}

function postUrl(handle: string, did: string, rkey: string): string {
  const profile = handle && handle !== 'handle.invalid' ? handle : did;
  return `https://bsky.app/profile/${profile}/post/${rkey}`;
}

/** The record under `rkey` in the post collection, or null when the PDS says there is none. */
async function readPost(agent: Agent, did: string, rkey: string, phase: Phase): Promise<{ uri: string; value: unknown } | null> {
  try {
    const { data } = await agent.com.atproto.repo.getRecord({ repo: did, collection: POST_COLLECTION, rkey });
    return { uri: data.uri, value: data.value };
  } catch (error) {
    if (error instanceof XRPCError && error.error === 'RecordNotFound') return null;
    throw toConnectorError(error, phase);
  }
}

function differentPost(uri: string): ConnectorError {
  return new ConnectorError('rejected', `${uri} holds a different post under this publication's record key; it was not replaced`);
}

export const blueskyConnector: Connector = {
  network: 'bluesky',

  async verify(account, options) {
    const session = newSession(account, options);
    await login(session, account, 'read');
    const { did, handle } = session.session as AtpSessionData;
    let displayName: string | undefined;
    try {
      // The profile record lives in the repo itself, so this works without an AppView.
      const { data } = await new Agent(session).com.atproto.repo.getRecord({
        repo: did,
        collection: 'app.bsky.actor.profile',
        rkey: 'self',
      });
      const name = (data.value as { displayName?: unknown }).displayName;
      displayName = typeof name === 'string' && name.trim() !== '' ? name : undefined;
    } catch (error) {
      if (!(error instanceof XRPCError && error.error === 'RecordNotFound')) throw toConnectorError(error, 'read');
    }
    return { handle: `@${handle}`, displayName, remoteAccountId: did };
  },

  async publish(account, request, options) {
    assertMediaFits(request.media);
    const rkey = rkeyFor(request.idempotencyKey);
    const { agent, did, handle } = await openSession(account, options, 'prepare');
    const published = (uri: string): PublishedPost => ({ remoteId: uri, url: postUrl(handle, did, rkey) });

    // A repeated attempt: the post an earlier attempt made is the answer, nothing is sent again.
    const earlier = await readPost(agent, did, rkey, 'prepare');
    if (earlier) {
      if (!isOurPost(earlier.value, request)) throw differentPost(earlier.uri);
      return published(earlier.uri);
    }

    const blobs: BlobRef[] = [];
    for (const item of request.media) {
      try {
        const { data } = await agent.com.atproto.repo.uploadBlob(new Uint8Array(item.bytes), { encoding: item.mimeType });
        blobs.push(data.blob);
      } catch (error) {
        throw toConnectorError(error, 'prepare');
      }
    }
    const record = await buildPostRecord(agent, request, blobs);

    try {
      const { data } = await agent.com.atproto.repo.createRecord({ repo: did, collection: POST_COLLECTION, rkey, record, validate: true });
      return published(data.uri);
    } catch (error) {
      const failure = toConnectorError(error, 'post');
      // The PDS answers a key already used with a bare 500; the key itself says whether the post
      // there is ours (a concurrent attempt won). Other unclear failures (timeout, connection cut)
      // stay `ambiguous`: the reply never came, and the publisher reconciles with findPublished.
      if (!(error instanceof XRPCError && error.status === 500)) throw failure;
      const found = await readPost(agent, did, rkey, 'read').catch(() => undefined);
      if (!found) throw failure;
      if (!isOurPost(found.value, request)) throw differentPost(found.uri);
      return published(found.uri);
    }
  },

  async findPublished(account, request, _since, options) {
    const rkey = rkeyFor(request.idempotencyKey);
    try {
      const { agent, did, handle } = await openSession(account, options, 'read');
      const found = await readPost(agent, did, rkey, 'read');
      // A different record under our key means ours cannot exist (this connector writes nowhere else).
      if (!found || !isOurPost(found.value, request)) return null;
      return { remoteId: found.uri, url: postUrl(handle, did, rkey) };
    } catch (error) {
      // A lookup that could not be made is no answer: never let it read as "safe to send".
      if (error instanceof ConnectorError && error.kind === 'unavailable') {
        throw new ConnectorError('ambiguous', `could not look the post up: ${error.message}`, error.details);
      }
      throw error;
    }
  },

  async refresh(account, options): Promise<ConnectorCredentials> {
    const { identifier, appPassword, session: stored } = credentialsOf(account);
    const session = newSession(account, options);
    let renewed = false;
    if (stored) {
      session.session = { ...stored, active: true };
      try {
        await session.refreshSession();
        renewed = true;
      } catch (error) {
        const failure = toConnectorError(error, 'prepare');
        if (failure.kind !== 'auth_expired') throw failure;
      }
    }
    if (!renewed) await login(session, account, 'prepare');
    const data = session.session as AtpSessionData;
    const credentials: BlueskyCredentials = {
      identifier: identifier ?? data.did,
      appPassword: appPassword ?? '',
      session: { accessJwt: data.accessJwt, refreshJwt: data.refreshJwt, did: data.did, handle: data.handle },
    };
    return credentials;
  },
};
