import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ImageHost, startImageHost } from '../../../test/peers/meta/image-host.js';
import { type CreatedSubject, type MetaPeer, startMetaPeer } from '../../../test/peers/meta/server.js';
import { ConnectorError, type ConnectedAccount, type ConnectorErrorKind, type MediaItem, type PublishRequest } from '../connector.js';
import { createInstagramConnector, instagramConnector } from './instagram.js';

let peer: MetaPeer;
let images: ImageHost;
let user: CreatedSubject;

beforeAll(async () => {
  images = await startImageHost();
});
afterAll(() => images.close());
beforeEach(async () => {
  peer = await startMetaPeer();
  user = peer.createInstagramUser({ username: 'stadgent', name: 'Stad Gent' });
});
afterEach(() => peer.close());

const imageUrlFor = (media: MediaItem) => images.host(media.bytes, media.mimeType);
const connector = createInstagramConnector({ imageUrlFor });

function channel(credentials: Record<string, unknown> = {}): ConnectedAccount {
  return {
    channelId: randomUUID(),
    network: 'instagram',
    apiBaseUrl: peer.url,
    handle: '@stadgent',
    credentials: { igUserId: user.subject.id, accessToken: user.accessToken, ...credentials },
  };
}

function jpeg(name: string, altText: string): MediaItem {
  return { fileName: name, mimeType: 'image/jpeg', bytes: Buffer.alloc(80, name), altText };
}

function post(overrides: Partial<PublishRequest> = {}): PublishRequest {
  return {
    idempotencyKey: randomUUID(),
    text: `Zomerfeesten: het programma staat online. ${randomUUID().slice(0, 8)}`,
    media: [jpeg('affiche.jpg', 'Affiche van de Gentse Feesten')],
    ...overrides,
  };
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
const publishPath = () => `/${user.subject.id}/media_publish`;

describe('instagram connector: publish', () => {
  it('verifies the token and names the account', async () => {
    expect(await connector.verify(channel())).toEqual({ handle: '@stadgent', displayName: 'Stad Gent', remoteAccountId: user.subject.id });
  });

  it('publishes a photo with alt text: Meta fetches the image from its public URL', async () => {
    const request = post();
    const published = await connector.publish(channel(), request);
    const [media] = live();
    expect(media?.id).toBe(published.remoteId);
    expect(media?.caption).toBe(request.text);
    expect(media?.mediaType).toBe('IMAGE');
    expect(media?.items.map((i) => [i.altText, i.bytes.equals(request.media[0]?.bytes ?? Buffer.alloc(0))])).toEqual([
      ['Affiche van de Gentse Feesten', true],
    ]);
    expect(published.url).toBe(`https://www.instagram.com/p/${media?.shortcode}/`);
    expect(images.fetched.length).toBeGreaterThan(0);
  });

  it('publishes a carousel: item containers, a CAROUSEL container, one media_publish', async () => {
    const request = post({ media: [jpeg('a.jpg', 'Alt A'), jpeg('b.jpg', 'Alt B'), jpeg('c.jpg', 'Alt C')] });
    const published = await connector.publish(channel(), request);
    const media = peer.state.published.get(published.remoteId);
    expect(media?.mediaType).toBe('CAROUSEL_ALBUM');
    expect(media?.items.map((i) => i.altText)).toEqual(['Alt A', 'Alt B', 'Alt C']);
    expect(peer.state.containers.size).toBe(4);
    expect(peer.state.publishRequests).toBe(1);
  });

  it('polls containers until FINISHED before publishing', async () => {
    peer.settings.containerPolls = 2;
    await connector.publish(channel(), post());
    const statusReads = peer.state.requests.filter((r) => r.method === 'GET' && /^\/v21\.0\/1790\d+$/.test(r.path));
    expect(statusReads).toHaveLength(3);
    expect(live()).toHaveLength(1);
  });

  it('a container in ERROR (image not a JPEG) → rejected with Meta’s reason, nothing published', async () => {
    const png = { ...jpeg('a.png', 'Alt'), mimeType: 'image/png' };
    const error = await failure(connector.publish(channel(), post({ media: [png] })), 'rejected');
    expect(error.message).toMatch(/Only photo or video can be accepted as media type/);
    expect(peer.state.publishRequests).toBe(0);
  });

  it('a post without media → rejected before any call', async () => {
    const error = await failure(connector.publish(channel(), post({ media: [] })), 'rejected');
    expect(error.message).toMatch(/need at least one image/);
    expect(peer.state.requests).toHaveLength(0);
  });

  it('the shared connector takes the URL signer from the credentials, and refuses plainly without one', async () => {
    await failure(instagramConnector.publish(channel(), post()), 'rejected');
    expect(peer.state.requests).toHaveLength(0);
    await instagramConnector.publish(channel({ imageUrlFor }), post());
    expect(live()).toHaveLength(1);
  });
});

describe('instagram connector: failures are classified honestly', () => {
  it('throttling (80002, Instagram BUC) → rate_limited after estimated_time_to_regain_access', async () => {
    peer.faults.add({ kind: 'throttle', code: 80002, regainMinutes: 25, method: 'POST', path: publishPath() });
    const error = await failure(connector.publish(channel(), post()), 'rate_limited');
    expect(error.details.retryAfterSeconds).toBe(25 * 60);
    expect(live()).toHaveLength(0);
  });

  it('the daily publishing cap (9 / 2207042) → rate_limited', async () => {
    peer.faults.add({
      kind: 'graphError',
      code: 9,
      subcode: 2207042,
      message: 'Application request limit reached',
      method: 'POST',
      path: publishPath(),
    });
    await failure(connector.publish(channel(), post()), 'rate_limited');
  });

  it('expired token → auth_expired; refresh gives a working 60-day token', async () => {
    peer.settings.tokenSeconds = 60;
    const short = peer.createInstagramUser({ username: 'kort' });
    const account = { ...channel(), handle: '@kort', credentials: { igUserId: short.subject.id, accessToken: short.accessToken } };
    peer.advanceClock(61_000);
    await failure(connector.publish(account, post()), 'auth_expired');
    const refresh = connector.refresh;
    if (!refresh) throw new Error('instagram connector has refresh');
    await failure(refresh(account), 'auth_expired'); // an expired token cannot be renewed
    peer.settings.tokenSeconds = null;
    const renewed = await refresh(channel());
    expect(renewed.accessToken).not.toBe(user.accessToken);
    expect(Date.parse(String(renewed.expiresAt))).toBeGreaterThan(Date.now() + 59 * 86_400_000);
    await connector.publish({ ...channel(), credentials: renewed }, post());
  });

  it('a Graph error on the container → rejected with Graph’s message', async () => {
    const error = await failure(connector.publish(channel(), post({ text: 'x'.repeat(2201) })), 'rejected');
    expect(error.message).toBe('(#100) The caption is too long (maximum 2200 characters).');
  });

  it('cut after media_publish stored → ambiguous; findPublished finds it; one media on Instagram', async () => {
    const request = post({ media: [jpeg('a.jpg', 'Alt A'), jpeg('b.jpg', 'Alt B')] });
    const since = new Date();
    peer.faults.add({ kind: 'cutAfterStore', method: 'POST', path: publishPath() });
    await failure(connector.publish(channel(), request), 'ambiguous');
    const [media] = live();
    expect(await connector.findPublished(channel(), request, since)).toEqual({
      remoteId: media?.id,
      url: `https://www.instagram.com/p/${media?.shortcode}/`,
    });
    expect(live()).toHaveLength(1);
    expect(peer.state.publishRequests).toBe(1);
  });

  it('cut before media_publish was processed → ambiguous; findPublished says not published', async () => {
    const request = post();
    const since = new Date();
    peer.faults.add({ kind: 'cutBeforeStore', method: 'POST', path: publishPath() });
    await failure(connector.publish(channel(), request), 'ambiguous');
    expect(await connector.findPublished(channel(), request, since)).toBeNull();
    expect(live()).toHaveLength(0);
  });

  it('the peer refuses to publish one container twice (no second media)', async () => {
    await connector.publish(channel(), post());
    const container = [...peer.state.containers.values()][0];
    const response = await fetch(`${peer.url}/v21.0${publishPath()}`, {
      method: 'POST',
      body: new URLSearchParams({ creation_id: container?.id ?? '', access_token: user.accessToken }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: number; error_subcode: number } }).error).toMatchObject({
      code: 24,
      error_subcode: 2207008,
    });
    expect(live()).toHaveLength(1);
  });

  it('findPublished does not take a single photo for a carousel with the same caption', async () => {
    const since = new Date();
    const request = post();
    await connector.publish(channel(), request);
    expect(await connector.findPublished(channel(), { ...request, media: [jpeg('a.jpg', 'A'), jpeg('b.jpg', 'B')] }, since)).toBeNull();
    expect(await connector.findPublished(channel(), { ...request, text: 'Ander onderschrift' }, since)).toBeNull();
  });
});
