import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { rows } from '../../kit/sql.js';
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

export type PublishedOutcome = {
  /** The row as read inside the send gate: what was sent (its text goes to the archive). */
  row: PublicationRow;
  attemptId: string;
  post: PublishedPost;
  network: Network;
  archived: ArchivedMedia[];
  startedAt: Date;
};

/**
 * `publishing → published` for many sends in one statement: the conditional moves, an attempt
 * for each (saying "moved on" where the row had moved meanwhile) and the archive records, in one
 * implicit transaction. Same conditions and rows as `recordPublished` per send, one round trip
 * (and one commit) instead of five. Returns the moved rows (null where the row had moved on).
 */
export async function recordPublishedMany(db: DbOrTx, outcomes: readonly PublishedOutcome[]): Promise<Array<PublicationRow | null>> {
  if (outcomes.length === 0) return [];
  const values = sql.join(
    outcomes.map((o) => {
      const sent = `${o.post.remoteId} ${o.post.url}`;
      return sql`(${o.row.id}::uuid, ${o.attemptId}::uuid, ${o.post.remoteId}, ${o.post.url}, ${o.startedAt.toISOString()}::timestamptz,
                  ${o.network}, ${JSON.stringify(o.archived)}::jsonb, ${archiveSha256(o.row.text, o.archived)}, ${o.row.text},
                  ${sent.slice(0, 2000)}, ${`the row had moved on (${sent})`.slice(0, 2000)})`;
    }),
    sql`, `,
  );
  const moved = await rows<{ id: string; published_ms: number | string; updated_ms: number | string }>(
    db,
    sql`WITH v (id, attempt_id, remote_id, remote_url, started_at, network, media, sha256, text, detail, detail_moved_on) AS (
          VALUES ${values}
        ),
        moved AS (
          UPDATE publications p
             SET state = 'published', remote_id = v.remote_id, remote_url = v.remote_url, published_at = now(),
                 failure_reason = NULL, next_reconcile_at = NULL, updated_at = now()
            FROM v
           WHERE p.id = v.id AND p.state IN ('publishing', 'unconfirmed') AND p.attempt_id = v.attempt_id
          RETURNING p.id, p.organisation_id, p.channel_id, p.published_at, p.updated_at
        ),
        logged AS (
          INSERT INTO publication_attempts (publication_id, attempt_id, started_at, finished_at, outcome, detail)
          SELECT v.id, v.attempt_id, v.started_at, clock_timestamp(), 'published',
                 CASE WHEN m.id IS NULL THEN v.detail_moved_on ELSE v.detail END
            FROM v LEFT JOIN moved m ON m.id = v.id
        ),
        archived AS (
          INSERT INTO published_archive (publication_id, organisation_id, channel_id, network, remote_id, url, text, media, sha256, published_at)
          SELECT m.id, m.organisation_id, m.channel_id, v.network, v.remote_id, v.remote_url, v.text, v.media, v.sha256, m.published_at
            FROM moved m JOIN v ON v.id = m.id
          ON CONFLICT (publication_id) DO NOTHING
        )
        SELECT id, extract(epoch FROM published_at) * 1000 AS published_ms, extract(epoch FROM updated_at) * 1000 AS updated_ms FROM moved`,
  );
  const byId = new Map(moved.map((m) => [m.id, m]));
  return outcomes.map((o) => {
    const m = byId.get(o.row.id);
    if (!m) return null;
    return {
      ...o.row,
      state: 'published',
      remoteId: o.post.remoteId,
      remoteUrl: o.post.url,
      publishedAt: new Date(Number(m.published_ms)),
      failureReason: null,
      nextReconcileAt: null,
      updatedAt: new Date(Number(m.updated_ms)),
    };
  });
}

/**
 * Groups the `published` outcomes of sends that finish close together into one
 * `recordPublishedMany` statement: while one statement runs, the next outcomes queue and go in the
 * following one, so there is no added wait when sends are few. A statement that fails is retried
 * one outcome at a time (`recordPublished`), so one bad row cannot take the others with it.
 */
export class PublishedRecorder {
  private queue: Array<{ outcome: PublishedOutcome; resolve: (row: PublicationRow | null) => void; reject: (error: unknown) => void }> = [];
  private flushing = false;

  constructor(
    private readonly db: DbOrTx,
    private readonly maxBatch = 200,
  ) {}

  record(outcome: PublishedOutcome): Promise<PublicationRow | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ outcome, resolve, reject });
      if (!this.flushing) {
        this.flushing = true;
        // Let the sends that finished in the same tick join this statement.
        setImmediate(() => void this.flush());
      }
    });
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      try {
        const moved = await recordPublishedMany(
          this.db,
          batch.map((b) => b.outcome),
        );
        for (const [i, b] of batch.entries()) b.resolve(moved[i] ?? null);
      } catch {
        for (const b of batch) {
          const { row, attemptId, post, network, archived, startedAt } = b.outcome;
          await recordPublished(this.db, row, attemptId, { post, network, archived, outcome: 'published', startedAt }).then(
            b.resolve,
            b.reject,
          );
        }
      }
    }
    this.flushing = false;
  }
}

const recorders = new WeakMap<DbOrTx, PublishedRecorder>();

/** The recorder of `db` (one per database handle, so concurrent sends share its statements). */
export function publishedRecorder(db: DbOrTx): PublishedRecorder {
  let recorder = recorders.get(db);
  if (!recorder) {
    recorder = new PublishedRecorder(db);
    recorders.set(db, recorder);
  }
  return recorder;
}
