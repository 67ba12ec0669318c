import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startMastodonPeer, type CreatedAccount, type MastodonPeer } from '../../../test/peers/mastodon/server.js';
import { ConnectorError, type ConnectedAccount, type ConnectorErrorKind, type MediaItem, type PublishRequest } from '../connector.js';
import { mastodonConnector as connector } from './connector.js';

let peer: MastodonPeer;
let alice: CreatedAccount;

beforeEach(async () => {
  peer = await startMastodonPeer();
  alice = peer.createAccount({ username: 'alice', displayName: 'Alice Example' });
});
afterEach(() => peer.close());

function channel(created: CreatedAccount = alice, apiBaseUrl = peer.url): ConnectedAccount {
  return {
    channelId: randomUUID(),
    network: 'mastodon',
    apiBaseUrl,
    handle: `@${created.account.username}@${peer.domain}`,
    credentials: { accessToken: created.accessToken },
  };
}

function post(overrides: Partial<PublishRequest> = {}): PublishRequest {
  return { idempotencyKey: randomUUID(), text: 'Het loket is morgen gesloten.', language: 'nl', media: [], ...overrides };
}

function image(name: string, altText: string): MediaItem {
  return { fileName: name, mimeType: 'image/png', bytes: Buffer.from(`\x89PNG fake ${name}`), altText };
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

const liveStatuses = () => peer.state.statusesOf(alice.account.id);

describe('mastodon connector: verify and publish', () => {
  it('verifies the token and names the account', async () => {
    const me = await connector.verify(channel());
    expect(me).toEqual({ handle: `@alice@${peer.domain}`, displayName: 'Alice Example', remoteAccountId: alice.account.id });
  });

  it('publishes a text status with its language and the idempotency key', async () => {
    const request = post();
    const published = await connector.publish(channel(), request);
    const [stored] = liveStatuses();
    expect(stored?.id).toBe(published.remoteId);
    expect(published.url).toBe(`${peer.url}/@alice/${published.remoteId}`);
    expect(stored).toMatchObject({ text: request.text, language: 'nl', visibility: 'public', idempotencyKey: request.idempotencyKey });
  });

  it('uploads two images with their alt text as description', async () => {
    const request = post({ media: [image('kaart.png', 'Kaart van de omleiding'), image('bord.png', 'Bord: loket gesloten')] });
    const published = await connector.publish(channel(), request);
    const stored = peer.state.statuses.get(published.remoteId);
    const media = stored?.mediaIds.map((id) => peer.state.media.get(id));
    expect(media?.map((m) => [m?.fileName, m?.mimeType, m?.description])).toEqual([
      ['kaart.png', 'image/png', 'Kaart van de omleiding'],
      ['bord.png', 'image/png', 'Bord: loket gesloten'],
    ]);
    expect(media?.[0]?.bytes.equals(request.media[0]?.bytes ?? Buffer.alloc(0))).toBe(true);
  });

  it('polls media that is processed in the background before posting', async () => {
    peer.settings.mediaProcessingPolls = 2;
    const published = await connector.publish(channel(), post({ media: [image('a.png', 'A'), image('b.png', 'B')] }));
    const polls = peer.state.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/api/v1/media/'));
    expect(polls.map((r) => r.outcome)).toEqual([206, 200, 206, 200]);
    expect(peer.state.statuses.get(published.remoteId)?.mediaIds).toHaveLength(2);
  });

  it('reports a rejected text with Mastodon’s message', async () => {
    const error = await failure(connector.publish(channel(), post({ text: 'x'.repeat(501) })), 'rejected');
    expect(error.message).toBe('Validation failed: Text character limit of 500 exceeded');
    expect(error.details.status).toBe(422);
    // A URL counts as 23 characters, so this one is within the limit.
    await connector.publish(channel(), post({ text: `${'y'.repeat(470)} https://example.org/${'p'.repeat(200)}` }));
    expect(liveStatuses()).toHaveLength(1);
  });

  it('posts a retried request with the same key only once', async () => {
    const request = post();
    const first = await connector.publish(channel(), request);
    const second = await connector.publish(channel(), request);
    expect(second.remoteId).toBe(first.remoteId);
    expect(liveStatuses()).toHaveLength(1);
  });
});

describe('mastodon connector: failures are classified honestly', () => {
  it('429 → rate_limited with Retry-After', async () => {
    peer.faults.add({ kind: 'status429', method: 'POST', path: '/api/v1/statuses', retryAfterSeconds: 42 });
    const error = await failure(connector.publish(channel(), post()), 'rate_limited');
    expect(error.details).toMatchObject({ status: 429, retryAfterSeconds: 42 });
    expect(liveStatuses()).toHaveLength(0);
  });

  it('429 from the real limit → rate_limited, retry after X-RateLimit-Reset', async () => {
    peer.settings.rateLimits = { ...peer.settings.rateLimits, media: { limit: 1, periodSeconds: 1800 } };
    await connector.publish(channel(), post({ media: [image('a.png', 'A')] }));
    const error = await failure(connector.publish(channel(), post({ media: [image('b.png', 'B')] })), 'rate_limited');
    expect(error.message).toBe('Too many requests');
    expect(error.details.retryAfterSeconds).toBeGreaterThan(0);
    expect(error.details.retryAfterSeconds).toBeLessThanOrEqual(1800);
  });

  it('500 → ambiguous, JSON or an HTML page from a proxy', async () => {
    peer.faults.add({ kind: 'status500', method: 'POST', path: '/api/v1/statuses' });
    await failure(connector.publish(channel(), post()), 'ambiguous');
    peer.faults.add({ kind: 'status500', method: 'POST', path: '/api/v1/statuses', html: true });
    // masto cannot read a text/html error reply, so its status is lost: still ambiguous, never "failed".
    expect((await failure(connector.publish(channel(), post()), 'ambiguous')).message).toMatch(/status unknown/);
  });

  it('500 after the status was stored → ambiguous, and findPublished finds it', async () => {
    const request = post();
    const since = new Date();
    peer.faults.add({ kind: 'status500', method: 'POST', path: '/api/v1/statuses', afterStore: true });
    await failure(connector.publish(channel(), request), 'ambiguous');
    const found = await connector.findPublished(channel(), request, since);
    expect(found?.remoteId).toBe(liveStatuses()[0]?.id);
  });

  it('a reply slower than the timeout → ambiguous; the status the server still made is found', async () => {
    const request = post();
    const since = new Date();
    peer.faults.add({ kind: 'slow', delayMs: 600, method: 'POST', path: '/api/v1/statuses' });
    await failure(connector.publish(channel(), request, { timeoutMs: 150 }), 'ambiguous');
    await peer.settled();
    expect(liveStatuses()).toHaveLength(1);
    expect((await connector.findPublished(channel(), request, since))?.remoteId).toBe(liveStatuses()[0]?.id);
  });

  it('connection cut after the status was stored → ambiguous, found, and a retry with the key adds nothing', async () => {
    const request = post({ media: [image('a.png', 'Alt A')] });
    const since = new Date();
    peer.faults.add({ kind: 'cutAfterStore', method: 'POST', path: '/api/v1/statuses' });
    await failure(connector.publish(channel(), request), 'ambiguous');
    const [stored] = liveStatuses();
    expect(stored).toBeDefined();

    const found = await connector.findPublished(channel(), request, since);
    expect(found).toEqual({ remoteId: stored?.id, url: `${peer.url}/@alice/${stored?.id}` });

    // Should a publisher retry anyway, Mastodon's idempotency key returns the same status.
    const retried = await connector.publish(channel(), request);
    expect(retried.remoteId).toBe(stored?.id);
    expect(liveStatuses()).toHaveLength(1);
    expect(peer.state.postStatusRequests).toBe(2);
  });

  it('connection cut before the status was stored → ambiguous, and findPublished says not published', async () => {
    const request = post();
    const since = new Date();
    peer.faults.add({ kind: 'cutBeforeStore', method: 'POST', path: '/api/v1/statuses' });
    await failure(connector.publish(channel(), request), 'ambiguous');
    expect(await connector.findPublished(channel(), request, since)).toBeNull();
    expect(liveStatuses()).toHaveLength(0);
  });

  it('expired or unknown token → auth_expired', async () => {
    peer.faults.add({ kind: 'expiredToken', path: '/api/v1/accounts/verify_credentials' });
    const error = await failure(connector.verify(channel()), 'auth_expired');
    expect(error.message).toBe('The access token expired');
    const stranger: CreatedAccount = { ...alice, accessToken: 'not-a-token' };
    await failure(connector.publish(channel(stranger), post()), 'auth_expired');
    await failure(connector.verify({ ...channel(), credentials: {} }), 'auth_expired');
  });

  it('a media failure → unavailable: no status request was sent', async () => {
    peer.faults.add({ kind: 'status500', method: 'POST', path: '/api/v2/media' });
    const error = await failure(connector.publish(channel(), post({ media: [image('a.png', 'A')] })), 'unavailable');
    expect(error.message).toMatch(/no status was sent/);
    expect(peer.state.postStatusRequests).toBe(0);
  });

  it('an instance that does not answer → unavailable', async () => {
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

describe('mastodon connector: findPublished', () => {
  it('recognises a post through Mastodon’s HTML: links, tags, mentions, paragraphs, escaping', async () => {
    peer.createAccount({ username: 'bob' });
    const text =
      'Nieuw: https://www.example.be/nl/nieuws/2025/een-heel-lang-adres?x=1&y=2 #Verkiezingen\n@bob & @carol@other.example <zie>\n\nTweede "alinea"\nmet een regel';
    const request = post({ text, media: [image('a.png', 'Alt')] });
    const since = new Date();
    const published = await connector.publish(channel(), request);
    expect(await connector.findPublished(channel(), request, since)).toEqual(published);
  });

  it('does not take a different post for ours', async () => {
    const since = new Date();
    await connector.publish(channel(), post({ text: 'Eerste bericht', media: [image('a.png', 'Alt')] }));
    expect(await connector.findPublished(channel(), post({ text: 'Ander bericht' }), since)).toBeNull();
    expect(await connector.findPublished(channel(), post({ text: 'Eerste bericht' }), since)).toBeNull();
    expect(
      await connector.findPublished(channel(), post({ text: 'Eerste bericht', media: [image('a.png', 'Other alt')] }), since),
    ).toBeNull();
  });

  it('only looks at posts since the attempt (minus a clock-skew margin)', async () => {
    const request = post();
    await connector.publish(channel(), request);
    expect(await connector.findPublished(channel(), request, new Date(Date.now() + 60 * 60_000))).toBeNull();
    expect(await connector.findPublished(channel(), request, new Date(Date.now() + 60_000))).not.toBeNull();
  });

  it('pages back through the timeline, using the stored account id', async () => {
    const request = post({ text: 'Het oudste bericht' });
    const since = new Date();
    const published = await connector.publish(channel(), request);
    for (let i = 0; i < 45; i += 1) await connector.publish(channel(), post({ text: `Later bericht ${i}` }));
    const account = { ...channel(), credentials: { accessToken: alice.accessToken, accountId: alice.account.id } };
    expect(await connector.findPublished(account, request, since)).toEqual(published);
    const pages = peer.state.requests.filter((r) => r.path === `/api/v1/accounts/${alice.account.id}/statuses`);
    expect(pages).toHaveLength(2);
    expect(peer.state.requests.some((r) => r.path === '/api/v1/accounts/verify_credentials')).toBe(false);
  });

  it('fails rather than answering "not published" when the lookup fails', async () => {
    peer.faults.add({ kind: 'status500', path: /\/statuses$/, method: 'GET' });
    await failure(connector.findPublished(channel(), post(), new Date()), 'ambiguous');
  });
});
