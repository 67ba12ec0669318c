import { asc, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { accessibleOrganisationIds, type Caller, requireAccess, subtreeIds } from '../../kit/access.js';
import { actorOf, recordAudit } from '../../kit/audit.js';
import { badRequest, conflict, unprocessable } from '../../kit/errors.js';
import { parsePlannedTime } from '../compose/local-time.js';
import { listPostsPlannedBetween, loadPost, setPlannedAt } from '../compose/service.js';
import { listPublicationSlots, movePublicationsOfPost } from '../publishing/service.js';
import { type Language, type Network, organisations } from '../registry/schema.js';
import type { TCalendar, TCalendarEntry, TCalendarQuery } from './schemas.js';
import { wallClock } from './zoned.js';
import { codedFieldError } from '../../kit/field-errors.js';

/**
 * The editorial calendar. Planning reads posts through compose's range query
 * (listPostsPlannedBetween), changes them only through compose's service, and publications only
 * through publishing's.
 */

const MAX_RANGE_DAYS = 100;
const MAX_ENTRIES = 2000;

/** Posts planned in [from, to) in every organisation the caller may read (or one subtree), filtered. */
export async function listCalendar(db: DbOrTx, caller: Caller, query: TCalendarQuery): Promise<TCalendar> {
  const from = query.from ? new Date(query.from) : new Date();
  const to = query.to ? new Date(query.to) : new Date(from.getTime() + 31 * 86_400_000);
  if (!(to > from)) throw badRequest('The range is empty.', [{ path: 'to', message: 'must be after from' }]);
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
    throw badRequest(`Ask for at most ${MAX_RANGE_DAYS} days at once.`, [{ path: 'to', message: `at most ${MAX_RANGE_DAYS} days after from` }]);
  }
  let orgIds: string[];
  if (query.organisationId) {
    await requireAccess(db, caller, query.organisationId, 'compose.read');
    orgIds = await subtreeIds(db, query.organisationId);
  } else {
    orgIds = await accessibleOrganisationIds(db, caller, 'compose.read');
  }
  const orgRows = orgIds.length
    ? await db
        .select({ id: organisations.id, name: organisations.name, timeZone: organisations.timeZone })
        .from(organisations)
        .where(inArray(organisations.id, orgIds))
        .orderBy(asc(organisations.name))
    : [];
  if (orgRows.length === 0) return { from, to, organisations: [], entries: [] };

  const found = await listPostsPlannedBetween(db, {
    organisationIds: orgRows.map((o) => o.id),
    from,
    to,
    state: query.state,
    topic: query.topic,
    channelId: query.channelId,
    network: query.network,
    language: query.language,
    limit: MAX_ENTRIES,
  });
  const slots = await listPublicationSlots(db, { postIds: found.map((p) => p.id) });
  const orgById = new Map(orgRows.map((o) => [o.id, o]));

  const entries = found.flatMap((post): TCalendarEntry[] => {
    const org = orgById.get(post.organisationId);
    if (!org) return [];
    const languages = new Set<Language>([...post.textLanguages, ...post.channels.flatMap((c) => c.languages)]);
    const wall = wallClock(post.plannedAt, org.timeZone);
    return [
      {
        postId: post.id,
        organisationId: org.id,
        organisationName: org.name,
        timeZone: org.timeZone,
        title: post.title,
        excerpt: post.baseText.slice(0, 140),
        topic: post.topic,
        state: post.state,
        plannedAt: post.plannedAt,
        plannedLocal: wall.local,
        offset: wall.offset,
        channels: post.channels,
        networks: [...new Set<Network>(post.channels.map((c) => c.network))],
        languages: [...languages].sort(),
        publications: slots.filter((s) => s.postId === post.id).map((s) => ({ id: s.id, channelId: s.channelId, state: s.state, dueAt: s.dueAt })),
      },
    ];
  });
  return { from, to, organisations: orgRows, entries };
}

const PLANNABLE = ['draft', 'in_review', 'approved', 'scheduled'] as const;

/**
 * Moves a post to another time (drag on the calendar, or the "Move…" dialog). The time is read in
 * the organisation's zone (a time in the spring-forward gap, or an offset that zone does not have
 * then, is a 422). A scheduled post's publications move with it in the same transaction; a post
 * whose publications have gone out (or are going) is refused whole. Needs compose.write. Audited.
 */
export async function reschedulePost(db: Db, caller: Caller, input: { postId: string; plannedAt: string }, now = new Date()) {
  return db.transaction(async (tx) => {
    const { post } = await loadPost(tx, input.postId, { forUpdate: true });
    await requireAccess(tx, caller, post.organisationId, 'compose.write');
    if (!(PLANNABLE as readonly string[]).includes(post.state)) throw conflict(`A ${post.state} post cannot be moved.`);
    const [org] = await tx.select({ timeZone: organisations.timeZone }).from(organisations).where(eq(organisations.id, post.organisationId));
    const timeZone = org?.timeZone ?? post.timeZone;
    const planned = parsePlannedTime(input.plannedAt, timeZone);
    if (!planned.ok) throw unprocessable('The planned time cannot be used.', [{ ...planned.problem, path: 'plannedAt' }]);
    if (planned.instant.getTime() <= now.getTime()) {
      throw unprocessable('Choose a time in the future.', [codedFieldError('plannedAt', 'in_future')]);
    }
    const moved = post.state === 'scheduled' ? await movePublicationsOfPost(tx, caller, post.id, planned.instant, timeZone) : [];
    await setPlannedAt(tx, post.id, planned.instant, timeZone);
    await recordAudit(tx, actorOf(caller), {
      organisationId: post.organisationId,
      action: 'reschedule',
      entity: 'post',
      entityId: post.id,
      before: { plannedAt: post.plannedAt?.toISOString() ?? null, timeZone: post.timeZone },
      after: { plannedAt: planned.instant.toISOString(), timeZone, publicationIds: moved.map((p) => p.id) },
    });
    const wall = wallClock(planned.instant, timeZone);
    return {
      postId: post.id,
      state: post.state,
      plannedAt: planned.instant,
      plannedLocal: wall.local,
      offset: wall.offset,
      timeZone,
      movedPublicationIds: moved.map((p) => p.id),
    };
  });
}
