import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CreatedUser, startVivaEngagePeer, TENANT, type VivaEngagePeer } from '../../../test/peers/viva-engage/server.js';
import type { VeGroup } from '../../../test/peers/viva-engage/store.js';
import { ConnectorError, type ConnectedAccount, type ConnectorErrorKind, type MediaItem, type PublishRequest } from '../connector.js';
import { vivaEngageConnector as connector, LOOKUP } from './connector.js';

let peer: VivaEngagePeer;
let alice: CreatedUser;
let group: VeGroup;

beforeEach(async () => {
  peer = await startVivaEngagePeer();
  alice = peer.createUser({ name: 'communicatie', fullName: 'Dienst Communicatie', email: 'communicatie@stad.gent' });
  group = peer.createGroup({ name: 'Nieuws voor medewerkers', members: [alice.user] });
});
afterEach(() => peer.close());

function channel(created: CreatedUser = alice, extra: Record<string, unknown> = {}, apiBaseUrl = peer.url): ConnectedAccount {
  return {
    channelId: randomUUID(),
    network: 'viva_engage',
    apiBaseUrl,
    handle: 'Nieuws voor medewerkers',
    credentials: {
      accessToken: created.accessToken,
      refreshToken: created.refreshToken,
      tenant: TENANT,
      clientId: created.client.clientId,
      clientSecret: created.client.clientSecret,
      groupId: group.id,
      loginBaseUrl: peer.url,
      ...extra,
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

const live = () => peer.state.messagesIn(group.id);

describe('viva engage connector: verify and publish', () => {
  it('verifies the token, names the account and checks the group', async () => {
    expect(await connector.verify(channel())).toEqual({
      handle: 'communicatie@stad.gent',
      displayName: 'Dienst Communicatie',
      remoteAccountId: alice.user.id,
    });
    const error = await failure(connector.verify(channel(alice, { groupId: '999' })), 'rejected');
    expect(error.message).toBe('group 999: Group not found.');
  });

  it('publishes a text message to the group', async () => {
    const request = post({ text: 'Werken aan de Korenmarkt\r\nvanaf maandag.  ' });
    const published = await connector.publish(channel(), request);
    const [stored] = live();
    expect(stored?.id).toBe(published.remoteId);
    expect(stored?.body).toBe('Werken aan de Korenmarkt\nvanaf maandag.');
    expect(stored?.senderId).toBe(alice.user.id);
    expect(published.url).toBe(`https://www.yammer.com/stad.gent/messages/${published.remoteId}`);
  });

  it('uploads images with uploadSmallFile, attaches them, and writes the alt text into the message', async () => {
    const first = image('kaart.png', 'Kaart van de omleiding', 300_000);
    const request = post({ text: 'Omleiding', language: 'nl', media: [first, image('bord.png', 'Bord:\nloket gesloten')] });
    const published = await connector.publish(channel(), request);
    const stored = peer.state.messages.get(published.remoteId);
    expect(stored?.body).toBe('Omleiding\n\nAfbeelding 1: Kaart van de omleiding\nAfbeelding 2: Bord: loket gesloten');
    const files = stored?.fileIds.map((id) => peer.state.files.get(id));
    expect(files?.map((f) => [f?.filename, f?.groupId, f?.uploaderId])).toEqual([
      ['kaart.png', group.id, alice.user.id],
      ['bord.png', group.id, alice.user.id],
    ]);
    expect(files?.[0]?.bytes.equals(first.bytes)).toBe(true);
    // One image, no language: a neutral label and no number.
    const single = await connector.publish(channel(), post({ text: 'Affiche', media: [image('a.png', 'Affiche du festival')] }));
    expect(peer.state.messages.get(single.remoteId)?.body).toBe('Affiche\n\nImage: Affiche du festival');
  });

  it('refuses a file over 4 MB before sending anything, and Yammer’s refusals come back as rejected', async () => {
    const error = await failure(
      connector.publish(channel(), post({ media: [image('big.png', 'Groot', 4 * 1024 * 1024 + 1)] })),
      'rejected',
    );
    expect(error.message).toMatch(/4 MB/);
    expect(peer.state.requests).toHaveLength(0);

    const outsider = peer.createUser({ name: 'buitenstaander' });
    const refused = await failure(connector.publish(channel(outsider), post()), 'rejected');
    expect(refused.message).toBe('You must be a member of this group to post in it.');
    expect(refused.details.status).toBe(403);
    const missing = await failure(connector.publish(channel(alice, { groupId: '12345' }), post()), 'rejected');
    expect(missing.details.status).toBe(404);
    await failure(connector.publish(channel(alice, { groupId: undefined }), post()), 'rejected');
    expect(live()).toHaveLength(0);
  });
});

describe('viva engage connector: failures are classified honestly', () => {
  it('429 → rate_limited, with Retry-After or Yammer’s 30-second window', async () => {
    peer.faults.add({ kind: 'status429', method: 'POST', path: '/api/v1/messages.json', retryAfterSeconds: 42 });
    const error = await failure(connector.publish(channel(), post()), 'rate_limited');
    expect(error.details).toMatchObject({ status: 429, retryAfterSeconds: 42 });
    expect(error.message).toBe('Rate limited due to excessive requests.');
    peer.faults.add({ kind: 'status429', method: 'POST', path: '/api/v1/messages.json', retryAfterSeconds: null });
    expect((await failure(connector.publish(channel(), post()), 'rate_limited')).details.retryAfterSeconds).toBe(30);
    expect(live()).toHaveLength(0);
  });

  it('429 from the real per-user limit', async () => {
    peer.settings.rateLimits.messages = { limit: 1, periodSeconds: 300 };
    await connector.publish(channel(), post());
    const error = await failure(connector.publish(channel(), post()), 'rate_limited');
    expect(error.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.details.retryAfterSeconds).toBeLessThanOrEqual(300);
  });

  it('500 or 503 → ambiguous, whether or not the message was stored', async () => {
    peer.faults.add({ kind: 'status500', method: 'POST', path: '/api/v1/messages.json' });
    await failure(connector.publish(channel(), post()), 'ambiguous');
    peer.faults.add({ kind: 'status503', method: 'POST', path: '/api/v1/messages.json', afterStore: true });
    await failure(connector.publish(channel(), post()), 'ambiguous');
    expect(live()).toHaveLength(1);
  });

  it('cut after the message was stored → ambiguous; findPublished finds it; the group holds one message', async () => {
    const request = post({ text: 'Het zwembad is dicht <info>', language: 'nl', media: [image('a.png', 'Zwembad')] });
    const since = new Date();
    peer.faults.add({ kind: 'cutAfterStore', method: 'POST', path: '/api/v1/messages.json' });
    await failure(connector.publish(channel(), request), 'ambiguous');
    const [stored] = live();
    expect(await connector.findPublished(channel(), request, since)).toEqual({
      remoteId: stored?.id,
      url: `https://www.yammer.com/stad.gent/messages/${stored?.id}`,
    });
    expect(live()).toHaveLength(1);
    expect(peer.state.postMessageRequests).toBe(1);
  });

  it('cut before the message was stored → ambiguous; findPublished says not published', async () => {
    const request = post();
    const since = new Date();
    peer.faults.add({ kind: 'cutBeforeStore', method: 'POST', path: '/api/v1/messages.json' });
    await failure(connector.publish(channel(), request), 'ambiguous');
    expect(await connector.findPublished(channel(), request, since)).toBeNull();
    expect(live()).toHaveLength(0);
  });

  it('a reply slower than the timeout → ambiguous; the message the server still made is found', async () => {
    const request = post();
    const since = new Date();
    peer.faults.add({ kind: 'slow', delayMs: 600, method: 'POST', path: '/api/v1/messages.json' });
    await failure(connector.publish(channel(), request, { timeoutMs: 150 }), 'ambiguous');
    await peer.settled();
    expect((await connector.findPublished(channel(), request, since))?.remoteId).toBe(live()[0]?.id);
  });

  it('expired token → auth_expired; refresh gives working credentials and a rotated refresh token', async () => {
    peer.faults.add({ kind: 'expiredToken', path: '/api/v1/users/current.json' });
    await failure(connector.verify(channel()), 'auth_expired');
    peer.advanceClock(3601 * 1000);
    const expired = await failure(connector.publish(channel(), post()), 'auth_expired');
    expect(expired.details.status).toBe(401);

    const refresh = connector.refresh;
    if (!refresh) throw new Error('the viva engage connector has refresh');
    const credentials = await refresh(channel());
    expect(credentials.accessToken).not.toBe(alice.accessToken);
    expect(credentials.refreshToken).toEqual(expect.any(String));
    expect(credentials.refreshToken).not.toBe(alice.refreshToken);
    expect(credentials).toMatchObject({ groupId: group.id, tenant: TENANT, clientId: alice.client.clientId });
    expect(Date.parse(String(credentials.expiresAt))).toBeGreaterThan(Date.now() + 3500 * 1000);
    const renewed = { ...channel(), credentials };
    expect((await connector.verify(renewed)).remoteAccountId).toBe(alice.user.id);
    await connector.publish(renewed, post());
    // The old refresh token is spent.
    await failure(refresh(channel()), 'auth_expired');
  });

  it('keeps the stored refresh token when the identity platform sends no new one', async () => {
    peer.settings.rotateRefreshTokens = false;
    const refresh = connector.refresh;
    if (!refresh) throw new Error('the viva engage connector has refresh');
    const credentials = await refresh(channel());
    expect(credentials.refreshToken).toBe(alice.refreshToken);
    expect(credentials.accessToken).not.toBe(alice.accessToken);
  });

  it('a failed upload → unavailable: no message request was sent', async () => {
    peer.faults.add({ kind: 'status500', method: 'POST', path: '/v4/uploadSmallFile' });
    const error = await failure(connector.publish(channel(), post({ media: [image('a.png', 'A')] })), 'unavailable');
    expect(error.message).toMatch(/no message was sent/);
    peer.faults.add({ kind: 'cutAfterStore', method: 'POST', path: '/v4/uploadSmallFile' });
    await failure(connector.publish(channel(), post({ media: [image('a.png', 'A')] })), 'unavailable');
    expect(peer.state.postMessageRequests).toBe(0);
  });

  it('a server that does not answer → unavailable', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = createServer();
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    await failure(connector.publish(channel(alice, {}, `http://127.0.0.1:${closed}`), post()), 'unavailable');
    await failure(connector.verify(channel(alice, {}, 'ftp://example.org')), 'rejected');
  });
});

describe('viva engage connector: findPublished', () => {
  it('does not take another message for ours', async () => {
    const colleague = peer.createUser({ name: 'collega' });
    group.memberIds.add(colleague.user.id);
    const since = new Date();
    await connector.publish(channel(colleague), post({ text: 'Eerste bericht' }));
    await connector.publish(channel(), post({ text: 'Eerste bericht', media: [image('a.png', 'Alt')] }));
    expect(await connector.findPublished(channel(), post({ text: 'Ander bericht' }), since)).toBeNull();
    // Same text by a colleague; ours has an image (and its alt line) that the request lacks.
    expect(await connector.findPublished(channel(), post({ text: 'Eerste bericht' }), since)).toBeNull();
    expect(await connector.findPublished(channel(), post({ text: 'Eerste bericht', media: [image('a.png', 'Ander')] }), since)).toBeNull();
    expect(
      await connector.findPublished(channel(), post({ text: 'Eerste bericht', media: [image('a.png', 'Alt')] }), since),
    ).not.toBeNull();
  });

  it('pages back through the group with older_than, using the stored user id', async () => {
    const colleague = peer.createUser({ name: 'collega' });
    const request = post({ text: 'Het oudste bericht' });
    const since = new Date();
    const published = await connector.publish(channel(), request);
    for (let i = 0; i < 45; i += 1) peer.postAs(colleague.user, group, `Later bericht ${i}`);
    const account = channel(alice, { userId: alice.user.id });
    expect(await connector.findPublished(account, request, since)).toEqual(published);
    expect(peer.state.requests.filter((r) => r.path === `/api/v1/messages/in_group/${group.id}.json`)).toHaveLength(3);
    expect(peer.state.requests.some((r) => r.path === '/api/v1/users/current.json')).toBe(false);
  });

  it('only looks since the attempt, and says so when there are too many messages to rule one out', async () => {
    const request = post();
    peer.postAs(alice.user, group, request.text, Date.now() - LOOKUP.clockSkewMs - 60_000);
    expect(await connector.findPublished(channel(), request, new Date())).toBeNull();

    const busy = post({ text: 'In een drukke groep' });
    const since = new Date();
    peer.postAs(alice.user, group, busy.text);
    for (let i = 0; i < LOOKUP.maxPages * 20; i += 1) peer.postAs(alice.user, group, `Druk ${i}`);
    await failure(connector.findPublished(channel(alice, { userId: alice.user.id }), post({ text: 'Niet gepost' }), since), 'ambiguous');
  });

  it('fails rather than answering "not published" when the lookup fails', async () => {
    peer.faults.add({ kind: 'status503', method: 'GET', path: /\/in_group\// });
    await failure(connector.findPublished(channel(), post(), new Date()), 'ambiguous');
    peer.faults.add({ kind: 'cutBeforeStore', method: 'GET', path: /\/in_group\// });
    await failure(connector.findPublished(channel(), post(), new Date()), 'ambiguous');
  });
});
