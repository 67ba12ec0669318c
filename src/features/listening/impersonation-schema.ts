import { boolean, integer, jsonb, pgTable, real, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import type { CodedParams } from '../../kit/coded-text.js';
import type { ScanErrorCode } from './impersonation-error-text.js';
import type { EvidenceReason } from './lookalike/index.js';

/** Impersonation candidates, scans and speaking-for claims (migration 0010_impersonation.sql, later ones add to it). */

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const REVIEW_STATUSES = ['new', 'dismissed', 'confirmed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export const SEARCHED_NETWORKS = ['mastodon', 'bluesky'] as const;
export type SearchedNetwork = (typeof SEARCHED_NETWORKS)[number];

/** One lookalike verdict: which of the candidate's names resembles which official name, and why. */
export type CandidateEvidence = {
  field: 'handle' | 'displayName';
  candidate: string;
  official: string;
  score: number;
  /** `details` in the engine's English words (as `kanaal lookalike` prints them). */
  reasons: string[];
  /** Why, as data the interface puts in its own words (migration 0013 added them to evidence stored before). */
  details: EvidenceReason[];
};

export const impersonationCandidates = pgTable(
  'impersonation_candidates',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull(),
    channelId: uuid('channel_id').notNull(),
    network: text('network').$type<SearchedNetwork>().notNull(),
    remoteId: text('remote_id').notNull(),
    handle: text('handle').notNull(),
    displayName: text('display_name'),
    profileUrl: text('profile_url'),
    avatarUrl: text('avatar_url'),
    score: real('score').notNull(),
    evidence: jsonb('evidence').$type<CandidateEvidence[]>().notNull(),
    status: text('status').$type<ReviewStatus>().notNull().default('new'),
    decidedBy: uuid('decided_by'),
    decidedAt: ts('decided_at'),
    decisionNote: text('decision_note'),
    firstSeenAt: ts('first_seen_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
  },
  (t) => [unique().on(t.channelId, t.network, t.remoteId)],
);
export type ImpersonationCandidateRow = typeof impersonationCandidates.$inferSelect;

export const impersonationScans = pgTable('impersonation_scans', {
  channelId: uuid('channel_id').primaryKey(),
  organisationId: uuid('organisation_id').notNull(),
  requestedAt: ts('requested_at'),
  startedAt: ts('started_at'),
  finishedAt: ts('finished_at'),
  ok: boolean('ok'),
  /** The English sentence of the code below (or, written before codes existed, alone). */
  error: text('error'),
  errorCode: text('error_code').$type<ScanErrorCode>(),
  errorParams: jsonb('error_params').$type<CodedParams>(),
  queries: integer('queries').notNull().default(0),
  accountsSeen: integer('accounts_seen').notNull().default(0),
  candidates: integer('candidates').notNull().default(0),
  lastSuccessAt: ts('last_success_at'),
});
export type ImpersonationScanRow = typeof impersonationScans.$inferSelect;

export const mentionClaims = pgTable(
  'mention_claims',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id').notNull(),
    mentionId: uuid('mention_id').notNull(),
    namedOrganisationId: uuid('named_organisation_id').notNull(),
    namedChannelId: uuid('named_channel_id'),
    phrase: text('phrase').notNull(),
    phraseLanguage: text('phrase_language').notNull(),
    reference: text('reference').notNull(),
    excerpt: text('excerpt').notNull(),
    author: text('author'),
    authorDisplayName: text('author_display_name'),
    status: text('status').$type<ReviewStatus>().notNull().default('new'),
    decidedBy: uuid('decided_by'),
    decidedAt: ts('decided_at'),
    decisionNote: text('decision_note'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [unique().on(t.mentionId, t.namedOrganisationId)],
);
export type MentionClaimRow = typeof mentionClaims.$inferSelect;

export const mentionClaimsCursor = pgTable('mention_claims_cursor', {
  id: boolean('id').primaryKey().default(true),
  seenAt: ts('seen_at').notNull(),
  mentionId: uuid('mention_id').notNull(),
  checkedAt: ts('checked_at').notNull().defaultNow(),
});
