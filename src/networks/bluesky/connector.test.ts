import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket, connect } from 'node:net';
import { AppBskyEmbedImages, AppBskyFeedPost, AtUri } from '@atproto/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BlueskyPds, type PdsAccount, startBlueskyPds } from '../../../test/peers/bluesky-pds.js';
import { ConnectorError, type ConnectedAccount, type ConnectorErrorKind, type MediaItem, type PublishRequest } from '../connector.js';
import { blueskyConnector as connector, type BlueskyCredentials } from './connector.js';
import { rkeyFor, TID_PATTERN } from './rkey.js';

let pds: BlueskyPds;
let accounts = 0;

beforeAll(async () => {
  pds = await startBlueskyPds();
});
afterAll(() => pds?.close());

async function newAccount(): Promise<PdsAccount> {
  accounts += 1;
  return pds.createAccount(`user${accounts}x.test`);
}

function channel(account: PdsAccount, overrides: Partial<BlueskyCredentials> = {}, apiBaseUrl = pds.url): ConnectedAccount {
  return {
    channelId: randomUUID(),
    network: 'bluesky',
    apiBaseUrl,
    handle: `@${account.handle}`,
    credentials: { identifier: account.handle, appPassword: account.appPassword, ...overrides },
  };
}

/** A channel that resumes a stored session (no login), so every request goes to `apiBaseUrl`. */
async function sessionChannel(account: PdsAccount, apiBaseUrl: string): Promise<ConnectedAccount> {
  const credentials = await connector.refresh?.(channel(account));
  return { ...channel(account, {}, apiBaseUrl), credentials: credentials ?? {} };
}

function post(overrides: Partial<PublishRequest> = {}): PublishRequest {
  return { idempotencyKey: randomUUID(), text: 'Het loket is morgen gesloten.', language: 'nl', media: [], ...overrides };
}

/** A real 1×1 PNG with the file name (and optional padding) after IEND, so each image has its own bytes. */
function image(name: string, altText: string, size = 0): MediaItem {
  const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
  return { fileName: name, mimeType: 'image/png', bytes: Buffer.concat([png, Buffer.from(name), Buffer.alloc(size)]), altText };
}

async function failure(promise: Promise<unknown>, kind: ConnectorErrorKind): Promise<ConnectorError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectorError);
  expect((error as ConnectorError).kind, (error as Error).message).toBe(kind);
  return error as ConnectorError;
}

async function postsOf(account: PdsAccount) {
  const agent = await pds.agentFor(account);
  const { data } = await agent.com.atproto.repo.listRecords({ repo: account.did, collection: 'app.bsky.feed.post' });
  return data.records;
}

type Fault = 'cutAfterForward' | { status: number; headers?: Record<string, string>; body: unknown };

/**
 * A TCP proxy in front of the PDS. Everything is forwarded, except the next createRecord request
 * when a fault is armed: either forwarded and the connection cut as the reply comes back (the
 * record IS made, the client never hears so), or answered by the proxy without forwarding.
 */
async function startProxy(target: number): Promise<{ url: string; arm(fault: Fault): void; close(): Promise<void> }> {
  let armed: Fault | null = null;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target, '127.0.0.1');
    sockets.add(client).add(upstream);
    let cutOnReply = false;
    let swallowing = false;
    client.on('data', (chunk: Buffer) => {
      if (swallowing) return;
      if (armed && chunk.toString('latin1').includes('/xrpc/com.atproto.repo.createRecord')) {
        const fault = armed;
        armed = null;
        if (fault === 'cutAfterForward') cutOnReply = true;
        else {
          swallowing = true;
          const body = JSON.stringify(fault.body);
          const head = Object.entries({ 'content-type': 'application/json', ...fault.headers }).map(([k, v]) => `${k}: ${v}\r\n`);
          client.end(
            `HTTP/1.1 ${fault.status} Fault\r\n${head.join('')}content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
          );
          upstream.destroy();
          return;
        }
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (cutOnReply) {
        client.destroy();
        upstream.destroy();
      } else client.write(chunk);
    });
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      from.on('end', () => to.end());
      from.on('error', () => to.destroy());
      from.on('close', () => sockets.delete(from));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    arm: (fault) => {
      armed = fault;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('bluesky connector: verify and publish', () => {
  it('verifies the app password (by handle or DID) and names the account', async () => {
    const alice = await newAccount();
    const me = await connector.verify(channel(alice));
    expect(me).toEqual({ handle: `@${alice.handle}`, displayName: undefined, remoteAccountId: alice.did });
    expect((await connector.verify(channel(alice, { identifier: alice.did }))).remoteAccountId).toBe(alice.did);
  });

  it('publishes text with link, tag and mention facets and its language, under the derived rkey', async () => {
    const [alice, bob] = [await newAccount(), await newAccount()];
    const text = `Nieuw: https://www.example.be/nl/nieuws #Verkiezingen met @${bob.handle} — meer volgt`;
    const request = post({ text, language: 'fr' });
    const published = await connector.publish(channel(alice), request);

    const rkey = rkeyFor(request.idempotencyKey);
    expect(published).toEqual({
      remoteId: `at://${alice.did}/app.bsky.feed.post/${rkey}`,
      url: `https://bsky.app/profile/${alice.handle}/post/${rkey}`,
    });
    const agent = await pds.agentFor(alice);
    const { data } = await agent.com.atproto.repo.getRecord({ repo: alice.did, collection: 'app.bsky.feed.post', rkey });
    const record = data.value as AppBskyFeedPost.Record;
    expect(AppBskyFeedPost.validateRecord(record).success).toBe(true);
    expect(record).toMatchObject({ text, langs: ['fr'] });
    expect(Date.now() - Date.parse(record.createdAt)).toBeLessThan(60_000);
    const features = (record.facets ?? []).flatMap((facet) => facet.features);
    expect(features).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ $type: 'app.bsky.richtext.facet#link', uri: 'https://www.example.be/nl/nieuws' }),
        expect.objectContaining({ $type: 'app.bsky.richtext.facet#tag', tag: 'Verkiezingen' }),
        expect.objectContaining({ $type: 'app.bsky.richtext.facet#mention', did: bob.did }),
      ]),
    );
    expect(features).toHaveLength(3);
  });

  it('uploads two images with their alt text; the blobs are in the repo', async () => {
    const alice = await newAccount();
    const request = post({ media: [image('kaart.png', 'Kaart van de omleiding'), image('bord.png', 'Bord: loket gesloten')] });
    const published = await connector.publish(channel(alice), request);
    const agent = await pds.agentFor(alice);
    const { data } = await agent.com.atproto.repo.getRecord({
      repo: alice.did,
      collection: 'app.bsky.feed.post',
      rkey: new AtUri(published.remoteId).rkey,
    });
    const embed = (data.value as AppBskyFeedPost.Record).embed;
    expect(AppBskyEmbedImages.isMain(embed)).toBe(true);
    const images = (embed as AppBskyEmbedImages.Main).images;
    expect(images.map((i) => [i.alt, i.image.mimeType, i.image.size])).toEqual([
      ['Kaart van de omleiding', 'image/png', request.media[0]?.bytes.length],
      ['Bord: loket gesloten', 'image/png', request.media[1]?.bytes.length],
    ]);
    for (const [i, item] of images.entries()) {
      const blob = await agent.com.atproto.sync.getBlob({ did: alice.did, cid: item.image.ref.toString() });
      expect(Buffer.from(blob.data).equals(request.media[i]?.bytes ?? Buffer.alloc(0))).toBe(true);
    }
  });

  it('publishes the same request only once, also when two attempts race', async () => {
    const alice = await newAccount();
    const request = post({ media: [image('a.png', 'Alt A')] });
    const first = await connector.publish(channel(alice), request);
    const second = await connector.publish(channel(alice), request);
    expect(second).toEqual(first);
    expect(await postsOf(alice)).toHaveLength(1);

    // Both pass the "already there?" read; the PDS refuses the second createRecord (with a bare
    // 500), and the connector reads the key and finds its own post.
    const racing = post();
    const [a, b] = await Promise.all([connector.publish(channel(alice), racing), connector.publish(channel(alice), racing)]);
    expect(a).toEqual(b);
    expect(await postsOf(alice)).toHaveLength(2);
  });

  it('findPublished reads the derived key: found, or null for another key', async () => {
    const alice = await newAccount();
    const request = post();
    const published = await connector.publish(channel(alice), request);
    expect(await connector.findPublished(channel(alice), request, new Date())).toEqual(published);
    expect(await connector.findPublished(channel(alice), post(), new Date())).toBeNull();
    // Our key holding a different post (a reused key with changed text) is not taken for ours.
    expect(await connector.findPublished(channel(alice), { ...request, text: 'Iets anders' }, new Date())).toBeNull();
    await failure(connector.publish(channel(alice), { ...request, text: 'Iets anders' }), 'rejected');
  });

  it('derives a valid, stable TID per idempotency key', () => {
    const keys = Array.from({ length: 200 }, () => randomUUID());
    const rkeys = keys.map(rkeyFor);
    expect(rkeys.every((rkey) => TID_PATTERN.test(rkey))).toBe(true);
    expect(new Set(rkeys).size).toBe(keys.length);
    expect(keys.map(rkeyFor)).toEqual(rkeys);
  });
});

describe('bluesky connector: failures are classified honestly', () => {
  it('over-long text → rejected with the PDS’s message; nothing is posted', async () => {
    const alice = await newAccount();
    const error = await failure(connector.publish(channel(alice), post({ text: 'x'.repeat(301) })), 'rejected');
    expect(error.message).toMatch(/grapheme too big \(maximum 300, got 301\)/);
    expect(error.details.status).toBe(400);
    expect(await postsOf(alice)).toHaveLength(0);
  });

  it('an image over 1,000,000 bytes → rejected before anything is uploaded', async () => {
    const alice = await newAccount();
    const error = await failure(connector.publish(channel(alice), post({ media: [image('big.png', 'Groot', 1_000_000)] })), 'rejected');
    expect(error.message).toMatch(/up to 1000000 bytes/);
    expect(await postsOf(alice)).toHaveLength(0);
  });

  it('wrong app password → auth_expired', async () => {
    const alice = await newAccount();
    await failure(connector.verify(channel(alice, { appPassword: 'aaaa-bbbb-cccc-dddd' })), 'auth_expired');
    await failure(connector.publish(channel(alice, { appPassword: 'aaaa-bbbb-cccc-dddd' }), post()), 'auth_expired');
    await failure(connector.verify(channel(alice, { appPassword: '' })), 'auth_expired');
  });

  it('an expired access token is refreshed; a dead session → auth_expired, and refresh logs in again', async () => {
    const alice = await newAccount();
    const stored = (await connector.refresh?.(channel(alice))) as BlueskyCredentials;
    const session = stored.session;
    if (!session) throw new Error('refresh returned no session');
    const expired = { ...session, accessJwt: pds.expireAccessJwt(session.accessJwt) };
    const handedBack: BlueskyCredentials[] = [];
    await connector.publish(channel(alice, { session: expired }), post(), { onCredentials: (c) => handedBack.push(c as BlueskyCredentials) });
    expect(await postsOf(alice)).toHaveLength(1);
    // The renewed session comes back to the caller to store, with the app password kept.
    expect(handedBack).toHaveLength(1);
    expect(handedBack[0]).toMatchObject({ identifier: alice.handle, appPassword: alice.appPassword, session: { did: alice.did } });
    expect(handedBack[0]?.session?.accessJwt).not.toBe(expired.accessJwt);
    // A call without a stored session logs in, and hands that session back too.
    const loggedIn: BlueskyCredentials[] = [];
    await connector.verify(channel(alice), { onCredentials: (c) => loggedIn.push(c as BlueskyCredentials) });
    expect(loggedIn[0]?.session?.did).toBe(alice.did);

    const dead = { ...session, accessJwt: pds.expireAccessJwt(session.accessJwt), refreshJwt: 'not-a-token' };
    await failure(connector.publish(channel(alice, { session: dead }), post()), 'auth_expired');
    const renewed = (await connector.refresh?.(channel(alice, { session: dead }))) as BlueskyCredentials;
    expect(renewed.session?.did).toBe(alice.did);
    await connector.publish(channel(alice, { session: renewed.session }), post());
    expect(await postsOf(alice)).toHaveLength(2);
  });

  it('a stopped PDS → unavailable (with or without a stored session)', async () => {
    const other = await startBlueskyPds();
    const carol = await other.createAccount('carol.test');
    const withSession = await connector.refresh?.({ ...channel(carol, {}, other.url) });
    await other.close();
    await failure(connector.publish(channel(carol, {}, other.url), post()), 'unavailable');
    await failure(connector.publish({ ...channel(carol, {}, other.url), credentials: withSession ?? {} }, post()), 'unavailable');
  });

  it('429 with ratelimit-reset → rate_limited, retry after the reset; nothing posted', async () => {
    const alice = await newAccount();
    const proxy = await startProxy(pds.port);
    try {
      const account = await sessionChannel(alice, proxy.url);
      const reset = Math.floor(Date.now() / 1000) + 120;
      proxy.arm({
        status: 429,
        headers: {
          'ratelimit-limit': '5000',
          'ratelimit-remaining': '0',
          'ratelimit-reset': String(reset),
          'ratelimit-policy': '5000;w=3600',
        },
        body: { error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' },
      });
      const error = await failure(connector.publish(account, post()), 'rate_limited');
      expect(error.details.status).toBe(429);
      expect(error.details.retryAfterSeconds).toBeGreaterThanOrEqual(118);
      expect(error.details.retryAfterSeconds).toBeLessThanOrEqual(121);
      expect(await postsOf(alice)).toHaveLength(0);
    } finally {
      await proxy.close();
    }
  });

  it('a 502 that never reached the PDS → ambiguous, and findPublished says certainly not published', async () => {
    const alice = await newAccount();
    const proxy = await startProxy(pds.port);
    try {
      const account = await sessionChannel(alice, proxy.url);
      const request = post();
      proxy.arm({ status: 502, body: { error: 'UpstreamFailure', message: 'Bad gateway' } });
      await failure(connector.publish(account, request), 'ambiguous');
      expect(await connector.findPublished(account, request, new Date())).toBeNull();
      expect(await postsOf(alice)).toHaveLength(0);
    } finally {
      await proxy.close();
    }
  });

  it('connection cut after the request was forwarded → ambiguous; found; a retry adds nothing', async () => {
    const alice = await newAccount();
    const proxy = await startProxy(pds.port);
    try {
      const account = await sessionChannel(alice, proxy.url);
      const request = post({ media: [image('a.png', 'Alt A')] });
      proxy.arm('cutAfterForward');
      await failure(connector.publish(account, request), 'ambiguous');
      const records = await postsOf(alice);
      expect(records).toHaveLength(1);

      const found = await connector.findPublished(account, request, new Date());
      expect(found?.remoteId).toBe(records[0]?.uri);
      const retried = await connector.publish(account, request);
      expect(retried).toEqual(found);
      expect(await postsOf(alice)).toHaveLength(1);
    } finally {
      await proxy.close();
    }
  });

  it('a lookup that fails → ambiguous, never "not published"', async () => {
    const alice = await newAccount();
    const proxy = await startProxy(pds.port);
    const account = await sessionChannel(alice, proxy.url);
    await proxy.close();
    await failure(connector.findPublished(account, post(), new Date()), 'ambiguous');
  });
});
