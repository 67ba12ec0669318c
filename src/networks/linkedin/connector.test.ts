import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CreatedMember, type LinkedInPeer, startLinkedInPeer } from '../../../test/peers/linkedin/server.js';
import type { LiOrganization } from '../../../test/peers/linkedin/store.js';
import { ConnectorError, type ConnectedAccount, type ConnectorErrorKind, type MediaItem, type PublishRequest } from '../connector.js';
import { linkedinConnector as connector } from './connector.js';

let peer: LinkedInPeer;
let page: LiOrganization;
let admin: CreatedMember;
let author: string;

beforeEach(async () => {
  peer = await startLinkedInPeer();
  page = peer.createOrganization({ localizedName: 'Stad Gent', vanityName: 'stad-gent' });
  admin = peer.createMember({ name: 'An Admin', roles: [{ organization: page }] });
  author = `urn:li:organization:${page.id}`;
});
afterEach(() => peer.close());

function channel(overrides: Record<string, unknown> = {}, apiBaseUrl = peer.url): ConnectedAccount {
  return {
    channelId: randomUUID(),
    network: 'linkedin',
    apiBaseUrl,
    handle: 'stad-gent',
    credentials: {
      accessToken: admin.accessToken,
      refreshToken: admin.refreshToken,
      organizationUrn: author,
      clientId: admin.client.clientId,
      clientSecret: admin.client.clientSecret,
      ...overrides,
    },
  };
}

function post(overrides: Partial<PublishRequest> = {}): PublishRequest {
  return { idempotencyKey: randomUUID(), text: `Het loket is morgen gesloten. ${randomUUID().slice(0, 8)}`, media: [], ...overrides };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
function image(name: string, altText: string, size = 64): MediaItem {
  return { fileName: name, mimeType: 'image/png', bytes: Buffer.concat([PNG_SIGNATURE, Buffer.alloc(size, name)]), altText };
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

const live = () => peer.state.postsOf(author);

describe('linkedin connector: verify and publish', () => {
  it('verifies the token and names the page', async () => {
    expect(await connector.verify(channel())).toEqual({ handle: 'stad-gent', displayName: 'Stad Gent', remoteAccountId: author });
    // A bare organization id is accepted too.
    expect((await connector.verify(channel({ organizationUrn: undefined, organizationId: String(page.id) }))).remoteAccountId).toBe(author);
  });

  it('publishes text as the page, escaping little-text characters so nothing is cut off', async () => {
    const request = post({ text: 'Loket (tijdelijk) dicht: zie stad.gent/afval #Gent *nu* C# 100% [info] a_b ~ {x} <y> @z \\ |' });
    const published = await connector.publish(channel(), request);
    const [stored] = live();
    expect(stored?.id).toBe(published.remoteId);
    expect(stored?.plainText).toBe(request.text);
    expect(stored?.commentary).toContain('{hashtag|\\#|Gent}');
    expect(stored?.content).toBeNull();
    expect(stored).toMatchObject({ visibility: 'PUBLIC', lifecycleState: 'PUBLISHED', distribution: { feedDistribution: 'MAIN_FEED' } });
    expect(published.url).toBe(`https://www.linkedin.com/feed/update/${published.remoteId}/`);
    const sent = peer.state.requests.find((r) => r.path === '/rest/posts');
    expect(sent?.headers).toMatchObject({ 'linkedin-version': '202605', 'x-restli-protocol-version': '2.0.0' });
  });

  it('one image goes as content.media with its alt text; the bytes arrive', async () => {
    const kaart = image('kaart.png', 'Kaart van de omleiding', 4096);
    const published = await connector.publish(channel(), post({ media: [kaart] }));
    const content = peer.state.posts.get(published.remoteId)?.content;
    expect(content?.media?.altText).toBe('Kaart van de omleiding');
    const uploaded = peer.state.images.get(content?.media?.id ?? '');
    expect(uploaded).toMatchObject({ owner: author, status: 'AVAILABLE' });
    expect(uploaded?.bytes?.equals(kaart.bytes)).toBe(true);
  });

  it('several images go as content.multiImage, in order, each with its alt text', async () => {
    const media = [image('a.png', 'Alt A'), image('b.png', 'Alt B'), image('c.png', 'Alt C')];
    const published = await connector.publish(channel(), post({ media }));
    expect(published.remoteId).toMatch(/^urn:li:ugcPost:/);
    const images = peer.state.posts.get(published.remoteId)?.content?.multiImage?.images ?? [];
    expect(images.map((i) => i.altText)).toEqual(['Alt A', 'Alt B', 'Alt C']);
    expect(images.map((i) => peer.state.images.get(i.id)?.bytes?.equals(media[images.indexOf(i)]?.bytes ?? Buffer.alloc(0)))).toEqual([
      true,
      true,
      true,
    ]);
  });

  it('refuses video before sending anything', async () => {
    const clip: MediaItem = { fileName: 'a.mp4', mimeType: 'video/mp4', bytes: Buffer.alloc(10), altText: '' };
    await failure(connector.publish(channel(), post({ media: [clip] })), 'rejected');
    expect(peer.state.requests).toHaveLength(0);
  });

  it('over-long text, a member without a role, a sunset version → rejected with LinkedIn’s words', async () => {
    const long = await failure(connector.publish(channel(), post({ text: 'x'.repeat(3001) })), 'rejected');
    expect([long.details.status, long.message]).toEqual([422, 'ERROR :: /commentary :: length of 3001 exceeds the maximum of 3000']);
    const stranger = peer.createMember({ name: 'Stranger' });
    const denied = await failure(connector.publish(channel({ accessToken: stranger.accessToken }), post()), 'rejected');
    expect(denied.details.status).toBe(403);
    expect(denied.message).toMatch(/^Not enough permissions to access: /);
    const old = await failure(connector.publish(channel({ apiVersion: '202201' }), post()), 'rejected');
    expect([old.details.status, old.message]).toEqual([426, 'Requested version 202201 is not active']);
    expect(live()).toHaveLength(0);
  });
});

describe('linkedin connector: failures are classified honestly', () => {
  it('429 → rate_limited, after Retry-After when sent; without it, no guess', async () => {
    peer.faults.add({ kind: 'status429', method: 'POST', path: '/rest/posts', retryAfterSeconds: 42 });
    const error = await failure(connector.publish(channel(), post()), 'rate_limited');
    expect([error.details.status, error.details.retryAfterSeconds]).toEqual([429, 42]);
    expect(error.message).toMatch(/throttle/);
    peer.settings.postsPerMemberPerDay = 1;
    await connector.publish(channel(), post());
    const daily = await failure(connector.publish(channel(), post()), 'rate_limited');
    expect(daily.details.retryAfterSeconds).toBeUndefined();
    expect(live()).toHaveLength(1);
  });

  it('500, or 503 after storing → ambiguous', async () => {
    peer.faults.add({ kind: 'status500', method: 'POST', path: '/rest/posts' });
    await failure(connector.publish(channel(), post()), 'ambiguous');
    peer.faults.add({ kind: 'status503', method: 'POST', path: '/rest/posts', afterStore: true });
    await failure(connector.publish(channel(), post()), 'ambiguous');
    expect(live()).toHaveLength(1);
  });

  it('cut after the post was stored → ambiguous; findPublished finds it; the page holds one post', async () => {
    const request = post({ text: 'Werken aan de Korenmarkt (fase 2) #mobiliteit', media: [image('a.png', 'Alt A')] });
    const since = new Date();
    peer.faults.add({ kind: 'cutAfterStore', method: 'POST', path: '/rest/posts' });
    await failure(connector.publish(channel(), request), 'ambiguous');
    const [stored] = live();
    expect(await connector.findPublished(channel(), request, since)).toEqual({
      remoteId: stored?.id,
      url: `https://www.linkedin.com/feed/update/${stored?.id}/`,
    });
    expect(live()).toHaveLength(1);
    expect(peer.state.createPostRequests).toBe(1);
  });

  it('cut before the post was stored → ambiguous; findPublished says not published', async () => {
    const request = post();
    const since = new Date();
    peer.faults.add({ kind: 'cutBeforeStore', method: 'POST', path: '/rest/posts' });
    await failure(connector.publish(channel(), request), 'ambiguous');
    expect(await connector.findPublished(channel(), request, since)).toBeNull();
    expect(live()).toHaveLength(0);
  });

  it('a reply slower than the timeout → ambiguous; the post the server still made is found', async () => {
    const request = post();
    const since = new Date();
    peer.faults.add({ kind: 'slow', delayMs: 600, method: 'POST', path: '/rest/posts' });
    await failure(connector.publish(channel(), request, { timeoutMs: 150 }), 'ambiguous');
    await peer.settled();
    expect((await connector.findPublished(channel(), request, since))?.remoteId).toBe(live()[0]?.id);
  });

  it('duplicate content → ambiguous, and findPublished finds the original', async () => {
    const request = post();
    const since = new Date();
    const original = await connector.publish(channel(), request);
    const error = await failure(connector.publish(channel(), request), 'ambiguous');
    expect(error.message).toContain(`Content is a duplicate of ${original.remoteId}`);
    expect(await connector.findPublished(channel(), request, since)).toEqual(original);
    expect(live()).toHaveLength(1);
  });

  it('expired token → auth_expired; refresh gives working credentials and keeps the refresh token', async () => {
    peer.faults.add({ kind: 'expiredToken', path: `/rest/organizations/${page.id}` });
    await failure(connector.verify(channel()), 'auth_expired');
    peer.advanceClock(60 * 24 * 60 * 60 * 1000 + 1000); // access tokens live 60 days
    await failure(connector.publish(channel(), post()), 'auth_expired');

    const refresh = connector.refresh;
    if (!refresh) throw new Error('linkedin connector has refresh');
    const credentials = await refresh(channel());
    expect(credentials.accessToken).not.toBe(admin.accessToken);
    expect(credentials.refreshToken).toBe(admin.refreshToken);
    expect(Date.parse(String(credentials.expiresAt)) - Date.now()).toBeGreaterThan(59 * 24 * 60 * 60 * 1000);
    expect(credentials.refreshTokenExpiresAt).toEqual(expect.any(String));
    expect(credentials).toMatchObject({ organizationUrn: author, clientId: admin.client.clientId });
    const renewed = { ...channel(), credentials };
    await connector.publish(renewed, post());

    peer.settings.refreshOmitsRefreshToken = true;
    expect((await refresh(renewed)).refreshToken).toBe(admin.refreshToken);
    await failure(refresh(channel({ refreshTokenExpiresAt: new Date(Date.now() - 1000).toISOString() })), 'auth_expired');
    await failure(refresh(channel({ refreshToken: 'spent' })), 'auth_expired');
  });

  it('an image failure → unavailable: no post request was sent', async () => {
    peer.faults.add({ kind: 'status500', method: 'POST', path: '/rest/images' });
    const first = await failure(connector.publish(channel(), post({ media: [image('a.png', 'A')] })), 'unavailable');
    expect(first.message).toMatch(/no post was sent/);
    peer.faults.add({ kind: 'cutBeforeStore', method: 'PUT', path: /^\/dms-uploads\// });
    await failure(connector.publish(channel(), post({ media: [image('a.png', 'A')] })), 'unavailable');
    expect(peer.state.createPostRequests).toBe(0);
  });

  it('a server that does not answer → unavailable', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    await failure(connector.publish(channel({}, `http://127.0.0.1:${closed}`), post()), 'unavailable');
  });
});

describe('linkedin connector: findPublished', () => {
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

  it('only looks at posts created since the attempt (minus clock skew)', async () => {
    const request = post();
    await connector.publish(channel(), request);
    expect(await connector.findPublished(channel(), request, new Date(Date.now() - 1000))).not.toBeNull();
    expect(await connector.findPublished(channel(), request, new Date(Date.now() + 60 * 60_000))).toBeNull();
  });

  it('pages back through the page’s posts', async () => {
    const request = post({ text: 'Het oudste bericht' });
    const since = new Date();
    const published = await connector.publish(channel(), request);
    for (let i = 0; i < 55; i += 1) await connector.publish(channel(), post({ text: `Later bericht ${i}` }));
    expect(await connector.findPublished(channel(), request, since)).toEqual(published);
    const lookups = peer.state.requests.filter((r) => r.method === 'GET' && r.path === '/rest/posts');
    expect(lookups.map((r) => new URLSearchParams(r.query).get('start'))).toEqual(['0', '50']);
    expect(new URLSearchParams(lookups[0]?.query).get('author')).toBe(author);
  });

  it('reads on past a page that came up short because posts were deleted', async () => {
    const request = post({ text: 'Onder de verwijderde' });
    const since = new Date();
    const published = await connector.publish(channel(), request);
    for (let i = 0; i < 55; i += 1) await connector.publish(channel(), post({ text: `Later bericht ${i}` }));
    for (const gone of live().slice(0, 10)) gone.deleted = true;
    expect(await connector.findPublished(channel(), request, since)).toEqual(published);
  });

  it('fails rather than answering "not published" when the lookup fails or cannot see far enough', async () => {
    peer.faults.add({ kind: 'status503', method: 'GET', path: '/rest/posts' });
    await failure(connector.findPublished(channel(), post(), new Date()), 'ambiguous');
    peer.settings.postsPerMemberPerDay = 1000;
    const since = new Date();
    for (let i = 0; i < 200; i += 1) await connector.publish(channel(), post({ text: `Bericht ${i}` }));
    await failure(connector.findPublished(channel(), post(), since), 'ambiguous');
  });
});
