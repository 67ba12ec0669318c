import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type Caller, requireAccess, subtreeIds } from '../../kit/access.js';
import { actorOf, recordAudit } from '../../kit/audit.js';
import { conflict, isUniqueViolation, notFound, unprocessable, type FieldError } from '../../kit/errors.js';
import { rows } from '../../kit/sql.js';
import { channels, type Language, organisations } from '../registry/schema.js';
import { contentSha256 } from './content.js';
import { type MediaRef, type PublicationRow, type PublicationState, publicationAttempts, publications } from './schema.js';
import type { TPublication, TPublicationListQuery } from './schemas.js';
import { codedFieldError } from '../../kit/field-errors.js';

/**
 * Publications as other features see them. Compose and approvals create publications through
 * `schedulePublication` (never by writing the table); the worker, reconcile and pause modules
 * move them (states.ts).
 */

export type ScheduleInput = {
  channelId: string;
  postId?: string | null;
  variantId?: string | null;
  text: string;
  language?: Language | null;
  media?: MediaRef[];
  /** The instant it is due (UTC). */
  dueAt: Date;
  /** IANA zone the time was chosen in; defaults to the organisation's. */
  timeZone?: string;
};

export function isIanaTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Creates a `scheduled` publication for one channel (or `held` when an active pause already
 * covers the channel). Checks registry.write on the channel's organisation; the idempotency key
 * is random and fixed here, for every attempt and reconcile of this publication. Audited.
 */
export async function schedulePublication(tx: DbOrTx, caller: Caller, input: ScheduleInput): Promise<PublicationRow> {
  const [channel] = await tx
    .select({ id: channels.id, organisationId: channels.organisationId, status: channels.status, timeZone: organisations.timeZone })
    .from(channels)
    .innerJoin(organisations, eq(organisations.id, channels.organisationId))
    .where(eq(channels.id, input.channelId));
  if (!channel) throw notFound('Channel');
  await requireAccess(tx, caller, channel.organisationId, 'registry.write');
  const media = input.media ?? [];
  const fields: FieldError[] = [];
  if (channel.status === 'archived') fields.push(codedFieldError('channelId', 'channel_archived'));
  if (input.text.trim() === '' && media.length === 0) fields.push(codedFieldError('text', 'text_or_media'));
  media.forEach((m, i) => {
    if (m.altText.trim() === '')
      fields.push(codedFieldError(`media.${i}.altText`, 'alt_text'));
  });
  const timeZone = input.timeZone ?? channel.timeZone;
  if (!isIanaTimeZone(timeZone)) fields.push(codedFieldError('timeZone', 'time_zone'));
  if (Number.isNaN(input.dueAt.getTime())) fields.push({ path: 'dueAt', message: 'must be a valid instant' });
  if (fields.length > 0) throw unprocessable('The publication cannot be scheduled.', fields);

  const [pause] = await rows<{ id: string | null }>(
    tx,
    sql`SELECT publishing_pause_for(${channel.organisationId}::uuid, ${channel.id}::uuid) AS id`,
  );
  const content = { text: input.text, language: input.language ?? null, media };
  let row: PublicationRow | undefined;
  try {
    [row] = await tx
      .insert(publications)
      .values({
        organisationId: channel.organisationId,
        channelId: channel.id,
        postId: input.postId ?? null,
        variantId: input.variantId ?? null,
        ...content,
        contentSha256: contentSha256(content),
        timeZone,
        dueAt: input.dueAt,
        idempotencyKey: randomUUID(),
        state: pause?.id ? 'held' : 'scheduled',
        heldByPauseId: pause?.id ?? null,
        createdBy: caller.userId,
      })
      .returning();
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('This variant is already scheduled on this channel.');
    throw error;
  }
  if (!row) throw new Error('insert returned nothing');
  await recordAudit(tx, actorOf(caller), {
    organisationId: row.organisationId,
    action: 'schedule',
    entity: 'publication',
    entityId: row.id,
    after: {
      channelId: row.channelId,
      dueAt: row.dueAt.toISOString(),
      timeZone: row.timeZone,
      state: row.state,
      contentSha256: row.contentSha256,
    },
  });
  return row;
}

export function presentPublication(row: PublicationRow): TPublication {
  const { idempotencyKey: _key, attemptId: _attempt, createdBy: _by, ...shown } = row;
  return shown;
}

/** Publications of an organisation and its subtree, newest due first (at most 500). */
export async function listPublications(db: DbOrTx, caller: Caller, query: TPublicationListQuery): Promise<TPublication[]> {
  await requireAccess(db, caller, query.organisationId, 'publishing.read');
  const ids = await subtreeIds(db, query.organisationId);
  const found = await db
    .select()
    .from(publications)
    .where(
      and(inArray(publications.organisationId, ids), query.state ? eq(publications.state, query.state as PublicationState) : undefined),
    )
    .orderBy(desc(publications.dueAt), asc(publications.id))
    .limit(500);
  return found.map(presentPublication);
}

/** One publication with its attempts log, oldest attempt first. */
export async function getPublication(db: DbOrTx, caller: Caller, id: string) {
  const [row] = await db.select().from(publications).where(eq(publications.id, id));
  if (!row) throw notFound('Publication');
  await requireAccess(db, caller, row.organisationId, 'publishing.read');
  const attempts = await db
    .select()
    .from(publicationAttempts)
    .where(eq(publicationAttempts.publicationId, id))
    .orderBy(asc(publicationAttempts.id));
  return { ...presentPublication(row), attempts: attempts.map(({ publicationId: _p, ...a }) => a) };
}

/** States a planner may still move in time; anything else has left (or is leaving) Kanaal. */
const MOVABLE_STATES: readonly PublicationState[] = ['scheduled', 'held'];
const SETTLED_STATES: readonly PublicationState[] = ['cancelled'];

/**
 * Moves every live publication of a post to `dueAt` (planning: drag on the calendar), in the
 * caller's transaction. Scheduled rows stay scheduled and held rows stay held (a pause still
 * decides). Refuses (409, nothing moved) when any row is publishing, published, unconfirmed or
 * failed; cancelled rows are left alone. Needs compose.write on each row's organisation. Audited.
 */
export async function movePublicationsOfPost(tx: DbOrTx, caller: Caller, postId: string, dueAt: Date, timeZone: string): Promise<PublicationRow[]> {
  const found = await tx.select().from(publications).where(eq(publications.postId, postId)).orderBy(asc(publications.id)).for('update');
  const live = found.filter((p) => !SETTLED_STATES.includes(p.state));
  for (const organisation of new Set(live.map((p) => p.organisationId))) await requireAccess(tx, caller, organisation, 'compose.write');
  const stuck = live.filter((p) => !MOVABLE_STATES.includes(p.state));
  if (stuck.length > 0) {
    throw conflict(
      'Some publications of this post have already gone out or are going out; they cannot be moved.',
      stuck.map((p) => ({ path: `publications.${p.id}`, message: `is ${p.state}` })),
    );
  }
  const moved: PublicationRow[] = [];
  for (const row of live) {
    const [after] = await tx
      .update(publications)
      .set({ dueAt, timeZone, updatedAt: sql`now()` })
      .where(and(eq(publications.id, row.id), inArray(publications.state, [...MOVABLE_STATES])))
      .returning();
    if (!after) throw conflict('A publication changed meanwhile; reload and try again.');
    await recordAudit(tx, actorOf(caller), {
      organisationId: row.organisationId,
      action: 'reschedule',
      entity: 'publication',
      entityId: row.id,
      before: { state: row.state, dueAt: row.dueAt.toISOString(), timeZone: row.timeZone },
      after: { state: after.state, dueAt: after.dueAt.toISOString(), timeZone: after.timeZone },
    });
    moved.push(after);
  }
  return moved;
}

export type PublicationSlot = { id: string; postId: string | null; channelId: string; state: PublicationState; dueAt: Date };

/**
 * Publications (not cancelled or failed) of some posts and/or on some channels, for planning's
 * calendar and "next free slot": ids, states and due times only. Access is the caller's concern.
 */
export async function listPublicationSlots(
  db: DbOrTx,
  where: { postIds?: string[]; channelId?: string; dueFrom?: Date; dueTo?: Date },
): Promise<PublicationSlot[]> {
  if (where.postIds && where.postIds.length === 0) return [];
  return db
    .select({ id: publications.id, postId: publications.postId, channelId: publications.channelId, state: publications.state, dueAt: publications.dueAt })
    .from(publications)
    .where(
      and(
        sql`${publications.state} NOT IN ('cancelled', 'failed')`,
        where.postIds ? inArray(publications.postId, where.postIds) : undefined,
        where.channelId ? eq(publications.channelId, where.channelId) : undefined,
        where.dueFrom ? sql`${publications.dueAt} >= ${where.dueFrom.toISOString()}::timestamptz` : undefined,
        where.dueTo ? sql`${publications.dueAt} < ${where.dueTo.toISOString()}::timestamptz` : undefined,
      ),
    )
    .orderBy(asc(publications.dueAt), asc(publications.id));
}
