import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { ConnectorError, type PublishedPost } from '../../networks/connector.js';
import type { Network } from '../registry/schema.js';
import { archiveSha256 } from './content.js';
import {
  type ArchivedMedia,
  type AttemptOutcome,
  type PublicationRow,
  publicationAttempts,
  publications,
  publishedArchive,
} from './schema.js';
import { moveState } from './states.js';

/** Writing outcomes: the attempts log (append-only) and the move to `published` with its archive record. */

export type AttemptLog = {
  publicationId: string;
  attemptId: string;
  startedAt: Date;
  outcome: AttemptOutcome;
  httpStatus?: number | null;
  requestId?: string | null;
  detail?: string | null;
};

export async function logAttempt(db: DbOrTx, entry: AttemptLog): Promise<void> {
  await db.insert(publicationAttempts).values({
    publicationId: entry.publicationId,
    attemptId: entry.attemptId,
    startedAt: entry.startedAt,
    finishedAt: sql`clock_timestamp()`,
    outcome: entry.outcome,
    httpStatus: entry.httpStatus ?? null,
    requestId: entry.requestId ?? null,
    detail: entry.detail?.slice(0, 2000) ?? null,
  });
}

/** Fields of the attempts log taken from a connector failure. */
export function failureDetails(error: unknown): { httpStatus: number | null; requestId: string | null; detail: string } {
  if (error instanceof ConnectorError) {
    return { httpStatus: error.details.status ?? null, requestId: error.details.requestId ?? null, detail: error.message };
  }
  return { httpStatus: null, requestId: null, detail: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
}

/**
 * A connector's answer is only a success if it names the post; anything else is treated as an
 * unclear answer (the post may exist), never as published.
 */
export function validPublishedPost(value: unknown): PublishedPost | null {
  const post = value as Partial<PublishedPost> | null;
  if (!post || typeof post !== 'object') return null;
  if (typeof post.remoteId !== 'string' || post.remoteId === '' || typeof post.url !== 'string') return null;
  return { remoteId: post.remoteId, url: post.url };
}

/**
 * `publishing | unconfirmed → published` for the claim `attemptId`, with the archive record and the
 * attempt, in one transaction. Returns null (and writes nothing but the attempt) when the row has
 * moved on meanwhile.
 */
export async function recordPublished(
  db: DbOrTx,
  row: PublicationRow,
  attemptId: string,
  input: {
    post: PublishedPost;
    network: Network;
    archived: ArchivedMedia[];
    outcome: 'published' | 'found_on_reconcile';
    startedAt: Date;
    detail?: string;
  },
): Promise<PublicationRow | null> {
  return db.transaction(async (tx) => {
    const moved = await moveState(
      tx,
      row.id,
      ['publishing', 'unconfirmed'],
      'published',
      { remoteId: input.post.remoteId, remoteUrl: input.post.url, publishedAt: sql`now()`, failureReason: null, nextReconcileAt: null },
      eq(publications.attemptId, attemptId),
    );
    await logAttempt(tx, {
      publicationId: row.id,
      attemptId,
      startedAt: input.startedAt,
      outcome: input.outcome,
      detail: moved
        ? (input.detail ?? `${input.post.remoteId} ${input.post.url}`)
        : `the row had moved on (${input.post.remoteId} ${input.post.url})`,
    });
    if (!moved) return null;
    await tx
      .insert(publishedArchive)
      .values({
        publicationId: moved.id,
        organisationId: moved.organisationId,
        channelId: moved.channelId,
        network: input.network,
        remoteId: input.post.remoteId,
        url: input.post.url,
        text: moved.text,
        media: input.archived,
        sha256: archiveSha256(moved.text, input.archived),
        publishedAt: moved.publishedAt ?? new Date(),
      })
      .onConflictDoNothing({ target: publishedArchive.publicationId });
    return moved;
  });
}
