import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { MediaItem } from '../../networks/connector.js';
import type { ArchivedMedia, MediaRef } from './schema.js';
import { sha256Hex } from './content.js';

/**
 * Reads the files a publication refers to from the media store (`KANAAL_DATA_DIR/media`, see
 * DESIGN.md §1). The compose feature writes them; a storage key is a relative path inside the store.
 */

export class MediaMissingError extends Error {}

export function mediaPath(dataDir: string, storageKey: string): string {
  const root = resolve(dataDir, 'media');
  const path = resolve(root, storageKey);
  if (!path.startsWith(root + sep) || storageKey.includes('\0'))
    throw new MediaMissingError(`media storage key "${storageKey}" points outside the media store`);
  return path;
}

/** The bytes of each item, with what the archive keeps about it. Throws MediaMissingError naming the file. */
export async function loadMedia(dataDir: string, refs: readonly MediaRef[]): Promise<{ items: MediaItem[]; archived: ArchivedMedia[] }> {
  const items: MediaItem[] = [];
  const archived: ArchivedMedia[] = [];
  for (const ref of refs) {
    let bytes: Buffer;
    try {
      bytes = await readFile(mediaPath(dataDir, ref.storageKey));
    } catch (error) {
      if (error instanceof MediaMissingError) throw error;
      throw new MediaMissingError(
        `media file "${ref.fileName}" (${ref.storageKey}) cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
    items.push({ fileName: ref.fileName, mimeType: ref.mimeType, bytes, altText: ref.altText });
    archived.push({ ...ref, sha256: sha256Hex(bytes), bytes: bytes.length });
  }
  return { items, archived };
}
