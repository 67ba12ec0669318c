import { z } from 'zod';
import { ZFieldError } from '../../kit/http.js';
import { POST_STATES } from '../compose/schema.js';
import { LANGUAGES, NETWORKS } from '../registry/schema.js';

/** Calendar: posts with a planned time in [from, to), across the organisations the caller may read. */
export const ZCalendarQuery = z.object({
  /** Default: now. */
  from: z.iso.datetime({ offset: true }).optional(),
  /** Default: 31 days after `from`. */
  to: z.iso.datetime({ offset: true }).optional(),
  organisationId: z.string().uuid().optional(),
  channelId: z.string().uuid().optional(),
  network: z.enum(NETWORKS).optional(),
  language: z.enum(LANGUAGES).optional(),
  state: z.enum(POST_STATES).optional(),
  topic: z.string().max(200).optional(),
});
export type TCalendarQuery = z.infer<typeof ZCalendarQuery>;

export const ZCalendarEntry = z.object({
  postId: z.string(),
  organisationId: z.string(),
  organisationName: z.string(),
  /** The organisation's IANA zone: the calendar shows the post at this wall-clock time. */
  timeZone: z.string(),
  title: z.string(),
  excerpt: z.string(),
  topic: z.string().nullable(),
  state: z.enum(POST_STATES),
  plannedAt: z.date(),
  /** Wall-clock time in `timeZone`, 'YYYY-MM-DDTHH:MM', and that moment's offset ('+02:00'). */
  plannedLocal: z.string(),
  offset: z.string(),
  channels: z.array(z.object({ id: z.string(), network: z.enum(NETWORKS), handle: z.string(), languages: z.array(z.enum(LANGUAGES)) })),
  networks: z.array(z.enum(NETWORKS)),
  languages: z.array(z.enum(LANGUAGES)),
  publications: z.array(z.object({ id: z.string(), channelId: z.string(), state: z.string(), dueAt: z.date() })),
});
export type TCalendarEntry = z.infer<typeof ZCalendarEntry>;

export const ZCalendar = z.object({
  from: z.date(),
  to: z.date(),
  organisations: z.array(z.object({ id: z.string(), name: z.string(), timeZone: z.string() })),
  entries: z.array(ZCalendarEntry),
});
export type TCalendar = z.infer<typeof ZCalendar>;

export const ZRescheduleBody = z.object({
  postId: z.string().uuid(),
  /** '2030-04-02T09:30+02:00' (offset must match the zone), '…Z', or a wall-clock time in the organisation's zone. */
  plannedAt: z.string().min(10).max(40),
});

export const ZRescheduleResult = z.object({
  postId: z.string(),
  state: z.enum(POST_STATES),
  plannedAt: z.date(),
  plannedLocal: z.string(),
  offset: z.string(),
  timeZone: z.string(),
  movedPublicationIds: z.array(z.string()),
});

const ZTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)');
export const ZQueueSlot = z.object({ weekday: z.number().int().min(0).max(6), time: ZTime });
export const ZQueueSlots = z.object({ channelId: z.string(), timeZone: z.string(), slots: z.array(ZQueueSlot) });
export const ZQueueSlotsBody = z.object({ slots: z.array(ZQueueSlot).max(200) });
export type TQueueSlot = z.infer<typeof ZQueueSlot>;

export const ZNextFreeSlotQuery = z.object({ after: z.iso.datetime({ offset: true }).optional(), excludePostId: z.string().uuid().optional() });
export const ZNextFreeSlot = z.object({
  channelId: z.string(),
  timeZone: z.string(),
  slot: z.object({ at: z.date(), local: z.string(), offset: z.string(), weekday: z.number(), time: z.string() }).nullable(),
});

export const ZPlanImportQuery = z.object({
  organisationId: z.string().uuid(),
  /** Default true: nothing is written until dryRun=false. */
  dryRun: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
});
export const ZPlanImportReport = z.object({
  dryRun: z.boolean(),
  organisationId: z.string(),
  timeZone: z.string(),
  valid: z.number().int(),
  invalid: z.number().int(),
  created: z.number().int(),
  rows: z.array(
    z.object({
      line: z.number().int(),
      channel: z.string(),
      channelId: z.string().nullable(),
      plannedAt: z.date().nullable(),
      plannedLocal: z.string().nullable(),
      offset: z.string().nullable(),
      language: z.enum(LANGUAGES).nullable(),
      text: z.string(),
      ok: z.boolean(),
      errors: z.array(ZFieldError),
      postId: z.string().nullable(),
    }),
  ),
});
