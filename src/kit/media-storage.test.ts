import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3Peer, startS3Peer } from '../../test/peers/s3.js';
import { ConfigError, loadConfig } from '../app/config.js';
import { createS3MediaStorage } from './media-storage-s3.js';
import {
  createFilesystemMediaStorage,
  InvalidMediaKeyError,
  type MediaStorage,
  MediaMissingError,
  MediaStorageError,
  mediaPath,
  openMediaStorage,
} from './media-storage.js';

let peer: S3Peer;
const dataDir = resolve(`./.tmp/media-storage-${randomBytes(4).toString('hex')}`);

beforeAll(async () => {
  peer = await startS3Peer({ buckets: ['kanaal-media', 'other-bucket'] });
});
afterAll(async () => {
  await peer?.close();
  await rm(dataDir, { recursive: true, force: true });
});

const s3Settings = (overrides: Partial<Parameters<typeof createS3MediaStorage>[0]> = {}) => ({
  bucket: 'kanaal-media',
  region: peer.region,
  endpoint: peer.url,
  forcePathStyle: true,
  prefix: 'gent',
  accessKeyId: peer.accessKeyId,
  secretAccessKey: peer.secretAccessKey,
  ...overrides,
});

const backends: Array<[string, () => MediaStorage]> = [
  ['filesystem', () => createFilesystemMediaStorage(dataDir)],
  ['S3 (through the SDK, against the S3 peer)', () => createS3MediaStorage(s3Settings())],
];

const ESCAPES = ['../secret.key', '../../etc/passwd', '/etc/passwd', 'a/../../b', 'a/./b', 'a//b', 'a\\..\\b', 'a\0b', ''];

async function thrown(promise: Promise<unknown>): Promise<Error> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error;
}

describe.each(backends)('media storage: %s', (_name, open) => {
  it('stores, reads back, knows and deletes bytes, nested keys included', async () => {
    const storage = open();
    const bytes = randomBytes(4096);
    const key = `2025/${randomBytes(8).toString('hex')}.jpg`;
    expect(await storage.has(key)).toBe(false);
    await storage.put(key, bytes, 'image/jpeg');
    expect(await storage.has(key)).toBe(true);
    expect((await storage.get(key)).equals(bytes)).toBe(true);

    const replaced = Buffer.from('second version');
    await storage.put(key, replaced, 'image/jpeg');
    expect((await storage.get(key)).equals(replaced)).toBe(true);

    await storage.delete?.(key);
    expect(await storage.has(key)).toBe(false);
    await storage.delete?.(key); // deleting what is gone is not an error
  });

  it('answers a missing object with MediaMissingError naming the key', async () => {
    const error = await thrown(open().get('0f0f-not-there'));
    expect(error).toBeInstanceOf(MediaMissingError);
    expect(error.message).toContain('0f0f-not-there');
  });

  it('refuses keys that would leave the store, before touching it', async () => {
    const storage = open();
    const requestsBefore = peer.requests.length;
    for (const key of ESCAPES) {
      for (const attempt of [() => storage.put(key, Buffer.from('x'), 'image/png'), () => storage.get(key), () => storage.has(key)]) {
        const error = await thrown(attempt());
        expect(error, `key ${JSON.stringify(key)}`).toBeInstanceOf(InvalidMediaKeyError);
        expect(error).toBeInstanceOf(MediaMissingError); // the publisher treats it as a file that is not there
      }
    }
    expect(peer.requests.length).toBe(requestsBefore);
  });
});

describe('media storage: filesystem specifics', () => {
  it('keeps the layout <dataDir>/media/<key>, written whole (no temporary file left)', async () => {
    const storage = createFilesystemMediaStorage(dataDir);
    await storage.put('layout/one.png', Buffer.from('png bytes'), 'image/png');
    expect(await readFile(join(dataDir, 'media', 'layout', 'one.png'), 'utf8')).toBe('png bytes');
    expect(await readdir(join(dataDir, 'media', 'layout'))).toEqual(['one.png']);
    expect(mediaPath(dataDir, 'layout/one.png')).toBe(join(dataDir, 'media', 'layout', 'one.png'));
    expect(() => mediaPath(dataDir, '../secret.key')).toThrow(InvalidMediaKeyError);
  });

  it('does not read a file beside the store through an escaping key', async () => {
    await mkdir(dataDir, { recursive: true });
    await writeFile(join(dataDir, 'secret.key'), 'do not serve');
    const error = await thrown(createFilesystemMediaStorage(dataDir).get('../secret.key'));
    expect(error).toBeInstanceOf(InvalidMediaKeyError);
    expect((await stat(join(dataDir, 'secret.key'))).isFile()).toBe(true);
  });
});

describe('media storage: S3 specifics', () => {
  it('stores objects under the prefix with their content type', async () => {
    await createS3MediaStorage(s3Settings()).put('abc123', Buffer.from('jpeg'), 'image/jpeg');
    expect(peer.buckets.get('kanaal-media')?.get('gent/abc123')).toMatchObject({ contentType: 'image/jpeg', bytes: Buffer.from('jpeg') });
  });

  it('says clearly when S3 refuses the credentials', async () => {
    const wrongSecret = createS3MediaStorage(s3Settings({ secretAccessKey: 'not-the-secret' }));
    for (const attempt of [() => wrongSecret.get('abc123'), () => wrongSecret.put('abc123', Buffer.from('x'), 'image/png'), () => wrongSecret.has('abc123')]) {
      const error = await thrown(attempt());
      expect(error).toBeInstanceOf(MediaStorageError);
      expect(error).not.toBeInstanceOf(MediaMissingError); // a retry after fixing the settings can help
      expect(error.message).toMatch(/S3 refused to (read|write) s3:\/\/kanaal-media\/gent\/abc123 \((SignatureDoesNotMatch|HTTP 403)/);
      expect(error.message).toContain('KANAAL_S3_SECRET_ACCESS_KEY');
    }
    const unknownKey = await thrown(createS3MediaStorage(s3Settings({ accessKeyId: 'AKIANOTKNOWN' })).get('abc123'));
    expect(unknownKey.message).toContain('InvalidAccessKeyId');
    expect(peer.buckets.get('kanaal-media')?.get('gent/abc123')?.bytes.toString()).toBe('jpeg');
  });

  it('names a missing bucket', async () => {
    const error = await thrown(createS3MediaStorage(s3Settings({ bucket: 'no-such-bucket' })).get('abc123'));
    expect(error).toBeInstanceOf(MediaStorageError);
    expect(error.message).toContain('S3 bucket "no-such-bucket" does not exist');
  });

  it('the peer refuses unsigned requests with S3 XML errors', async () => {
    const unsigned = await fetch(`${peer.url}/kanaal-media/gent/abc123`);
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toMatch(/<Error><Code>AccessDenied<\/Code><Message>Access Denied<\/Message>/);
  });

  it('is built from the configuration; s3 needs a bucket, and both credentials or neither', async () => {
    const config = loadConfig({
      KANAAL_MEDIA_STORE: 's3',
      KANAAL_S3_BUCKET: 'other-bucket',
      KANAAL_S3_REGION: peer.region,
      KANAAL_S3_ENDPOINT: peer.url,
      KANAAL_S3_PREFIX: '/kanaal/',
      KANAAL_S3_ACCESS_KEY_ID: peer.accessKeyId,
      KANAAL_S3_SECRET_ACCESS_KEY: peer.secretAccessKey,
    });
    expect(config.mediaStore).toMatchObject({ kind: 's3', bucket: 'other-bucket', prefix: 'kanaal', forcePathStyle: true });
    const storage = await openMediaStorage(config.mediaStore, dataDir);
    expect(storage.kind).toBe('s3');
    await storage.put('from-config', Buffer.from('ok'), 'image/png');
    expect(peer.buckets.get('other-bucket')?.get('kanaal/from-config')?.bytes.toString()).toBe('ok');

    expect(loadConfig({}).mediaStore).toEqual({ kind: 'fs' });
    expect(() => loadConfig({ KANAAL_MEDIA_STORE: 's3' })).toThrow(/KANAAL_S3_BUCKET is required/);
    expect(() => loadConfig({ KANAAL_MEDIA_STORE: 'disk' })).toThrow(/KANAAL_MEDIA_STORE/);
    expect(() => loadConfig({ KANAAL_MEDIA_STORE: 's3', KANAAL_S3_BUCKET: 'b', KANAAL_S3_ACCESS_KEY_ID: 'only-half' })).toThrow(ConfigError);
    expect(() => loadConfig({ KANAAL_S3_PREFIX: 'a/../b' })).toThrow(/KANAAL_S3_PREFIX/);
  });
});
