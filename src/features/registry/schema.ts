import { sql } from 'drizzle-orm';
import { boolean, date, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';

export const LANGUAGES = ['nl', 'fr', 'de', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export type LocalisedNames = Partial<Record<Language, string>>;

export const NETWORKS = [
  'mastodon',
  'bluesky',
  'x',
  'facebook',
  'instagram',
  'threads',
  'linkedin',
  'youtube',
  'viva_engage',
  'website',
  'other',
] as const;
export type Network = (typeof NETWORKS)[number];

export const CHANNEL_STATUSES = ['active', 'dormant', 'archived'] as const;
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number];
export const VISIBILITIES = ['public', 'internal'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
export const FOLLOWER_UNITS = ['followers', 'fans', 'members', 'subscribers', 'videos'] as const;
export type FollowerUnit = (typeof FOLLOWER_UNITS)[number];

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const organisations = pgTable('organisations', {
  id: uuid('id').primaryKey().defaultRandom(),
  parentId: uuid('parent_id').references((): AnyPgColumn => organisations.id, { onDelete: 'restrict' }),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  names: jsonb('names').$type<LocalisedNames>().notNull().default({}),
  shortName: text('short_name'),
  website: text('website'),
  timeZone: text('time_zone').notNull().default('Europe/Brussels'),
  defaultLanguage: text('default_language').$type<Language>().notNull().default('nl'),
  isDemo: boolean('is_demo').notNull().default(false),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const audiences = pgTable(
  'audiences',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    names: jsonb('names').$type<LocalisedNames>().notNull().default({}),
    isDemo: boolean('is_demo').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [unique().on(t.organisationId, t.slug)],
);

export const channels = pgTable('channels', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id')
    .notNull()
    .references(() => organisations.id, { onDelete: 'restrict' }),
  network: text('network').$type<Network>().notNull(),
  handle: text('handle').notNull(),
  displayName: text('display_name'),
  profileUrl: text('profile_url'),
  languages: text('languages').array().$type<Language[]>().notNull().default(sql`'{}'`),
  purpose: text('purpose'),
  visibility: text('visibility').$type<Visibility>().notNull().default('public'),
  ownerTeam: text('owner_team'),
  status: text('status').$type<ChannelStatus>().notNull().default('active'),
  followerCount: integer('follower_count'),
  followerUnit: text('follower_unit').$type<FollowerUnit>().notNull().default('followers'),
  followersMeasuredOn: date('followers_measured_on', { mode: 'string' }),
  isDemo: boolean('is_demo').notNull().default(false),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const channelAudiences = pgTable(
  'channel_audiences',
  {
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    audienceId: uuid('audience_id')
      .notNull()
      .references(() => audiences.id, { onDelete: 'cascade' }),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.audienceId] })],
);

export const followerMeasurements = pgTable(
  'follower_measurements',
  {
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    measuredOn: date('measured_on', { mode: 'string' }).notNull(),
    followerCount: integer('follower_count').notNull(),
    source: text('source').notNull().default('manual'),
  },
  (t) => [primaryKey({ columns: [t.channelId, t.measuredOn] })],
);
