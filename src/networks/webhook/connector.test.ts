import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebhookPeer, type WebhookPeer } from '../../../test/peers/webhook.js';
import { ConnectorError, type ConnectedAccount, type ConnectorErrorKind, type MediaItem, type PublishRequest } from '../connector.js';
import { createWebhookConnector, signWebhook, webhookBody } from './connector.js';

// The peer listens on 127.0.0.1, which only the allow list lets through.
const connector = createWebhookConnector('website', { allow: ['127.0.0.1'] });

let peer: WebhookPeer;
beforeEach(async () => {
  peer = await startWebhookPeer();
});
afterEach(() => peer.close());

function channel(url = peer.url, secret = peer.secret): ConnectedAccount {
  return { channelId: randomUUID(), network: 'website', apiBaseUrl: url, handle: 'stad.gent/nieuws', credentials: { secret } };
}

function post(overrides: Partial<PublishRequest> = {}): PublishRequest {
  return {
    idempotencyKey: randomUUID(),
    text: `Het loket is morgen gesloten. ${randomUUID().slice(0, 8)}`,
    language: 'nl',
    media: [],
    ...overrides,
  };
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

async function closedPort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

describe('webhook connector: verify and publish', () => {
  it('verifies with a signed ping', async () => {
    expect(await connector.verify(channel())).toEqual({
      handle: 'stad.gent/nieuws',
      displayName: 'Stadswebsite (test)',
      remoteAccountId: peer.url,
    });
    expect(peer.pings).toBe(1);
    await failure(connector.verify(channel(peer.url, 'not-the-secret')), 'auth_expired');
    expect(peer.received.at(-1)?.verdict).toBe('bad-signature');
  });

  it('publishes signed JSON that the receiver verifies, and answers with its id and url', async () => {
    const request = post();
    const published = await connector.publish(channel(), request);
    const stored = peer.posts.get(request.idempotencyKey);
    expect(published).toEqual({ remoteId: stored?.id, url: stored?.url });
    expect(stored?.payload).toMatchObject({
      type: 'post',
      text: request.text,
      language: 'nl',
      channel: { handle: 'stad.gent/nieuws' },
      media: [],
    });
    expect(Math.abs(Date.parse(stored?.payload.sentAt ?? '') - Date.now())).toBeLessThan(5000);
    expect(peer.received.map((r) => r.verdict)).toEqual(['ok']);
  });

  it('sends images inline with alt text and sha256', async () => {
    const first = image('kaart.png', 'Kaart van de omleiding', 100_000);
    const request = post({ media: [first, image('bord.png', 'Bord: loket gesloten')] });
    await connector.publish(channel(), request);
    const media = peer.posts.get(request.idempotencyKey)?.payload.media ?? [];
    expect(media.map((m) => [m.fileName, m.mimeType, m.altText])).toEqual([
      ['kaart.png', 'image/png', 'Kaart van de omleiding'],
      ['bord.png', 'image/png', 'Bord: loket gesloten'],
    ]);
    expect(Buffer.from(media[0]?.dataBase64 ?? '', 'base64').equals(first.bytes)).toBe(true);
    expect(media[0]?.sha256).toBe(createHash('sha256').update(first.bytes).digest('hex'));
  });

  it('the same idempotency key again is the same post; without a reply body the key is the id', async () => {
    const request = post();
    const first = await connector.publish(channel(), request);
    expect(await connector.publish(channel(), request)).toEqual(first);
    expect(peer.posts.size).toBe(1);
    expect(peer.duplicates).toBe(1);
    peer.settings.reply = 'empty';
    const other = post();
    expect(await connector.publish(channel(), other)).toEqual({ remoteId: other.idempotencyKey, url: '' });
  });

  it('the receiver refuses a tampered body, an old timestamp and another secret', async () => {
    const request = post();
    const timestamp = String(Math.floor(Date.now() / 1000));
    const body = webhookBody(channel(), request, new Date());
    const send = (content: string, ts: string, signature: string) =>
      fetch(peer.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': request.idempotencyKey,
          'x-kanaal-timestamp': ts,
          'x-kanaal-signature': signature,
        },
        body: content,
      });
    const tampered = body.replace('Het loket is morgen gesloten', 'Het loket is morgen OPEN');
    expect((await send(tampered, timestamp, signWebhook(peer.secret, timestamp, body))).status).toBe(401);
    const old = String(Number(timestamp) - 301);
    expect((await send(body, old, signWebhook(peer.secret, old, body))).status).toBe(401);
    expect((await send(body, timestamp, signWebhook('another secret', timestamp, body))).status).toBe(401);
    expect(peer.posts.size).toBe(0);
    expect((await send(body, timestamp, signWebhook(peer.secret, timestamp, body))).status).toBe(201);
  });
});

describe('docs/webhooks.md', () => {
  it('its verifyKanaalSignature accepts what Kanaal signs and refuses a tampered body or an old timestamp', async () => {
    const docs = await readFile(new URL('../../../docs/webhooks.md', import.meta.url), 'utf8');
    const code = /```js\n\/\/ verify\.mjs\n([\s\S]*?)```/.exec(docs)?.[1];
    expect(code).toBeDefined();
    const dir = await mkdtemp(join(tmpdir(), 'kanaal-webhook-docs-'));
    try {
      await writeFile(join(dir, 'verify.mjs'), code ?? '');
      const { verifyKanaalSignature } = (await import(pathToFileURL(join(dir, 'verify.mjs')).href)) as {
        verifyKanaalSignature: (secret: string, timestamp: string, signature: string, content: Buffer, now?: number) => boolean;
      };
      const body = Buffer.from(webhookBody(channel(), post(), new Date()));
      const now = Math.floor(Date.now() / 1000);
      const signature = signWebhook('geheim', now, body);
      expect(verifyKanaalSignature('geheim', String(now), signature, body)).toBe(true);
      expect(verifyKanaalSignature('geheim', String(now), signature, Buffer.concat([body, Buffer.from(' ')]))).toBe(false);
      expect(verifyKanaalSignature('ander', String(now), signature, body)).toBe(false);
      expect(verifyKanaalSignature('geheim', String(now), signature, body, now + 301)).toBe(false);
      expect(verifyKanaalSignature('geheim', String(now), signature, body, now + 299)).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('webhook connector: failures are classified honestly', () => {
  it('429 → rate_limited with Retry-After', async () => {
    peer.faults.add({ kind: 'status429', method: 'POST', retryAfterSeconds: 42 });
    const error = await failure(connector.publish(channel(), post()), 'rate_limited');
    expect(error.details).toMatchObject({ status: 429, retryAfterSeconds: 42 });
    expect(peer.posts.size).toBe(0);
  });

  it('401/403 → auth_expired; other 4xx and redirects → rejected with the receiver’s words', async () => {
    peer.faults.add({ kind: 'badSecret', method: 'POST' });
    await failure(connector.publish(channel(), post()), 'auth_expired');
    const error = await failure(connector.publish(channel(), post({ text: '   ' })), 'rejected');
    expect(error.message).toBe('the receiver answered 422: text is required');
    const wrongPath = await failure(connector.publish(channel(peer.url.replace('/hooks/kanaal', '/elders')), post()), 'rejected');
    expect(wrongPath.details.status).toBe(404);
    expect(peer.posts.size).toBe(0);
  });

  it('500 → ambiguous, whether or not the post was stored', async () => {
    peer.faults.add({ kind: 'status500', method: 'POST' });
    await failure(connector.publish(channel(), post()), 'ambiguous');
    peer.faults.add({ kind: 'status500', method: 'POST', afterStore: true });
    await failure(connector.publish(channel(), post()), 'ambiguous');
    expect(peer.posts.size).toBe(1);
  });

  it('cut after the post was stored → ambiguous; findPublished finds it without sending it again', async () => {
    const request = post({ media: [image('a.png', 'Zwembad')] });
    const since = new Date();
    peer.faults.add({ kind: 'cutAfterStore', method: 'POST' });
    await failure(connector.publish(channel(), request), 'ambiguous');
    const stored = peer.posts.get(request.idempotencyKey);
    expect(await connector.findPublished(channel(), request, since)).toEqual({ remoteId: stored?.id, url: stored?.url });
    expect(peer.received.map((r) => r.method)).toEqual(['POST', 'GET']);
    expect(peer.received.every((r) => r.verdict === 'ok')).toBe(true);
  });

  it('cut before the post was stored → ambiguous; findPublished says not published', async () => {
    const request = post();
    peer.faults.add({ kind: 'cutBeforeStore', method: 'POST' });
    await failure(connector.publish(channel(), request), 'ambiguous');
    expect(await connector.findPublished(channel(), request, new Date())).toBeNull();
    expect(peer.posts.size).toBe(0);
  });

  it('a reply slower than the timeout → ambiguous; the post the receiver still made is found', async () => {
    const request = post();
    peer.faults.add({ kind: 'slow', delayMs: 600, method: 'POST' });
    await failure(connector.publish(channel(), request, { timeoutMs: 150 }), 'ambiguous');
    await peer.settled();
    expect((await connector.findPublished(channel(), request, new Date()))?.remoteId).toBe(peer.posts.get(request.idempotencyKey)?.id);
  });

  it('a lookup that cannot be answered is never "not published"', async () => {
    peer.settings.lookups = false;
    await failure(connector.findPublished(channel(), post(), new Date()), 'ambiguous');
    peer.settings.lookups = true;
    peer.faults.add({ kind: 'status500', method: 'GET' });
    await failure(connector.findPublished(channel(), post(), new Date()), 'ambiguous');
    peer.faults.add({ kind: 'badSecret', method: 'GET' });
    await failure(connector.findPublished(channel(), post(), new Date()), 'auth_expired');
  });

  it('nobody listening → unavailable; no secret → auth_expired', async () => {
    await failure(connector.publish(channel(`http://127.0.0.1:${await closedPort()}/hook`), post()), 'unavailable');
    await failure(connector.publish(channel(peer.url, ''), post()), 'auth_expired');
  });
});

describe('webhook connector: user-given addresses', () => {
  it('refuses private and loopback addresses unless allowed, before connecting', async () => {
    const strict = createWebhookConnector('other', { allow: [] });
    expect(strict.network).toBe('other');
    const error = await failure(strict.publish(channel(), post()), 'rejected');
    expect(error.message).toMatch(/private or internal network/);
    const byName = peer.url.replace('127.0.0.1', 'localhost');
    await failure(strict.publish(channel(byName), post()), 'rejected');
    await failure(strict.verify(channel('http://[::ffff:10.0.0.1]/hook')), 'rejected');
    await failure(strict.publish(channel('file:///etc/passwd'), post()), 'rejected');
    await failure(strict.publish(channel(`http://user:pw@${new URL(peer.url).host}/hook`), post()), 'rejected');
    expect(peer.received).toHaveLength(0);
    // A CIDR on the allow list lets a name that resolves into it through.
    await createWebhookConnector('other', { allow: ['127.0.0.0/8'] }).publish(channel(byName), post());
    expect(peer.posts.size).toBe(1);
  });

  it('reads KANAAL_ALLOW_URLS when no allow list is given', async () => {
    const before = process.env.KANAAL_ALLOW_URLS;
    const fromEnvironment = createWebhookConnector('website');
    try {
      delete process.env.KANAAL_ALLOW_URLS;
      await failure(fromEnvironment.verify(channel()), 'rejected');
      process.env.KANAAL_ALLOW_URLS = '127.0.0.1';
      expect((await fromEnvironment.verify(channel())).remoteAccountId).toBe(peer.url);
    } finally {
      if (before === undefined) delete process.env.KANAAL_ALLOW_URLS;
      else process.env.KANAAL_ALLOW_URLS = before;
    }
  });
});
