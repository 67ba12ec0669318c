import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.js';
import { type PublicationRow, type PublicationState, publications } from './schema.js';

/**
 * The publication state machine (docs/publishing.md). Only these transitions exist; every move is
 * one conditional UPDATE (`WHERE id = $1 AND state IN ($expected)`, plus the attempt id where a
 * claim is involved), so two processes can never both move the same row.
 *
 *   draft → in_review → approved → scheduled            (compose and approvals, later)
 *   scheduled   → publishing   the claim (attempt id set)
 *   scheduled   → held         a pause covers it
 *   scheduled   → cancelled    (compose, later)
 *   publishing  → published    the network answered with the post
 *   publishing  → failed       rejected, or credentials gone after one refresh
 *   publishing  → unconfirmed  ambiguous answer, or the claim went stale (sweep)
 *   publishing  → scheduled    rate limited / unavailable: the request was not processed
 *   publishing  → held         a pause committed between the claim and the send gate
 *   unconfirmed → published    reconcile found the post
 *   unconfirmed → scheduled    reconcile: certainly absent (held instead if a pause covers it)
 *   unconfirmed → held
 *   held        → scheduled    resume / reschedule
 *   held        → cancelled    cancel
 * A late success may still land on `unconfirmed` when the sweep moved the row first (same attempt id).
 */
export const TRANSITIONS: Readonly<Record<PublicationState, readonly PublicationState[]>> = {
  draft: ['in_review', 'approved', 'cancelled'],
  in_review: ['draft', 'approved', 'cancelled'],
  approved: ['draft', 'scheduled', 'cancelled'],
  scheduled: ['publishing', 'held', 'cancelled'],
  publishing: ['published', 'failed', 'unconfirmed', 'scheduled', 'held'],
  unconfirmed: ['published', 'scheduled', 'held'],
  held: ['scheduled', 'cancelled'],
  published: [],
  failed: [],
  cancelled: [],
};

export function canMove(from: PublicationState, to: PublicationState): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * Target for a row going back to the queue: `held` (with the pause's id) when a pause covers it
 * now, else `scheduled` — decided in the UPDATE by the same SQL predicate the claim uses.
 */
export const BACK_TO_QUEUE = Symbol('scheduled, or held if a pause covers it');

/** Column values to set with a move; a value may be SQL (`sql`now()``). */
export type PublicationChanges = Omit<PgUpdateSetSource<typeof publications>, 'id' | 'state' | 'createdAt'>;

/**
 * Moves one publication from one of `from` to `to`, setting `changes`, if (and only if) it is still
 * in one of `from` and matches `where`. Returns the moved row, or null when another process moved
 * it first.
 */
export async function moveState(
  db: DbOrTx,
  id: string,
  from: PublicationState | readonly PublicationState[],
  to: PublicationState | typeof BACK_TO_QUEUE,
  changes: PublicationChanges = {},
  where?: SQL,
): Promise<PublicationRow | null> {
  const sources = typeof from === 'string' ? [from] : [...from];
  const targets: PublicationState[] = to === BACK_TO_QUEUE ? ['scheduled', 'held'] : [to];
  const illegal = sources.flatMap((s) => targets.filter((t) => !canMove(s, t)).map((t) => `${s} → ${t}`));
  if (illegal.length > 0) throw new Error(`publication state machine: ${illegal.join(', ')} is not a transition`);
  const target =
    to === BACK_TO_QUEUE
      ? {
          state: sql`CASE WHEN publishing_pause_for(${publications.organisationId}, ${publications.channelId}) IS NULL THEN 'scheduled' ELSE 'held' END`,
          heldByPauseId: sql`publishing_pause_for(${publications.organisationId}, ${publications.channelId})`,
        }
      : { state: to };
  const [moved] = await db
    .update(publications)
    .set({ ...changes, ...target, updatedAt: sql`now()` })
    .where(and(eq(publications.id, id), inArray(publications.state, sources), where))
    .returning();
  return moved ?? null;
}
