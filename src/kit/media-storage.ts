import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, resolve, sep } from 'node:path';
import type { S3MediaSettings } from './media-storage-s3.js';

/**
 * Where uploaded media files live (DESIGN.md §1): a directory in `KANAAL_DATA_DIR/media` on one
 * machine, an S3-compatible bucket past one machine (media-storage-s3.ts). Both hold opaque bytes
 * under a storage key; what a file is (name, type, alt text) is kept in the database.
 *
 * A storage key is a relative, slash-separated path (`<sha256>` for uploads, `2025/kaart.png` in
 * tests): no empty, `.` or `..` segment, no backslash, no control character. The same rule holds on
 * both backends so that a key that works on one works on the other.
 */
export interface MediaStorage {
  /** Which backend, for logs and the health page. */
  readonly kind: 'fs' | 's3';
  /** Stores the bytes under `key`, replacing what was there; a reader never sees half a file. */
  put(key: string, bytes: Buffer, mimeType: string): Promise<void>;
  /** The bytes under `key`; throws MediaMissingError naming the key when there are none. */
  get(key: string): Promise<Buffer>;
  has(key: string): Promise<boolean>;
  /** Removes the object; removing a missing object is not an error. */
  delete?(key: string): Promise<void>;
}

/** The bytes a storage key names are not there (or can never be, see InvalidMediaKeyError). */
export class MediaMissingError extends Error {
  override name = 'MediaMissingError';
}

/**
 * A storage key that would leave the store or is malformed. A MediaMissingError on purpose: to the
 * publisher a key that can never be read is a file that is not there, and no retry helps.
 */
export class InvalidMediaKeyError extends MediaMissingError {
  override name = 'InvalidMediaKeyError';
}

/** The store itself failed (unreachable, refused credentials, full disk): worth retrying later. */
export class MediaStorageError extends Error {
  override name = 'MediaStorageError';
}

const MAX_KEY_LENGTH = 512;
// Control characters (C0, DEL, C1) are never part of a key; NUL in particular cuts paths short.
// biome-ignore lint/suspicious/noControlCharactersInRegex: that is the point of this pattern
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** Throws InvalidMediaKeyError unless `key` is a storage key as described above. */
export function checkStorageKey(key: string): string {
  const bad = (why: string) => new InvalidMediaKeyError(`media storage key "${key.slice(0, 80)}" ${why}`);
  if (typeof key !== 'string' || key.length === 0) throw bad('is empty');
  if (key.length > MAX_KEY_LENGTH) throw bad(`is longer than ${MAX_KEY_LENGTH} characters`);
  if (CONTROL.test(key)) throw bad('contains a control character');
  if (key.includes('\\')) throw bad('contains a backslash');
  if (key.startsWith('/')) throw bad('points outside the media store (absolute path)');
  if (key.split('/').some((segment) => segment === '' || segment === '.' || segment === '..'))
    throw bad('points outside the media store (empty, "." or ".." segment)');
  return key;
}

/** The file of `storageKey` under `<dataDir>/media`; refuses keys that would leave that directory. */
export function mediaPath(dataDir: string, storageKey: string): string {
  checkStorageKey(storageKey);
  const root = resolve(dataDir, 'media');
  const path = resolve(root, storageKey);
  // Belt and braces: checkStorageKey already refuses `..`, this also catches what resolve() makes of the rest.
  if (!path.startsWith(root + sep)) throw new InvalidMediaKeyError(`media storage key "${storageKey}" points outside the media store`);
  return path;
}

/** Media files in `<dataDir>/media/<key>`, the embedded default. */
export function createFilesystemMediaStorage(dataDir: string): MediaStorage {
  const errorOf = (action: string, key: string, error: unknown) =>
    new MediaStorageError(`media store (${resolve(dataDir, 'media')}): cannot ${action} "${key}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  return {
    kind: 'fs',

    async put(key, bytes) {
      const path = mediaPath(dataDir, key);
      try {
        await mkdir(dirname(path), { recursive: true });
        // Write then rename, so a reader never sees half a file.
        const temporary = `${path}.${randomUUID()}.part`;
        try {
          await writeFile(temporary, bytes, { mode: 0o640 });
          await rename(temporary, path);
        } catch (error) {
          await rm(temporary, { force: true }).catch(() => undefined);
          throw error;
        }
      } catch (error) {
        throw errorOf('write', key, error);
      }
    },

    async get(key) {
      const path = mediaPath(dataDir, key);
      try {
        return await readFile(path);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') throw new MediaMissingError(`media file "${key}" is not in the media store`);
        throw errorOf('read', key, error);
      }
    },

    async has(key) {
      const path = mediaPath(dataDir, key);
      try {
        return (await stat(path)).isFile();
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') return false;
        throw errorOf('read', key, error);
      }
    },

    async delete(key) {
      const path = mediaPath(dataDir, key);
      try {
        await unlink(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw errorOf('delete', key, error);
      }
    },
  };
}

/** Which media store to use, from the configuration (app/config.ts). */
export type MediaStoreSettings = { kind: 'fs' } | ({ kind: 's3' } & S3MediaSettings);

/**
 * The configured media store. The S3 client is imported only when it is used: an embedded
 * installation never loads the AWS SDK.
 */
export async function openMediaStorage(settings: MediaStoreSettings, dataDir: string): Promise<MediaStorage> {
  if (settings.kind === 'fs') return createFilesystemMediaStorage(dataDir);
  const { kind: _kind, ...s3 } = settings;
  const { createS3MediaStorage } = await import('./media-storage-s3.js');
  return createS3MediaStorage(s3);
}
