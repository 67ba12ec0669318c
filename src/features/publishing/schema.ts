import { sql } from 'drizzle-orm';
import { bigserial, doublePrecision, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Language } from '../registry/schema.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Every state a publication can be in (docs/publishing.md); the transitions live in states.ts. */
export const PUBLICATION_STATES = [
  'draft',
  'in_review',
  'approved',
  'scheduled',
  'publishing',
  'published',
  'failed',
  'unconfirmed',
  'held',
  'cancelled',
] as const;
export type PublicationState = (typeof PUBLICATION_STATES)[number];

export const ATTEMPT_OUTCOMES = [
  'published',
  'rate_limited',
  'unavailable',
  'auth_expired',
  'rejected',
  'ambiguous',
  'found_on_reconcile',
  'absent_on_reconcile',
  'held_by_pause',
] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export const PAUSE_SCOPES = ['all', 'organisation', 'channels'] as const;
export type PauseScope = (typeof PAUSE_SCOPES)[number];

/** A media reference as a publication keeps it: the file is read from storage at send time. */
export type MediaRef = { fileName: string; mimeType: string; storageKey: string; altText: string };
/**
 * A media item as archived: the reference plus the SHA-256 and size of the bytes that were sent
 * (null when a post found on reconcile refers to a file that can no longer be read).
 */
export type ArchivedMedia = MediaRef & { sha256: string | null; bytes: number };

export const publishingPauses = pgTable('publishing_pauses', {
  id: uuid('id').primaryKey().defaultRandom(),
  scope: text('scope').$type<PauseScope>().notNull(),
  organisationId: uuid('organisation_id'),
  channelIds: uuid('channel_ids').array().notNull().default(sql`'{}'`),
  reason: text('reason').notNull(),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  liftedAt: ts('lifted_at'),
  liftedBy: uuid('lifted_by'),
  liftReason: text('lift_reason'),
});

export const publications = pgTable('publications', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull(),
  channelId: uuid('channel_id').notNull(),
  postId: uuid('post_id'),
  variantId: uuid('variant_id'),
  text: text('text').notNull(),
  language: text('language').$type<Language>(),
  media: jsonb('media').$type<MediaRef[]>().notNull().default([]),
  contentSha256: text('content_sha256').notNull(),
  timeZone: text('time_zone').notNull(),
  dueAt: ts('due_at').notNull(),
  idempotencyKey: uuid('idempotency_key').notNull().unique(),
  state: text('state').$type<PublicationState>().notNull(),
  attemptId: uuid('attempt_id'),
  claimedAt: ts('claimed_at'),
  attemptsCount: integer('attempts_count').notNull().default(0),
  remoteId: text('remote_id'),
  remoteUrl: text('remote_url'),
  publishedAt: ts('published_at'),
  failureReason: text('failure_reason'),
  nextReconcileAt: ts('next_reconcile_at'),
  reconcileCount: integer('reconcile_count').notNull().default(0),
  heldByPauseId: uuid('held_by_pause_id'),
  createdBy: uuid('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});
export type PublicationRow = typeof publications.$inferSelect;

export const publicationAttempts = pgTable('publication_attempts', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  publicationId: uuid('publication_id').notNull(),
  attemptId: uuid('attempt_id').notNull(),
  startedAt: ts('started_at').notNull().defaultNow(),
  finishedAt: ts('finished_at'),
  outcome: text('outcome').$type<AttemptOutcome>().notNull(),
  httpStatus: integer('http_status'),
  requestId: text('request_id'),
  detail: text('detail'),
});

export const publishedArchive = pgTable('published_archive', {
  id: uuid('id').primaryKey().defaultRandom(),
  publicationId: uuid('publication_id').notNull().unique(),
  organisationId: uuid('organisation_id').notNull(),
  channelId: uuid('channel_id').notNull(),
  network: text('network').notNull(),
  remoteId: text('remote_id').notNull(),
  url: text('url').notNull(),
  text: text('text').notNull(),
  media: jsonb('media').$type<ArchivedMedia[]>().notNull().default([]),
  sha256: text('sha256').notNull(),
  publishedAt: ts('published_at').notNull(),
  archivedAt: ts('archived_at').notNull().defaultNow(),
});

export const publishingRateBuckets = pgTable(
  'publishing_rate_buckets',
  {
    network: text('network').notNull(),
    accountKey: text('account_key').notNull(),
    bucket: text('bucket').notNull(),
    tokens: doublePrecision('tokens').notNull(),
    refilledAt: ts('refilled_at').notNull().defaultNow(),
    blockedUntil: ts('blocked_until'),
  },
  (t) => [primaryKey({ columns: [t.network, t.accountKey, t.bucket] })],
);
