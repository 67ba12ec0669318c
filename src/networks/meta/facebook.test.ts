import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CreatedSubject, type MetaPeer, startMetaPeer } from '../../../test/peers/meta/server.js';
import { ConnectorError, type ConnectedAccount, type ConnectorErrorKind, type MediaItem, type PublishRequest } from '../connector.js';
import { facebookConnector as connector } from './facebook.js';

let peer: MetaPeer;
let page: CreatedSubject;

beforeEach(async () => {
  peer = await startMetaPeer();
  page = peer.createPage({ name: 'Stad Gent', username: 'stadgent' });
});
afterEach(() => peer.close());

function channel(apiBaseUrl = peer.url): ConnectedAccount {
  return {
    channelId: randomUUID(),
    network: 'facebook',
    apiBaseUrl,
    handle: '@stadgent',
    credentials: { pageId: page.subject.id, pageAccessToken: page.accessToken },
  };
}

function post(overrides: Partial<PublishRequest> = {}): PublishRequest {
  return { idempotencyKey: randomUUID(), text: `Het loket is morgen gesloten. ${randomUUID().slice(0, 8)}`, media: [], ...overrides };
}

function photo(name: string, altText: string): MediaItem {
  return { fileName: name, mimeType: 'image/jpeg', bytes: Buffer.alloc(64, name), altText };
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

const live = () => peer.state.postsOf(page.subject.id);
const feedPath = () => `/${page.subject.id}/feed`;

describe('facebook connector: verify and publish', () => {
  it('verifies the Page token and names the Page', async () => {
    expect(await connector.verify(channel())).toEqual({ handle: '@stadgent', displayName: 'Stad Gent', remoteAccountId: page.subject.id });
  });

  it('publishes a text post with one POST /feed, on a versioned path', async () => {
    const request = post();
    const published = await connector.publish(channel(), request);
    const [stored] = live();
    expect(stored?.id).toBe(published.remoteId);
    expect(stored?.message).toBe(request.text);
    expect(published.url).toBe(`https://www.facebook.com/${page.subject.id}/posts/${published.remoteId.split('_')[1]}`);
    const feedCalls = peer.state.requests.filter((r) => r.method === 'POST' && r.path === `/v21.0${feedPath()}`);
    expect(feedCalls).toHaveLength(1);
  });

  it('uploads photos unpublished with their alt text, then attaches them to one post', async () => {
    const request = post({ media: [photo('kaart.jpg', 'Kaart van de omleiding'), photo('bord.jpg', 'Bord: loket gesloten')] });
    const published = await connector.publish(channel(), request);
    const stored = peer.state.posts.get(published.remoteId);
    const photos = stored?.photoIds.map((id) => peer.state.photos.get(id));
    expect(
      photos?.map((p) => [p?.altText, p?.published, p?.bytes.equals(Buffer.alloc(64, p === photos?.[0] ? 'kaart.jpg' : 'bord.jpg'))]),
    ).toEqual([
      ['Kaart van de omleiding', false, true],
      ['Bord: loket gesloten', false, true],
    ]);
    expect(live()).toHaveLength(1);
  });
});

describe('facebook connector: failures are classified honestly', () => {
  it('throttling (code 32, page limit) → rate_limited after the BUC estimate; nothing posted', async () => {
    peer.faults.add({ kind: 'throttle', code: 32, regainMinutes: 7, method: 'POST', path: feedPath() });
    const error = await failure(connector.publish(channel(), post()), 'rate_limited');
    expect(error.message).toBe('(#32) Page request limit reached');
    expect(error.details.retryAfterSeconds).toBe(7 * 60);
    expect(live()).toHaveLength(0);
  });

  it('throttling without a time estimate (code 4, 403) → rate_limited with the conservative hour', async () => {
    peer.faults.add({ kind: 'throttle', code: 4, status: 403, regainMinutes: null, method: 'POST', path: feedPath() });
    const error = await failure(connector.publish(channel(), post()), 'rate_limited');
    expect(error.details.retryAfterSeconds).toBe(3600);
  });

  it('expired token (190) → auth_expired', async () => {
    peer.faults.add({ kind: 'expiredToken', path: feedPath() });
    const error = await failure(connector.publish(channel(), post()), 'auth_expired');
    expect(error.message).toMatch(/^Error validating access token: Session has expired/);
    await failure(
      connector.verify({ ...channel(), credentials: { pageId: page.subject.id, pageAccessToken: 'EAAGnope' } }),
      'auth_expired',
    );
  });

  it('a Graph validation error → rejected with Graph’s message', async () => {
    const error = await failure(connector.publish(channel(), post({ text: 'x'.repeat(63_207) })), 'rejected');
    expect(error.message).toBe('(#100) Message must be 63206 characters or less');
    expect(error.details.status).toBe(400);
    expect(error.details.requestId).toEqual(expect.any(String));
  });

  it('a photo upload failing → unavailable, no post was made', async () => {
    peer.faults.add({ kind: 'status500', method: 'POST', path: `/${page.subject.id}/photos` });
    const error = await failure(connector.publish(channel(), post({ media: [photo('a.jpg', 'A')] })), 'unavailable');
    expect(error.message).toMatch(/nothing was published/);
    expect(peer.state.publishRequests).toBe(0);
  });

  it('500 on /feed → ambiguous', async () => {
    peer.faults.add({ kind: 'status500', method: 'POST', path: feedPath(), afterStore: true });
    await failure(connector.publish(channel(), post()), 'ambiguous');
    expect(live()).toHaveLength(1);
  });

  it('cut after the post was stored → ambiguous; findPublished finds it; the Page holds one post', async () => {
    const request = post({ media: [photo('a.jpg', 'Alt A'), photo('b.jpg', 'Alt B')] });
    const since = new Date();
    peer.faults.add({ kind: 'cutAfterStore', method: 'POST', path: feedPath() });
    await failure(connector.publish(channel(), request), 'ambiguous');
    const [stored] = live();
    expect(await connector.findPublished(channel(), request, since)).toEqual({
      remoteId: stored?.id,
      url: `https://www.facebook.com/${page.subject.id}/posts/${stored?.id.split('_')[1]}`,
    });
    expect(live()).toHaveLength(1);
    expect(peer.state.publishRequests).toBe(1);
  });

  it('cut before the post was stored → ambiguous; findPublished says not published', async () => {
    const request = post();
    const since = new Date();
    peer.faults.add({ kind: 'cutBeforeStore', method: 'POST', path: feedPath() });
    await failure(connector.publish(channel(), request), 'ambiguous');
    expect(await connector.findPublished(channel(), request, since)).toBeNull();
    expect(live()).toHaveLength(0);
  });

  it('a reply slower than the timeout → ambiguous; the post the server still made is found', async () => {
    const request = post();
    const since = new Date();
    peer.faults.add({ kind: 'slow', delayMs: 500, method: 'POST', path: feedPath() });
    await failure(connector.publish(channel(), request, { timeoutMs: 100 }), 'ambiguous');
    await peer.settled();
    expect((await connector.findPublished(channel(), request, since))?.remoteId).toBe(live()[0]?.id);
  });

  it('a server that does not answer → unavailable', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    await failure(connector.publish(channel(`http://127.0.0.1:${closed}`), post()), 'unavailable');
  });
});

describe('facebook connector: findPublished', () => {
  it('does not take a different post for ours (text, photo count, time window)', async () => {
    const since = new Date();
    await connector.publish(channel(), post({ text: 'Eerste bericht', media: [photo('a.jpg', 'Alt')] }));
    expect(await connector.findPublished(channel(), post({ text: 'Ander bericht' }), since)).toBeNull();
    expect(await connector.findPublished(channel(), post({ text: 'Eerste bericht' }), since)).toBeNull();
    expect(
      await connector.findPublished(channel(), post({ text: 'Eerste bericht', media: [photo('a.jpg', 'Alt')] }), since),
    ).not.toBeNull();
    const later = new Date(Date.now() + 60 * 60_000);
    expect(await connector.findPublished(channel(), post({ text: 'Eerste bericht', media: [photo('a.jpg', 'Alt')] }), later)).toBeNull();
  });

  it('pages back through the feed', async () => {
    const request = post({ text: 'Het oudste bericht' });
    const since = new Date();
    const published = await connector.publish(channel(), request);
    for (let i = 0; i < 60; i += 1) await connector.publish(channel(), post({ text: `Later bericht ${i}` }));
    expect(await connector.findPublished(channel(), request, since)).toEqual(published);
    expect(peer.state.requests.filter((r) => r.method === 'GET' && r.path === `/v21.0${feedPath()}`)).toHaveLength(2);
  });

  it('fails rather than answering "not published" when the lookup fails', async () => {
    peer.faults.add({ kind: 'status500', method: 'GET', path: feedPath() });
    await failure(connector.findPublished(channel(), post(), new Date()), 'ambiguous');
  });
});
