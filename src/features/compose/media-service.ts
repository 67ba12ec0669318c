import { createHash } from 'node:crypto';
import { desc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { type Caller, requireAccess } from '../../kit/access.js';
import { actorOf, recordAudit } from '../../kit/audit.js';
import { notFound, unprocessable } from '../../kit/errors.js';
import type { MediaStorage } from '../../kit/media-storage.js';
import { NETWORK_LIMITS, mediaClassOf } from '../../networks/limits.js';
import { type AltTexts, type MediaAssetRow, mediaAssets } from './schema.js';
import type { TMedia } from './schemas.js';
import { codedFieldError } from '../../kit/field-errors.js';

/**
 * The media library of an organisation. Files live in the media store (kit/media-storage.ts: the data
 * directory or an S3 bucket) under their SHA-256, so the same file uploaded twice is stored once; a
 * row per upload keeps its own name and alt texts. A file is accepted when at least one network takes its type at its size (limits.ts);
 * whether a given channel takes it is checked per post, in the preview.
 */

/** The largest file any network accepts per media class: the upload ceiling. */
export const MAX_UPLOAD_BYTES = 100 * 1000 * 1000;

const present = ({ storageKey: _s, createdBy: _c, ...m }: MediaAssetRow): TMedia => m;

export async function uploadMedia(
  db: Db,
  storage: MediaStorage,
  caller: Caller,
  organisationId: string,
  input: { fileName: string; mimeType: string; bytes: Buffer },
): Promise<TMedia> {
  await requireAccess(db, caller, organisationId, 'compose.write');
  const mimeType = input.mimeType.trim().toLowerCase();
  const mediaClass = mediaClassOf(mimeType);
  const takers = Object.values(NETWORK_LIMITS).filter((l) => l.media.types.includes(mimeType));
  const fields = [];
  if (input.bytes.length === 0) fields.push(codedFieldError('body', 'file_empty'));
  if (!mediaClass || takers.length === 0) fields.push(codedFieldError('mimeType', 'type_not_accepted', { mimeType }));
  else {
    const ceiling = Math.max(...takers.map((l) => l.media.maxBytes[mediaClass] ?? 0));
    if (input.bytes.length > ceiling) fields.push(codedFieldError('body', 'file_too_large', { bytes: ceiling }));
  }
  if (fields.length) throw unprocessable('This file cannot be used in posts.', fields);

  const sha256 = createHash('sha256').update(input.bytes).digest('hex');
  // Stored before the row is written: a row never names bytes that are not there. A crash in
  // between leaves an unreferenced file, which is harmless (and found again on the next upload).
  if (!(await storage.has(sha256))) await storage.put(sha256, input.bytes, mimeType);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(mediaAssets)
      .values({ organisationId, fileName: input.fileName, mimeType, byteSize: input.bytes.length, sha256, storageKey: sha256, createdBy: caller.userId })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, actorOf(caller), {
      organisationId,
      action: 'create',
      entity: 'media',
      entityId: row.id,
      after: { fileName: row.fileName, mimeType, byteSize: row.byteSize, sha256 },
    });
    return present(row);
  });
}

export async function listMedia(db: DbOrTx, caller: Caller, organisationId: string): Promise<TMedia[]> {
  await requireAccess(db, caller, organisationId, 'compose.read');
  const found = await db.select().from(mediaAssets).where(eq(mediaAssets.organisationId, organisationId)).orderBy(desc(mediaAssets.createdAt)).limit(500);
  return found.map(present);
}

/** Sets alt texts (merged per language; an empty string removes that language). Audited. */
export async function updateMediaAltTexts(db: Db, caller: Caller, id: string, altTexts: AltTexts): Promise<TMedia> {
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(mediaAssets).where(eq(mediaAssets.id, id)).for('update');
    if (!row) throw notFound('Media');
    await requireAccess(tx, caller, row.organisationId, 'compose.write');
    const merged: AltTexts = { ...row.altTexts };
    for (const [language, text] of Object.entries(altTexts) as [keyof AltTexts, string][]) {
      if (text.trim() === '') delete merged[language];
      else merged[language] = text.trim();
    }
    const [after] = await tx.update(mediaAssets).set({ altTexts: merged }).where(eq(mediaAssets.id, id)).returning();
    if (!after) throw notFound('Media');
    await recordAudit(tx, actorOf(caller), { organisationId: row.organisationId, action: 'update', entity: 'media', entityId: id, before: { altTexts: row.altTexts }, after: { altTexts: merged } });
    return present(after);
  });
}
