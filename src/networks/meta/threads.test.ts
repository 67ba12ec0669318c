import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ImageHost, startImageHost } from '../../../test/peers/meta/image-host.js';
import { type CreatedSubject, type MetaPeer, startMetaPeer } from '../../../test/peers/meta/server.js';
import { ConnectorError, type ConnectedAccount, type ConnectorErrorKind, type MediaItem, type PublishRequest } from '../connector.js';
import { createThreadsConnector } from './threads.js';

let peer: MetaPeer;
let images: ImageHost;
let user: CreatedSubject;

beforeAll(async () => {
  images = await startImageHost();
});
afterAll(() => images.close());
beforeEach(async () => {
  peer = await startMetaPeer();
  user = peer.createThreadsUser({ username: 'stadgent', name: 'Stad Gent' });
});
afterEach(() => peer.close());

const connector = createThreadsConnector({ imageUrlFor: (media) => images.host(media.bytes, media.mimeType) });

function channel(): ConnectedAccount {
  return {
    channelId: randomUUID(),
    network: 'threads',
    apiBaseUrl: peer.url,
    handle: '@stadgent',
    credentials: { threadsUserId: user.subject.id, accessToken: user.accessToken },
  };
}

function image(name: string, altText: string, mimeType = 'image/png'): MediaItem {
  return { fileName: name, mimeType, bytes: Buffer.alloc(48, name), altText };
}

function post(overrides: Partial<PublishRequest> = {}): PublishRequest {
  return { idempotencyKey: randomUUID(), text: `Werken aan de Korenmarkt. ${randomUUID().slice(0, 8)}`, media: [], ...overrides };
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

const live = () => peer.state.publishedOf(user.subject.id);
const publishPath = () => `/${user.subject.id}/threads_publish`;

describe('threads connector', () => {
  it('publishes a text post (TEXT container, then threads_publish) on /v1.0', async () => {
    const request = post();
    const published = await connector.publish(channel(), request);
    const [stored] = live();
    expect(stored?.mediaType).toBe('TEXT_POST');
    expect(stored?.caption).toBe(request.text);
    expect(published).toEqual({ remoteId: stored?.id, url: `https://www.threads.net/@stadgent/post/${stored?.shortcode}` });
    expect(peer.state.requests.some((r) => r.path === `/v1.0${publishPath()}`)).toBe(true);
  });

  it('publishes a photo with alt text, polling the container status first', async () => {
    peer.settings.containerPolls = 1;
    const published = await connector.publish(channel(), post({ media: [image('kaart.png', 'Kaart van de werken')] }));
    const stored = peer.state.published.get(published.remoteId);
    expect(stored?.mediaType).toBe('IMAGE');
    expect(stored?.items.map((i) => i.altText)).toEqual(['Kaart van de werken']);
  });

  it('publishes a carousel', async () => {
    const published = await connector.publish(channel(), post({ media: [image('a.png', 'A'), image('b.jpg', 'B', 'image/jpeg')] }));
    expect(peer.state.published.get(published.remoteId)?.items.map((i) => i.altText)).toEqual(['A', 'B']);
  });

  it('throttling (613) → rate_limited; expired token → auth_expired; Graph error → rejected', async () => {
    peer.faults.add({ kind: 'throttle', code: 613, regainMinutes: 3, method: 'POST', path: publishPath() });
    expect((await failure(connector.publish(channel(), post()), 'rate_limited')).details.retryAfterSeconds).toBe(180);
    peer.faults.add({ kind: 'expiredToken', method: 'POST', path: `/${user.subject.id}/threads` });
    await failure(connector.publish(channel(), post()), 'auth_expired');
    const error = await failure(connector.publish(channel(), post({ text: 'x'.repeat(501) })), 'rejected');
    expect(error.message).toBe('(#100) The text is too long (maximum 500 characters).');
    expect(live()).toHaveLength(0);
  });

  it('cut after threads_publish stored → ambiguous; findPublished finds it; one post', async () => {
    const request = post({ media: [image('a.png', 'Alt A')] });
    const since = new Date();
    peer.faults.add({ kind: 'cutAfterStore', method: 'POST', path: publishPath() });
    await failure(connector.publish(channel(), request), 'ambiguous');
    expect((await connector.findPublished(channel(), request, since))?.remoteId).toBe(live()[0]?.id);
    expect(await connector.findPublished(channel(), { ...request, media: [] }, since)).toBeNull();
    expect(live()).toHaveLength(1);
    expect(peer.state.publishRequests).toBe(1);
  });

  it('cut before threads_publish → ambiguous; findPublished says not published', async () => {
    const request = post();
    const since = new Date();
    peer.faults.add({ kind: 'cutBeforeStore', method: 'POST', path: publishPath() });
    await failure(connector.publish(channel(), request), 'ambiguous');
    expect(await connector.findPublished(channel(), request, since)).toBeNull();
  });

  it('refresh renews the long-lived token (th_refresh_token)', async () => {
    const refresh = connector.refresh;
    if (!refresh) throw new Error('threads connector has refresh');
    const renewed = await refresh(channel());
    expect(renewed.accessToken).not.toBe(user.accessToken);
    expect(renewed.threadsUserId).toBe(user.subject.id);
    await connector.publish({ ...channel(), credentials: renewed }, post());
  });
});
