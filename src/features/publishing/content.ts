import { createHash } from 'node:crypto';
import type { ArchivedMedia, MediaRef } from './schema.js';

/**
 * Fingerprints of a publication's content. `contentSha256` is fixed when the publication is
 * scheduled (text, language, media references and alt texts): the worker recomputes it before
 * sending, so content changed behind the approval's back is never sent. `archiveSha256` is what
 * the records archive keeps: the text, alt texts and the SHA-256 of every file as sent.
 */

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function contentSha256(content: { text: string; language: string | null | undefined; media: readonly MediaRef[] }): string {
  return sha256Hex(
    JSON.stringify({
      text: content.text,
      language: content.language ?? null,
      media: content.media.map((m) => ({ fileName: m.fileName, mimeType: m.mimeType, storageKey: m.storageKey, altText: m.altText })),
    }),
  );
}

export function archiveSha256(text: string, media: readonly ArchivedMedia[]): string {
  return sha256Hex(JSON.stringify({ text, media: media.map((m) => ({ mimeType: m.mimeType, altText: m.altText, sha256: m.sha256 })) }));
}
