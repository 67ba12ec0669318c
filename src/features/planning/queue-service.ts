import { asc, eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { type Caller, requireAccess } from '../../kit/access.js';
import { actorOf, recordAudit } from '../../kit/audit.js';
import { notFound } from '../../kit/errors.js';
import { listPostsPlannedBetween } from '../compose/service.js';
import { listPublicationSlots } from '../publishing/service.js';
import { channels, organisations } from '../registry/schema.js';
import { channelQueueSlots } from './schema.js';
import type { TQueueSlot } from './schemas.js';
import { addDays, slotInstant, wallClock } from './zoned.js';

/**
 * Queue slots: wall-clock times per weekday at which a channel usually posts, read in the
 * organisation's time zone, so "Tuesday 09:30" stays 09:30 across daylight-saving changes.
 */

/** How far ahead "next free slot" looks before answering "none". */
const HORIZON_DAYS = 366;

async function loadChannel(db: DbOrTx, caller: Caller, channelId: string, capability: 'compose.read' | 'registry.write') {
  const [channel] = await db
    .select({ id: channels.id, organisationId: channels.organisationId, timeZone: organisations.timeZone })
    .from(channels)
    .innerJoin(organisations, eq(organisations.id, channels.organisationId))
    .where(eq(channels.id, channelId));
  if (!channel) throw notFound('Channel');
  await requireAccess(db, caller, channel.organisationId, capability);
  return channel;
}

async function slotsOf(db: DbOrTx, channelId: string): Promise<TQueueSlot[]> {
  const found = await db
    .select()
    .from(channelQueueSlots)
    .where(eq(channelQueueSlots.channelId, channelId))
    .orderBy(asc(channelQueueSlots.weekday), asc(channelQueueSlots.localTime));
  return found.map((s) => ({ weekday: s.weekday, time: s.localTime }));
}

/** The channel's queue slots (compose.read). */
export async function getQueueSlots(db: DbOrTx, caller: Caller, channelId: string) {
  const channel = await loadChannel(db, caller, channelId, 'compose.read');
  return { channelId, timeZone: channel.timeZone, slots: await slotsOf(db, channelId) };
}

/** Replaces the channel's queue slots (registry.write: they are channel settings). Audited. */
export async function putQueueSlots(db: Db, caller: Caller, channelId: string, slots: TQueueSlot[]) {
  return db.transaction(async (tx) => {
    const channel = await loadChannel(tx, caller, channelId, 'registry.write');
    const before = await slotsOf(tx, channelId);
    const unique = [...new Map(slots.map((s) => [`${s.weekday} ${s.time}`, s])).values()];
    await tx.delete(channelQueueSlots).where(eq(channelQueueSlots.channelId, channelId));
    if (unique.length > 0) {
      await tx.insert(channelQueueSlots).values(unique.map((s) => ({ channelId, weekday: s.weekday, localTime: s.time })));
    }
    const after = await slotsOf(tx, channelId);
    await recordAudit(tx, actorOf(caller), {
      organisationId: channel.organisationId,
      action: 'update',
      entity: 'channel_queue_slots',
      entityId: channelId,
      before: { slots: before },
      after: { slots: after },
    });
    return { channelId, timeZone: channel.timeZone, slots: after };
  });
}

/**
 * The first queue slot strictly after `after` that no post planned on the channel and no live
 * publication on it already occupies (same minute). Slots are wall-clock times in the
 * organisation's zone: a slot inside the spring-forward gap does not happen that night; in the
 * autumn overlap it happens once, at the earlier instant. Null when there are no slots or none is
 * free within a year. `excludePostId`: the post being scheduled, whose own time does not count as taken.
 */
export async function nextFreeSlot(db: DbOrTx, caller: Caller, channelId: string, after: Date, excludePostId?: string) {
  const channel = await loadChannel(db, caller, channelId, 'compose.read');
  const slots = await slotsOf(db, channelId);
  const answer = { channelId, timeZone: channel.timeZone, slot: null as null | { at: Date; local: string; offset: string; weekday: number; time: string } };
  if (slots.length === 0) return answer;
  const until = new Date(after.getTime() + (HORIZON_DAYS + 2) * 86_400_000);
  const minute = (d: Date) => Math.floor(d.getTime() / 60_000);
  const taken = new Set<number>();
  const planned = await listPostsPlannedBetween(db, { organisationIds: [channel.organisationId], from: after, to: until, channelId, limit: 10_000 });
  for (const p of planned) if (p.state !== 'cancelled' && p.id !== excludePostId) taken.add(minute(p.plannedAt));
  for (const p of await listPublicationSlots(db, { channelId, dueFrom: after, dueTo: until })) if (p.postId !== excludePostId) taken.add(minute(p.dueAt));

  const start = wallClock(after, channel.timeZone).date;
  for (let day = 0; day <= HORIZON_DAYS; day++) {
    const date = addDays(start, day);
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    for (const slot of slots.filter((s) => s.weekday === weekday)) {
      const at = slotInstant(date, slot.time, channel.timeZone);
      if (!at || at <= after || taken.has(minute(at))) continue;
      const wall = wallClock(at, channel.timeZone);
      answer.slot = { at, local: wall.local, offset: wall.offset, weekday, time: slot.time };
      return answer;
    }
  }
  return answer;
}

