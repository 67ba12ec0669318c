import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation, buildUser } from '../../../test/factories.js';
import { type S3Peer, startS3Peer } from '../../../test/peers/s3.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { keyringFromSecret } from '../../kit/crypto.js';
import { closeApp } from './test-fixtures.js';
import { PUBLIC_MEDIA_TTL_SECONDS, publicMediaUrlFor, signedMediaUrl, verifyMediaUrl } from './media-url.js';

let t: TestApp;
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(2048), Buffer.from([0xff, 0xd9])]);

beforeAll(async () => {
  t = await createTestApp();
  await t.ctx.mediaStorage.put('2025/affiche.jpg', jpeg, 'image/jpeg');
  await t.ctx.mediaStorage.put('other.jpg', Buffer.from('another file'), 'image/jpeg');
});
afterAll(async () => {
  if (t) await closeApp(t);
});

const signer = () => ({ publicUrl: t.ctx.config.publicUrl, keyring: t.ctx.keyring });
/** Path and query of a signed URL, to send to the app under test. */
const local = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};
const get = (url: string) => t.app.inject({ method: 'GET', url: local(url) });

describe('signed public media URLs', () => {
  it('serve the exact bytes with their type, nosniff and a private cache no longer than the link lives', async () => {
    const url = signedMediaUrl(signer(), '2025/affiche.jpg', 'image/jpeg', 600);
    expect(url).toMatch(new RegExp(`^${t.ctx.config.publicUrl}/media/public/2025%2Faffiche\\.jpg\\?exp=\\d+&type=image%2Fjpeg&sig=[A-Za-z0-9_-]{43}$`));
    const res = await t.app.inject({ method: 'GET', url: local(url) }); // no session, no token
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(jpeg)).toBe(true);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    const maxAge = Number(/^private, max-age=(\d+)$/.exec(String(res.headers['cache-control']))?.[1]);
    expect(maxAge).toBeGreaterThan(590);
    expect(maxAge).toBeLessThanOrEqual(600);
  });

  it('refuse a changed key, expiry, type or signature with 403', async () => {
    const url = new URL(signedMediaUrl(signer(), '2025/affiche.jpg', 'image/jpeg', 600));
    const exp = Number(url.searchParams.get('exp'));
    const sig = url.searchParams.get('sig') ?? '';
    const variants: Record<string, (u: URL) => void> = {
      key: (u) => {
        u.pathname = '/media/public/other.jpg';
      },
      exp: (u) => u.searchParams.set('exp', String(exp + 3600)),
      type: (u) => u.searchParams.set('type', 'image/png'),
      sig: (u) => u.searchParams.set('sig', `${sig.slice(0, 10)}${sig[10] === 'A' ? 'B' : 'A'}${sig.slice(11)}`),
      'no sig': (u) => u.searchParams.delete('sig'),
      'no exp': (u) => u.searchParams.delete('exp'),
      'garbage exp': (u) => u.searchParams.set('exp', 'tomorrow'),
    };
    for (const [what, change] of Object.entries(variants)) {
      const tampered = new URL(url);
      change(tampered);
      const res = await get(tampered.toString());
      expect(res.statusCode, what).toBe(403);
      expect(res.json().error).toMatchObject({ code: 'forbidden', message: 'This media link is not valid.' });
    }
  });

  it('refuse an expired link with 403', async () => {
    const url = signedMediaUrl(signer(), '2025/affiche.jpg', 'image/jpeg', 3600, Date.now() - 3601_000);
    const res = await get(url);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toBe('This media link has expired.');
  });

  it('answer 404 for a well-signed link to a file that is not there', async () => {
    const res = await get(signedMediaUrl(signer(), 'deadbeef', 'image/jpeg', 600));
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('not_found');
  });

  it("refuse links signed by another installation's key", async () => {
    const stranger = keyringFromSecret(randomBytes(32).toString('base64'));
    const url = signedMediaUrl({ publicUrl: t.ctx.config.publicUrl, keyring: stranger }, '2025/affiche.jpg', 'image/jpeg', 600);
    expect((await get(url)).statusCode).toBe(403);
  });

  it('sign with a purpose-bound subkey, never the sealing key itself, and keep links valid across a key rotation', () => {
    const oldKey = randomBytes(32).toString('base64');
    const before = keyringFromSecret(oldKey);
    const url = new URL(signedMediaUrl({ publicUrl: 'https://kanaal.example', keyring: before }, 'abc', 'image/png', 60));
    const exp = url.searchParams.get('exp') ?? '';
    const rawKeyHmac = createHmac('sha256', Buffer.from(oldKey, 'base64')).update(`abc\nimage/png\n${exp}`).digest('base64url');
    expect(url.searchParams.get('sig')).not.toBe(rawKeyHmac);

    const parts = { storageKey: 'abc', exp, type: 'image/png', sig: url.searchParams.get('sig') ?? '' };
    const after = keyringFromSecret(randomBytes(32).toString('base64'), { previous: oldKey });
    expect(verifyMediaUrl(after, parts)).toMatchObject({ ok: true, mimeType: 'image/png' });
    expect(verifyMediaUrl(keyringFromSecret(randomBytes(32).toString('base64')), parts)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('are only made for media types and storage keys, and for a bounded time', () => {
    for (const type of ['text/html', 'image/svg+xml', 'application/javascript'])
      expect(() => signedMediaUrl(signer(), 'abc', type, 60), type).toThrow(/not served at a public URL/);
    expect(() => signedMediaUrl(signer(), '../secret.key', 'image/png', 60)).toThrow(/outside the media store/);
    expect(() => signedMediaUrl(signer(), 'abc', 'image/png', 0)).toThrow(/valid between/);
    expect(() => publicMediaUrlFor(signer())({ fileName: 'x.png', mimeType: 'image/png', bytes: Buffer.alloc(1), altText: 'x' })).toThrow(/no storage key/);
    const fromPublisher = new URL(publicMediaUrlFor(signer())({ fileName: 'a.jpg', mimeType: 'image/jpeg', bytes: jpeg, altText: 'a', storageKey: '2025/affiche.jpg' }));
    const ttl = Number(fromPublisher.searchParams.get('exp')) - Date.now() / 1000;
    expect(ttl).toBeGreaterThan(PUBLIC_MEDIA_TTL_SECONDS - 5);
    expect(ttl).toBeLessThanOrEqual(PUBLIC_MEDIA_TTL_SECONDS);
  });

  it('appear in the OpenAPI document as a public route', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.paths['/media/public/{key}']?.get?.security).toEqual([]);
  });
});

describe('media on S3, end to end', () => {
  let s3: S3Peer;
  let app: TestApp;
  beforeAll(async () => {
    s3 = await startS3Peer({ buckets: ['kanaal'] });
    app = await createTestApp({
      env: {
        KANAAL_MEDIA_STORE: 's3',
        KANAAL_S3_BUCKET: 'kanaal',
        KANAAL_S3_REGION: s3.region,
        KANAAL_S3_ENDPOINT: s3.url,
        KANAAL_S3_PREFIX: 'media',
        KANAAL_S3_ACCESS_KEY_ID: s3.accessKeyId,
        KANAAL_S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      },
    });
  });
  afterAll(async () => {
    if (app) await closeApp(app);
    await s3?.close();
  });

  it('stores an upload in the bucket and serves it at its signed URL', async () => {
    expect(app.ctx.mediaStorage.kind).toBe('s3');
    const org = await buildOrganisation(app.ctx.db);
    const editor = await buildUser(app.ctx.db, { roles: [[org.id, 'communicator']] });
    const up = await app.app.inject({
      method: 'POST',
      url: `/api/organisations/${org.id}/media?fileName=affiche.jpg&mimeType=image/jpeg`,
      headers: { ...editor.headers, 'content-type': 'application/octet-stream' },
      payload: jpeg,
    });
    expect(up.statusCode, up.body).toBe(201);
    const { sha256 } = up.json();
    expect(s3.buckets.get('kanaal')?.get(`media/${sha256}`)?.bytes.equals(jpeg)).toBe(true);

    const url = signedMediaUrl({ publicUrl: app.ctx.config.publicUrl, keyring: app.ctx.keyring }, sha256, 'image/jpeg', 600);
    const res = await app.app.inject({ method: 'GET', url: local(url) });
    expect(res.statusCode).toBe(200);
    expect(res.rawPayload.equals(jpeg)).toBe(true);
  });
});
