import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CreatedUser, startXPeer, type XPeer } from '../../../test/peers/x/server.js';
import { ConnectorError, type ConnectedAccount, type ConnectorErrorKind, type MediaItem, type PublishRequest } from '../connector.js';
import { xConnector as connector } from './connector.js';

let peer: XPeer;
let alice: CreatedUser;

beforeEach(async () => {
  peer = await startXPeer();
  alice = peer.createUser({ username: 'stadgent', name: 'Stad Gent' });
});
afterEach(() => peer.close());

function channel(created: CreatedUser = alice, apiBaseUrl = peer.url): ConnectedAccount {
  return {
    channelId: randomUUID(),
    network: 'x',
    apiBaseUrl,
    handle: `@${created.user.username}`,
    credentials: {
      accessToken: created.accessToken,
      refreshToken: created.refreshToken,
      clientId: created.client.clientId,
      clientSecret: created.client.clientSecret,
    },
  };
}

function post(overrides: Partial<PublishRequest> = {}): PublishRequest {
  return { idempotencyKey: randomUUID(), text: `Het loket is morgen gesloten. ${randomUUID().slice(0, 8)}`, media: [], ...overrides };
}

function image(name: string, altText: string, size = 64): MediaItem {
  return { fileName: name, mimeType: 'image/png', bytes: Buffer.alloc(size, name), altText };
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

const live = () => peer.state.tweetsOf(alice.user.id);

describe('x connector: verify and publish', () => {
  it('verifies the token and names the account', async () => {
    expect(await connector.verify(channel())).toEqual({ handle: '@stadgent', displayName: 'Stad Gent', remoteAccountId: alice.user.id });
  });

  it('publishes a text tweet', async () => {
    const request = post();
    const published = await connector.publish(channel(), request);
    const [stored] = live();
    expect(stored?.id).toBe(published.remoteId);
    expect(stored?.submittedText).toBe(request.text);
    expect(published.url).toBe(`https://x.com/stadgent/status/${published.remoteId}`);
  });

  it('uploads images in chunks with their alt text, and the tweet carries them', async () => {
    const big = image('kaart.png', 'Kaart van de omleiding', 1024 * 1024 + 10); // two APPEND segments
    const request = post({ media: [big, image('bord.png', 'Bord: loket gesloten')] });
    const published = await connector.publish(channel(), request);
    const tweet = peer.state.tweets.get(published.remoteId);
    const media = tweet?.mediaIds.map((id) => peer.state.media.get(id));
    expect(media?.map((m) => [m?.mediaType, m?.altText, m?.segments.size])).toEqual([
      ['image/png', 'Kaart van de omleiding', 2],
      ['image/png', 'Bord: loket gesloten', 1],
    ]);
    const first = media?.[0];
    expect(first && peer.state.bytesOf(first).equals(big.bytes)).toBe(true);
  });

  it('over-long text (280 weighted) → rejected with X’s words', async () => {
    const error = await failure(connector.publish(channel(), post({ text: 'x'.repeat(281) })), 'rejected');
    expect(error.message).toMatch(/^Your Tweet text is too long/);
    expect(error.details.status).toBe(403);
    // CJK counts double: 141 × 2 = 282 > 280. A URL counts 23 whatever its length.
    await failure(connector.publish(channel(), post({ text: '漢'.repeat(141) })), 'rejected');
    await connector.publish(channel(), post({ text: `${'y'.repeat(250)} https://example.org/${'p'.repeat(200)}` }));
    expect(live()).toHaveLength(1);
  });
});

describe('x connector: failures are classified honestly', () => {
  it('429 → rate_limited, retry after x-rate-limit-reset', async () => {
    peer.faults.add({ kind: 'status429', method: 'POST', path: '/2/tweets', retryAfterSeconds: 42 });
    const error = await failure(connector.publish(channel(), post()), 'rate_limited');
    expect(error.details.status).toBe(429);
    expect(error.details.retryAfterSeconds).toBeGreaterThanOrEqual(41);
    expect(error.details.retryAfterSeconds).toBeLessThanOrEqual(43);
    expect(live()).toHaveLength(0);
  });

  it('429 from the real per-user limit', async () => {
    peer.settings.rateLimits = { ...peer.settings.rateLimits, 'POST /2/tweets': [{ limit: 1, periodSeconds: 900 }] };
    await connector.publish(channel(), post());
    const error = await failure(connector.publish(channel(), post()), 'rate_limited');
    expect(error.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.details.retryAfterSeconds).toBeLessThanOrEqual(901);
  });

  it('500 or 503 → ambiguous', async () => {
    peer.faults.add({ kind: 'status500', method: 'POST', path: '/2/tweets' });
    await failure(connector.publish(channel(), post()), 'ambiguous');
    peer.faults.add({ kind: 'status503', method: 'POST', path: '/2/tweets', afterStore: true });
    await failure(connector.publish(channel(), post()), 'ambiguous');
    expect(live()).toHaveLength(1);
  });

  it('cut after the tweet was stored → ambiguous; findPublished finds it; the peer holds one tweet', async () => {
    const request = post({
      text: 'Werken aan de Korenmarkt: zie https://stad.gent/nl/mobiliteit?x=1&y=2 <info>',
      media: [image('a.png', 'Alt A')],
    });
    const since = new Date();
    peer.faults.add({ kind: 'cutAfterStore', method: 'POST', path: '/2/tweets' });
    await failure(connector.publish(channel(), request), 'ambiguous');
    const [stored] = live();
    expect(stored?.text).toMatch(/https:\/\/t\.co\/\w+ &lt;info&gt; https:\/\/t\.co\/\w+$/);
    expect(await connector.findPublished(channel(), request, since)).toEqual({
      remoteId: stored?.id,
      url: `https://x.com/stadgent/status/${stored?.id}`,
    });
    expect(live()).toHaveLength(1);
    expect(peer.state.postTweetRequests).toBe(1);
  });

  it('cut before the tweet was stored → ambiguous; findPublished says not published', async () => {
    const request = post();
    const since = new Date();
    peer.faults.add({ kind: 'cutBeforeStore', method: 'POST', path: '/2/tweets' });
    await failure(connector.publish(channel(), request), 'ambiguous');
    expect(await connector.findPublished(channel(), request, since)).toBeNull();
    expect(live()).toHaveLength(0);
  });

  it('a reply slower than the timeout → ambiguous; the tweet the server still made is found', async () => {
    const request = post();
    const since = new Date();
    peer.faults.add({ kind: 'slow', delayMs: 600, method: 'POST', path: '/2/tweets' });
    await failure(connector.publish(channel(), request, { timeoutMs: 150 }), 'ambiguous');
    await peer.settled();
    expect((await connector.findPublished(channel(), request, since))?.remoteId).toBe(live()[0]?.id);
  });

  it('duplicate content → ambiguous, and findPublished finds the original', async () => {
    const request = post();
    const since = new Date();
    const original = await connector.publish(channel(), request);
    const error = await failure(connector.publish(channel(), request), 'ambiguous');
    expect(error.message).toMatch(/You are not allowed to create a Tweet with duplicate content\./);
    expect(error.details.status).toBe(403);
    expect(await connector.findPublished(channel(), request, since)).toEqual(original);
    expect(live()).toHaveLength(1);
  });

  it('expired token → auth_expired; refresh gives working credentials and a rotated refresh token', async () => {
    peer.faults.add({ kind: 'expiredToken', path: '/2/users/me' });
    await failure(connector.verify(channel()), 'auth_expired');
    peer.advanceClock(7201 * 1000); // the real expiry: access tokens live 7200 s
    await failure(connector.publish(channel(), post()), 'auth_expired');

    const refresh = connector.refresh;
    if (!refresh) throw new Error('x connector has refresh');
    const credentials = await refresh(channel());
    expect(credentials.accessToken).not.toBe(alice.accessToken);
    expect(credentials.refreshToken).toEqual(expect.any(String));
    expect(credentials.refreshToken).not.toBe(alice.refreshToken);
    expect(credentials.clientId).toBe(alice.client.clientId);
    const renewed = { ...channel(), credentials };
    expect((await connector.verify(renewed)).remoteAccountId).toBe(alice.user.id);
    await connector.publish(renewed, post());
    // The old refresh token is spent: refreshing with it is refused.
    await failure(refresh(channel()), 'auth_expired');
  });

  it('a media failure → unavailable: no tweet request was sent', async () => {
    peer.faults.add({ kind: 'status500', method: 'POST', path: /\/finalize$/ });
    const error = await failure(connector.publish(channel(), post({ media: [image('a.png', 'A')] })), 'unavailable');
    expect(error.message).toMatch(/no tweet was sent/);
    expect(peer.state.postTweetRequests).toBe(0);
  });

  it('a server that does not answer → unavailable', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    await failure(connector.publish(channel(alice, `http://127.0.0.1:${closed}`), post()), 'unavailable');
  });
});

describe('x connector: findPublished', () => {
  it('does not take a different post for ours', async () => {
    const since = new Date();
    await connector.publish(channel(), post({ text: 'Eerste bericht', media: [image('a.png', 'Alt')] }));
    expect(await connector.findPublished(channel(), post({ text: 'Ander bericht' }), since)).toBeNull();
    expect(await connector.findPublished(channel(), post({ text: 'Eerste bericht' }), since)).toBeNull();
    expect(
      await connector.findPublished(channel(), post({ text: 'Eerste bericht', media: [image('a.png', 'Other alt')] }), since),
    ).toBeNull();
    expect(
      await connector.findPublished(channel(), post({ text: 'Eerste bericht', media: [image('a.png', 'Alt')] }), since),
    ).not.toBeNull();
  });

  it('recognises links written without a scheme, and only looks since the attempt', async () => {
    const request = post({ text: 'Meer op stad.gent/afval & https://www.gent.be' });
    await connector.publish(channel(), request);
    expect(await connector.findPublished(channel(), request, new Date(Date.now() - 1000))).not.toBeNull();
    expect(await connector.findPublished(channel(), request, new Date(Date.now() + 60 * 60_000))).toBeNull();
  });

  it('pages back through the timeline, using the stored user id', async () => {
    const request = post({ text: 'Het oudste bericht' });
    const since = new Date();
    const published = await connector.publish(channel(), request);
    for (let i = 0; i < 105; i += 1) await connector.publish(channel(), post({ text: `Later bericht ${i}` }));
    const account = { ...channel(), credentials: { ...channel().credentials, userId: alice.user.id } };
    expect(await connector.findPublished(account, request, since)).toEqual(published);
    expect(peer.state.requests.filter((r) => r.path === `/2/users/${alice.user.id}/tweets`)).toHaveLength(2);
    expect(peer.state.requests.some((r) => r.path === '/2/users/me')).toBe(false);
  });

  it('fails rather than answering "not published" when the lookup fails', async () => {
    peer.faults.add({ kind: 'status503', method: 'GET', path: /\/tweets$/ });
    await failure(connector.findPublished(channel(), post(), new Date()), 'ambiguous');
  });
});
