import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type Caller, requireAccess, subtreeIds } from '../../kit/access.js';
import { actorOf, recordAudit } from '../../kit/audit.js';
import { badRequest, conflict, notFound, unprocessable } from '../../kit/errors.js';
import { rows } from '../../kit/sql.js';
import { type PublicationRow, publications } from './schema.js';
import type { TPublication } from './schemas.js';
import { presentPublication } from './service.js';
import { moveState } from './states.js';
import { codedFieldError } from '../../kit/field-errors.js';

/**
 * What a pause held, handled in bulk by a person: resume (back to `scheduled`, at a new time or
 * the original one — a time already past goes out at once), reschedule (a new time, required) or
 * cancel. All-or-nothing per call, each row audited with the reason. Needs `publishing.pause` on
 * every row's organisation. A row still covered by an active pause cannot be resumed: lift the
 * pause first (the claim would refuse it anyway).
 */

export type HeldActionInput = { publicationIds: string[]; reason: string; dueAt?: Date };

/** Held publications of an organisation and its subtree, earliest due first. */
export async function listHeld(db: DbOrTx, caller: Caller, query: { organisationId: string }): Promise<TPublication[]> {
  await requireAccess(db, caller, query.organisationId, 'publishing.read');
  const ids = await subtreeIds(db, query.organisationId);
  const found = await db
    .select()
    .from(publications)
    .where(and(inArray(publications.organisationId, ids), eq(publications.state, 'held')))
    .orderBy(asc(publications.dueAt), asc(publications.id))
    .limit(1000);
  return found.map(presentPublication);
}

async function loadHeldForAction(tx: DbOrTx, caller: Caller, input: HeldActionInput): Promise<PublicationRow[]> {
  const reason = input.reason.trim();
  if (reason === '') throw badRequest('Say why.', [codedFieldError('reason', 'reason')]);
  const ids = [...new Set(input.publicationIds)];
  const found = await tx.select().from(publications).where(inArray(publications.id, ids)).for('update');
  if (found.length !== ids.length) throw notFound('Publication');
  for (const organisation of new Set(found.map((p) => p.organisationId))) await requireAccess(tx, caller, organisation, 'publishing.pause');
  const notHeld = found.filter((p) => p.state !== 'held');
  if (notHeld.length > 0) {
    throw conflict(
      'Only held publications can be handled here.',
      notHeld.map((p) => ({ path: `publicationIds.${ids.indexOf(p.id)}`, message: `is ${p.state}, not held` })),
    );
  }
  return found;
}

async function moveHeldBackToQueue(
  tx: DbOrTx,
  caller: Caller,
  input: HeldActionInput,
  action: 'resume' | 'reschedule',
): Promise<TPublication[]> {
  const found = await loadHeldForAction(tx, caller, input);
  const paused = await rows<{ id: string }>(
    tx,
    sql`SELECT id FROM publications WHERE id IN (${sql.join(
      found.map((p) => sql`${p.id}::uuid`),
      sql`, `,
    )})
          AND publishing_pause_for(organisation_id, channel_id) IS NOT NULL`,
  );
  if (paused.length > 0) {
    throw conflict(
      'A pause still covers some of these publications: lift it first.',
      paused.map((p) => ({ path: `publicationIds.${input.publicationIds.indexOf(p.id)}`, message: 'still paused' })),
    );
  }
  const moved: TPublication[] = [];
  for (const row of found) {
    const dueAt = input.dueAt ?? row.dueAt;
    const after = await moveState(tx, row.id, 'held', 'scheduled', { dueAt, heldByPauseId: null });
    if (!after) throw conflict('A publication changed meanwhile; reload and try again.');
    await recordAudit(tx, actorOf(caller), {
      organisationId: row.organisationId,
      action,
      entity: 'publication',
      entityId: row.id,
      before: { state: 'held', dueAt: row.dueAt.toISOString(), heldByPauseId: row.heldByPauseId },
      after: { state: 'scheduled', dueAt: dueAt.toISOString(), reason: input.reason.trim() },
    });
    moved.push(presentPublication(after));
  }
  return moved;
}

/** held → scheduled, at `dueAt` or the original time. */
export async function resumeHeld(db: DbOrTx, caller: Caller, input: HeldActionInput): Promise<TPublication[]> {
  return db.transaction((tx) => moveHeldBackToQueue(tx, caller, input, 'resume'));
}

/** held → scheduled at a new time, which must lie in the future. */
export async function rescheduleHeld(db: DbOrTx, caller: Caller, input: HeldActionInput & { dueAt: Date }): Promise<TPublication[]> {
  if (!(input.dueAt instanceof Date) || input.dueAt.getTime() <= Date.now()) {
    throw unprocessable('Choose a time in the future.', [codedFieldError('dueAt', 'in_future')]);
  }
  return db.transaction((tx) => moveHeldBackToQueue(tx, caller, input, 'reschedule'));
}

/** held → cancelled: it will never be sent. */
export async function cancelHeld(db: DbOrTx, caller: Caller, input: HeldActionInput): Promise<TPublication[]> {
  return db.transaction(async (tx) => {
    const found = await loadHeldForAction(tx, caller, input);
    const moved: TPublication[] = [];
    for (const row of found) {
      const after = await moveState(tx, row.id, 'held', 'cancelled', {});
      if (!after) throw conflict('A publication changed meanwhile; reload and try again.');
      await recordAudit(tx, actorOf(caller), {
        organisationId: row.organisationId,
        action: 'cancel',
        entity: 'publication',
        entityId: row.id,
        before: { state: 'held', dueAt: row.dueAt.toISOString(), heldByPauseId: row.heldByPauseId },
        after: { state: 'cancelled', reason: input.reason.trim() },
      });
      moved.push(presentPublication(after));
    }
    return moved;
  });
}
