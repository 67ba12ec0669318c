import type { ContentLanguage, FieldError, Network, PostState } from '../../api/types.js';

/** The API's shapes for the calendar, queue slots and plan imports (src/features/planning/schemas.ts). */

export type CalendarView = 'month' | 'week' | 'list';
export type CalendarEntry = {
  postId: string;
  organisationId: string;
  organisationName: string;
  timeZone: string;
  title: string;
  excerpt: string;
  topic: string | null;
  state: PostState;
  plannedAt: string;
  /** Wall-clock 'YYYY-MM-DDTHH:MM' in the organisation's zone. */
  plannedLocal: string;
  offset: string;
  channels: { id: string; network: Network; handle: string; languages: ContentLanguage[] }[];
  networks: Network[];
  languages: ContentLanguage[];
  publications: { id: string; channelId: string; state: string; dueAt: string }[];
};
export type CalendarData = {
  from: string;
  to: string;
  organisations: { id: string; name: string; timeZone: string }[];
  entries: CalendarEntry[];
};
export type CalendarQuery = {
  from: string;
  to: string;
  organisationId?: string;
  network?: Network;
  language?: ContentLanguage;
  state?: PostState;
  topic?: string;
};
export type RescheduleResult = {
  postId: string;
  state: PostState;
  plannedAt: string;
  plannedLocal: string;
  offset: string;
  timeZone: string;
  movedPublicationIds: string[];
};
/** A weekly queue slot: weekday 0 (Sunday) to 6 and a wall-clock 'HH:MM' in the organisation's zone. */
export type QueueSlot = { weekday: number; time: string };
export type QueueSlots = { channelId: string; timeZone: string; slots: QueueSlot[] };
export type NextFreeSlot = {
  channelId: string;
  timeZone: string;
  /** `local` is the wall-clock 'YYYY-MM-DDTHH:MM' in `timeZone`; null when no slot is free within a year. */
  slot: { at: string; local: string; offset: string; weekday: number; time: string } | null;
};
export type PlanImportReport = {
  dryRun: boolean;
  organisationId: string;
  timeZone: string;
  valid: number;
  invalid: number;
  created: number;
  rows: {
    line: number;
    channel: string;
    channelId: string | null;
    plannedAt: string | null;
    plannedLocal: string | null;
    offset: string | null;
    language: ContentLanguage | null;
    text: string;
    ok: boolean;
    errors: FieldError[];
    postId: string | null;
  }[];
};
