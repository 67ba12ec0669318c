import { bigint, boolean, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import type { FiredTerm } from './matcher/index.js';
import type { SourceErrorCode, SourceErrorParams } from './sources/error-text.js';
import type { SourceKind } from './sources/item.js';

/** Listening: sources, watchlists, mentions, matches (migration 0008_listening.sql, later ones add to it). */

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const SOURCE_KINDS = ['feed', 'page', 'mastodon', 'bluesky', 'own_mentions'] as const satisfies readonly SourceKind[];

export const listeningSettings = pgTable('listening_settings', {
  organisationId: uuid('organisation_id').primaryKey(),
  retentionDays: integer('retention_days').notNull().default(365),
  watchlistVersion: bigint('watchlist_version', { mode: 'number' }).notNull().default(0),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const listeningSources = pgTable('listening_sources', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull(),
  kind: text('kind').$type<SourceKind>().notNull(),
  name: text('name').notNull(),
  settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
  active: boolean('active').notNull().default(true),
  pollIntervalSeconds: integer('poll_interval_seconds').notNull().default(900),
  silentAfterHours: integer('silent_after_hours'),
  state: jsonb('state').$type<Record<string, unknown>>().notNull().default({}),
  lastPolledAt: ts('last_polled_at'),
  readingUntil: ts('reading_until'),
  lastSuccessAt: ts('last_success_at'),
  /** The English sentence of the code below (or, written before codes existed, alone). */
  lastError: text('last_error'),
  lastErrorCode: text('last_error_code').$type<SourceErrorCode>(),
  lastErrorParams: jsonb('last_error_params').$type<SourceErrorParams>(),
  lastErrorAt: ts('last_error_at'),
  lastItemAt: ts('last_item_at'),
  itemsSeen: bigint('items_seen', { mode: 'number' }).notNull().default(0),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
export type ListeningSourceRow = typeof listeningSources.$inferSelect;

export const watchlists = pgTable(
  'watchlists',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull(),
    name: text('name').notNull(),
    query: text('query').notNull(),
    active: boolean('active').notNull().default(true),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [unique().on(t.organisationId, t.name)],
);
export type WatchlistRow = typeof watchlists.$inferSelect;

export const mentions = pgTable(
  'mentions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull(),
    dedupKey: text('dedup_key').notNull(),
    /** The source that brought it first (no foreign key); later ones are in mention_sources. */
    sourceId: uuid('source_id'),
    kind: text('kind').$type<SourceKind>().notNull(),
    externalId: text('external_id').notNull(),
    url: text('url'),
    author: text('author'),
    authorDisplayName: text('author_display_name'),
    title: text('title'),
    text: text('text').notNull(),
    language: text('language'),
    // regconfig: read and written as its name ('dutch', 'simple').
    searchConfig: text('search_config').notNull().default('simple'),
    publishedAt: ts('published_at'),
    occurredAt: ts('occurred_at').notNull(),
    seenAt: ts('seen_at').notNull().defaultNow(),
  },
  (t) => [unique().on(t.organisationId, t.dedupKey)],
);
export type MentionRow = typeof mentions.$inferSelect;

export const mentionSources = pgTable(
  'mention_sources',
  {
    mentionId: uuid('mention_id').notNull(),
    sourceId: uuid('source_id').notNull(),
    externalId: text('external_id').notNull(),
    seenAt: ts('seen_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.mentionId, t.sourceId] })],
);

export const mentionMatches = pgTable(
  'mention_matches',
  {
    mentionId: uuid('mention_id').notNull(),
    watchlistId: uuid('watchlist_id').notNull(),
    organisationId: uuid('organisation_id').notNull(),
    fired: jsonb('fired').$type<FiredTerm[]>().notNull(),
    occurredAt: ts('occurred_at').notNull(),
    matchedAt: ts('matched_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.mentionId, t.watchlistId] })],
);

/** Impersonation candidates, scans and speaking-for claims live in their own module (migration 0010). */
export * from './impersonation-schema.js';

/** Alert rules, their messages and deliveries live in their own module (migration 0009). */
export * from './alert-schema.js';
