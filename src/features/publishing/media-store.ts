import { createFilesystemMediaStorage, type MediaStorage, MediaMissingError } from '../../kit/media-storage.js';
import type { MediaItem } from '../../networks/connector.js';
import type { ArchivedMedia, MediaRef } from './schema.js';
import { sha256Hex } from './content.js';

/**
 * Reads the files a publication refers to from the media store (kit/media-storage.ts: the data
 * directory or an S3 bucket, see DESIGN.md §1). The compose feature writes them; a storage key is
 * a relative path inside the store.
 */

export { MediaMissingError, mediaPath } from '../../kit/media-storage.js';

/**
 * The bytes of each item, with what the archive keeps about it. Throws MediaMissingError naming the
 * file when one is missing (or its key is unusable); other storage failures (MediaStorageError) are
 * passed on, as a retry may help. `store` may still be a data directory (the filesystem store).
 */
export async function loadMedia(store: MediaStorage | string, refs: readonly MediaRef[]): Promise<{ items: MediaItem[]; archived: ArchivedMedia[] }> {
  const storage = typeof store === 'string' ? createFilesystemMediaStorage(store) : store;
  const items: MediaItem[] = [];
  const archived: ArchivedMedia[] = [];
  for (const ref of refs) {
    let bytes: Buffer;
    try {
      bytes = await storage.get(ref.storageKey);
    } catch (error) {
      if (error instanceof MediaMissingError) throw new MediaMissingError(`media file "${ref.fileName}" cannot be read: ${error.message}`);
      throw error;
    }
    items.push({ fileName: ref.fileName, mimeType: ref.mimeType, bytes, altText: ref.altText, storageKey: ref.storageKey });
    archived.push({ ...ref, sha256: sha256Hex(bytes), bytes: bytes.length });
  }
  return { items, archived };
}
