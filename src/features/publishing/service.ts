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
  if (channel.status === 'archived') fields.push({ path: 'channelId', message: 'the channel is archived' });
  if (input.text.trim() === '' && media.length === 0) fields.push({ path: 'text', message: 'a post needs text or media' });
  media.forEach((m, i) => {
    if (m.altText.trim() === '')
      fields.push({ path: `media.${i}.altText`, message: 'every image or video needs a description (alt text)' });
  });
  const timeZone = input.timeZone ?? channel.timeZone;
  if (!isIanaTimeZone(timeZone)) fields.push({ path: 'timeZone', message: 'must be an IANA time zone such as Europe/Brussels' });
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
