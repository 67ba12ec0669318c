import { sql } from 'drizzle-orm';
import { bigint, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Language } from '../registry/schema.js';
import type { LintSettings } from './lint.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const POST_STATES = ['draft', 'in_review', 'approved', 'scheduled', 'published', 'cancelled'] as const;
export type PostState = (typeof POST_STATES)[number];
export type AltTexts = Partial<Record<Language, string>>;

/** UTM settings of an organisation; per channel, `false` turns tagging off and an object overrides tags. */
export type UtmSettings = {
  enabled?: boolean;
  medium?: string;
  /** Campaign name; defaults to the post's topic, else its title (slugified). */
  campaign?: string;
  /** Only tag links to these hosts; default: the organisation's website when set, else every link. */
  onlyHosts?: string[];
  channels?: Record<string, false | { source?: string; medium?: string; campaign?: string; content?: string }>;
};

export const posts = pgTable('posts', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull(),
  title: text('title').notNull().default(''),
  baseText: text('base_text').notNull().default(''),
  topic: text('topic'),
  state: text('state').$type<PostState>().notNull().default('draft'),
  plannedAt: ts('planned_at'),
  timeZone: text('time_zone').notNull(),
  version: integer('version').notNull().default(1),
  submittedAt: ts('submitted_at'),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
export type PostRow = typeof posts.$inferSelect;

export const postTexts = pgTable(
  'post_texts',
  {
    postId: uuid('post_id').notNull(),
    language: text('language').$type<Language>().notNull(),
    text: text('text').notNull(),
  },
  (t) => [primaryKey({ columns: [t.postId, t.language] })],
);

export const postChannels = pgTable(
  'post_channels',
  {
    postId: uuid('post_id').notNull(),
    channelId: uuid('channel_id').notNull(),
    position: integer('position').notNull().default(0),
    textOverride: text('text_override'),
    mediaIds: uuid('media_ids').array().notNull().default(sql`'{}'`),
  },
  (t) => [primaryKey({ columns: [t.postId, t.channelId] })],
);

export const mediaAssets = pgTable('media_assets', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull(),
  fileName: text('file_name').notNull(),
  mimeType: text('mime_type').notNull(),
  byteSize: bigint('byte_size', { mode: 'number' }).notNull(),
  sha256: text('sha256').notNull(),
  storageKey: text('storage_key').notNull(),
  altTexts: jsonb('alt_texts').$type<AltTexts>().notNull().default({}),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});
export type MediaAssetRow = typeof mediaAssets.$inferSelect;

export const composeSettings = pgTable('compose_settings', {
  organisationId: uuid('organisation_id').primaryKey(),
  lint: jsonb('lint').$type<Partial<LintSettings>>().notNull().default({}),
  utm: jsonb('utm').$type<UtmSettings>().notNull().default({}),
  updatedBy: uuid('updated_by'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
