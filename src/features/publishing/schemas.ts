import { z } from 'zod';
import { LANGUAGES } from '../registry/schema.js';
import { ATTEMPT_OUTCOMES, PAUSE_SCOPES, PUBLICATION_STATES } from './schema.js';
import { FIELD_ERROR_TEXT } from '../../kit/field-errors.js';

/** Request and reply shapes of the publishing routes (zod: validation and the OpenAPI document). */

const ZReason = z.string().trim().min(1, FIELD_ERROR_TEXT.reason).max(2000);
const ZInstant = z.iso.datetime({ offset: true }).transform((v) => new Date(v));

export const ZMediaRef = z.object({
  fileName: z.string().min(1).max(255),
  mimeType: z.string().min(1).max(100),
  storageKey: z.string().min(1).max(500),
  altText: z.string(),
});

export const ZPublication = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  channelId: z.uuid(),
  postId: z.uuid().nullable(),
  variantId: z.uuid().nullable(),
  text: z.string(),
  language: z.enum(LANGUAGES).nullable(),
  media: z.array(ZMediaRef),
  contentSha256: z.string(),
  timeZone: z.string(),
  dueAt: z.date(),
  state: z.enum(PUBLICATION_STATES),
  attemptsCount: z.number().int(),
  claimedAt: z.date().nullable(),
  remoteId: z.string().nullable(),
  remoteUrl: z.string().nullable(),
  publishedAt: z.date().nullable(),
  failureReason: z.string().nullable(),
  nextReconcileAt: z.date().nullable(),
  reconcileCount: z.number().int(),
  heldByPauseId: z.uuid().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TPublication = z.infer<typeof ZPublication>;

export const ZAttempt = z.object({
  id: z.number().int(),
  attemptId: z.uuid(),
  startedAt: z.date(),
  finishedAt: z.date().nullable(),
  outcome: z.enum(ATTEMPT_OUTCOMES),
  httpStatus: z.number().int().nullable(),
  requestId: z.string().nullable(),
  detail: z.string().nullable(),
});

export const ZPublicationDetail = ZPublication.extend({ attempts: z.array(ZAttempt) });

export const ZPublicationListQuery = z.object({
  organisationId: z.uuid(),
  state: z.enum(PUBLICATION_STATES).optional(),
});
export type TPublicationListQuery = z.infer<typeof ZPublicationListQuery>;

export const ZPauseCreate = z.object({
  scope: z.enum(PAUSE_SCOPES),
  organisationId: z.uuid().optional(),
  channelIds: z.array(z.uuid()).min(1).max(500).optional(),
  reason: ZReason,
});
export type TPauseCreate = z.infer<typeof ZPauseCreate>;

export const ZPause = z.object({
  id: z.uuid(),
  scope: z.enum(PAUSE_SCOPES),
  organisationId: z.uuid().nullable(),
  organisationName: z.string().nullable(),
  channelIds: z.array(z.uuid()),
  reason: z.string(),
  createdBy: z.uuid().nullable(),
  createdByName: z.string().nullable(),
  createdAt: z.date(),
  liftedAt: z.date().nullable(),
  liftedBy: z.uuid().nullable(),
  liftReason: z.string().nullable(),
  heldCount: z.number().int(),
});
export type TPause = z.infer<typeof ZPause>;

export const ZPauseListQuery = z.object({
  active: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
});

export const ZLiftBody = z.object({ reason: ZReason });

export const ZHeldQuery = z.object({ organisationId: z.uuid() });

export const ZHeldAction = z.object({
  publicationIds: z.array(z.uuid()).min(1).max(1000),
  reason: ZReason,
  dueAt: ZInstant.optional(),
});
export type THeldAction = z.infer<typeof ZHeldAction>;

export const ZHeldReschedule = ZHeldAction.extend({ dueAt: ZInstant });

export const ZHeldResult = z.object({ publications: z.array(ZPublication) });

export const ZPauseResult = ZPause;
