import { pgTable, primaryKey, smallint, text, uuid } from 'drizzle-orm/pg-core';

/** Queue slots of a channel: weekday (0 = Sunday) and a wall-clock 'HH:MM' in the organisation's zone. */
export const channelQueueSlots = pgTable(
  'channel_queue_slots',
  {
    channelId: uuid('channel_id').notNull(),
    weekday: smallint('weekday').notNull(),
    localTime: text('local_time').notNull(),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.weekday, t.localTime] })],
);
export type QueueSlotRow = typeof channelQueueSlots.$inferSelect;
