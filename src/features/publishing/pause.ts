import { eq, inArray, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../db/client.js';
import { accessibleOrganisationIds, type Caller, requireAccess } from '../../kit/access.js';
import { actorOf, recordAudit } from '../../kit/audit.js';
import { badRequest, conflict, forbidden, notFound } from '../../kit/errors.js';
import { rows } from '../../kit/sql.js';
import { channels } from '../registry/schema.js';
import { publishingPauses } from './schema.js';
import type { TPause, TPauseCreate } from './schemas.js';
import { withSendGateExclusive } from './send-gate.js';
import { codedFieldError } from '../../kit/field-errors.js';

/**
 * Crisis pause (DESIGN.md §4, docs/publishing.md). A pause is committed while holding the send
 * gate exclusively: it waits for sends in flight, and from its commit on the claim refuses every
 * row it covers and every worker re-checking inside the gate sees it. In the same transaction the
 * `scheduled` rows it covers become `held`. Lifting a pause does not release held rows: a person
 * resumes, reschedules or cancels them (held.ts).
 */

type PauseRow = typeof publishingPauses.$inferSelect;

/** Who may pause or lift: superadmin for `all`; `publishing.pause` on the organisation or on every channel's organisation. */
async function requirePauseAccess(
  db: DbOrTx,
  caller: Caller,
  scope: PauseRow['scope'],
  organisationId: string | null,
  channelIds: readonly string[],
): Promise<void> {
  if (scope === 'all') {
    if (!caller.isSuperadmin) throw forbidden('Only an installation administrator can pause every organisation.');
    return;
  }
  if (scope === 'organisation') {
    if (!organisationId)
      throw badRequest('Name the organisation to pause.', [{ path: 'organisationId', message: 'required for scope organisation' }]);
    await requireAccess(db, caller, organisationId, 'publishing.pause');
    return;
  }
  if (channelIds.length === 0)
    throw badRequest('Name the channels to pause.', [{ path: 'channelIds', message: 'required for scope channels' }]);
  const found = await db
    .select({ id: channels.id, organisationId: channels.organisationId })
    .from(channels)
    .where(inArray(channels.id, [...channelIds]));
  if (found.length !== new Set(channelIds).size) throw notFound('Channel');
  for (const organisation of new Set(found.map((c) => c.organisationId))) await requireAccess(db, caller, organisation, 'publishing.pause');
}

/**
 * Pauses publishing for a scope. When this returns, no post in scope leaves any more: sends that
 * were in flight have finished (they were recorded before the commit), and due rows in scope are
 * `held`. Audited with the held publication ids.
 */
export async function pausePublishing(database: Database, caller: Caller, input: TPauseCreate): Promise<TPause> {
  const reason = input.reason.trim();
  if (reason === '') throw badRequest('Say why publishing is paused.', [codedFieldError('reason', 'reason')]);
  const channelIds = input.scope === 'channels' ? [...new Set(input.channelIds ?? [])] : [];
  const organisationId = input.scope === 'all' ? null : (input.organisationId ?? null);
  // Refuse before waiting on the gate: a refusal should not wait for sends in flight.
  await requirePauseAccess(database.db, caller, input.scope, organisationId, channelIds);

  const { pause, held } = await withSendGateExclusive(database, async (tx) => {
    // clock_timestamp(): the moment the gate was ours, after every send in flight was recorded.
    const [pause] = await tx
      .insert(publishingPauses)
      .values({ scope: input.scope, organisationId, channelIds, reason, createdBy: caller.userId, createdAt: sql`clock_timestamp()` })
      .returning();
    if (!pause) throw new Error('insert returned nothing');
    const held = await rows<{ id: string }>(
      tx,
      sql`UPDATE publications
             SET state = 'held', held_by_pause_id = publishing_pause_for(organisation_id, channel_id), updated_at = now()
           WHERE state = 'scheduled' AND publishing_pause_for(organisation_id, channel_id) IS NOT NULL
       RETURNING id`,
    );
    await recordAudit(tx, actorOf(caller), {
      organisationId,
      action: 'pause',
      entity: 'publishing_pause',
      entityId: pause.id,
      after: { scope: pause.scope, organisationId, channelIds, reason, heldPublicationIds: held.map((h) => h.id).sort() },
    });
    return { pause, held };
  });
  return { ...(await presentPauses(database.db, [pause]))[0], heldCount: held.length } as TPause;
}

/** Lifts an active pause (same rights as pausing). Held rows stay held. Audited. */
export async function liftPause(db: DbOrTx, caller: Caller, id: string, input: { reason: string }): Promise<TPause> {
  const [pause] = await db.select().from(publishingPauses).where(eq(publishingPauses.id, id));
  if (!pause) throw notFound('Pause');
  await requirePauseAccess(db, caller, pause.scope, pause.organisationId, pause.channelIds);
  const reason = input.reason.trim();
  if (reason === '') throw badRequest('Say why the pause is lifted.', [codedFieldError('reason', 'reason')]);
  return db.transaction(async (tx) => {
    const [lifted] = await tx
      .update(publishingPauses)
      .set({ liftedAt: sql`clock_timestamp()`, liftedBy: caller.userId, liftReason: reason })
      .where(sql`${publishingPauses.id} = ${id} AND ${publishingPauses.liftedAt} IS NULL`)
      .returning();
    if (!lifted) throw conflict('This pause was already lifted.');
    await recordAudit(tx, actorOf(caller), {
      organisationId: lifted.organisationId,
      action: 'lift',
      entity: 'publishing_pause',
      entityId: lifted.id,
      before: { liftedAt: null },
      after: { liftedAt: lifted.liftedAt?.toISOString(), liftReason: reason },
    });
    const [shown] = await presentPauses(tx, [lifted]);
    return shown as TPause;
  });
}

/**
 * Pauses the caller can see (for the banner): `all` pauses, pauses of an organisation that is an
 * ancestor of (or is) one the caller can read, and channel pauses touching such organisations.
 */
export async function listPauses(db: DbOrTx, caller: Caller, query: { active?: boolean }): Promise<TPause[]> {
  const readable = await accessibleOrganisationIds(db, caller, 'publishing.read');
  const readableList = sql`ARRAY[${sql.join([sql`NULL::uuid`, ...readable.map((id) => sql`${id}::uuid`)], sql`, `)}]`;
  const found = await rows<{ id: string }>(
    db,
    sql`WITH RECURSIVE up AS (
          SELECT id, parent_id FROM organisations WHERE id = ANY (${readableList})
          UNION
          SELECT o.id, o.parent_id FROM organisations o JOIN up ON o.id = up.parent_id
        )
        SELECT pp.id FROM publishing_pauses pp
         WHERE (${query.active === undefined} OR (pp.lifted_at IS NULL) = ${query.active ?? true})
           AND (pp.scope = 'all'
                OR pp.organisation_id IN (SELECT id FROM up)
                OR EXISTS (SELECT 1 FROM channels c WHERE c.id = ANY (pp.channel_ids) AND c.organisation_id = ANY (${readableList})))
         ORDER BY pp.created_at DESC
         LIMIT 200`,
  );
  if (found.length === 0) return [];
  const pauses = await db
    .select()
    .from(publishingPauses)
    .where(
      inArray(
        publishingPauses.id,
        found.map((f) => f.id),
      ),
    );
  const shown = await presentPauses(db, pauses);
  return shown.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
}

async function presentPauses(db: DbOrTx, pauses: PauseRow[]): Promise<TPause[]> {
  if (pauses.length === 0) return [];
  const ids = pauses.map((p) => p.id);
  const extra = await rows<{ id: string; organisation_name: string | null; created_by_name: string | null; held_count: number | string }>(
    db,
    sql`SELECT pp.id, o.name AS organisation_name, u.name AS created_by_name,
               (SELECT count(*) FROM publications p WHERE p.held_by_pause_id = pp.id AND p.state = 'held') AS held_count
          FROM publishing_pauses pp
          LEFT JOIN organisations o ON o.id = pp.organisation_id
          LEFT JOIN users u ON u.id = pp.created_by
         WHERE pp.id IN (${sql.join(
           ids.map((id) => sql`${id}::uuid`),
           sql`, `,
         )})`,
  );
  const byId = new Map(extra.map((e) => [e.id, e]));
  return pauses.map((p) => ({
    ...p,
    organisationName: byId.get(p.id)?.organisation_name ?? null,
    createdByName: byId.get(p.id)?.created_by_name ?? null,
    heldCount: Number(byId.get(p.id)?.held_count ?? 0),
  }));
}
