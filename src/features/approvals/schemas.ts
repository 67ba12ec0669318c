import { z } from 'zod';
import { FIELD_ERROR_TEXT } from '../../kit/field-errors.js';
import { ROLES } from '../../kit/auth/schema.js';

export const ZStepInput = z
  .object({
    name: z.string().min(1).max(200),
    role: z.enum(ROLES).nullable().optional(),
    userIds: z.array(z.string().uuid()).max(100).default([]),
    rule: z.enum(['any', 'all']).default('any'),
  })
  .refine((s) => Boolean(s.role) || s.userIds.length > 0, { message: FIELD_ERROR_TEXT.step_reviewers, path: ['userIds'] });

export const ZWorkflowPut = z.object({ steps: z.array(ZStepInput).max(10) });
export type TWorkflowPut = z.infer<typeof ZWorkflowPut>;

export const ZStep = z.object({
  id: z.string(),
  position: z.number(),
  name: z.string(),
  role: z.enum(ROLES).nullable(),
  userIds: z.array(z.string()),
  rule: z.enum(['any', 'all']),
});
export const ZWorkflow = z.object({
  organisationId: z.string(),
  /** The organisation whose workflow applies (this one, or the nearest ancestor with one); null = none. */
  definedBy: z.string().nullable(),
  steps: z.array(ZStep),
});
export type TWorkflow = z.infer<typeof ZWorkflow>;

export const ZDecisionBody = z.object({ decision: z.enum(['approve', 'reject']), comment: z.string().max(5000).default('') });

export const ZReviewStatus = z.object({
  postId: z.string(),
  state: z.string(),
  version: z.number(),
  currentStep: z.object({ id: z.string(), position: z.number(), name: z.string(), rule: z.enum(['any', 'all']), approverIds: z.array(z.string()) }).nullable(),
  decisions: z.array(
    z.object({
      id: z.string(),
      postVersion: z.number(),
      stepId: z.string(),
      stepName: z.string(),
      userId: z.string().nullable(),
      decision: z.enum(['approve', 'reject']),
      comment: z.string(),
      decidedAt: z.date(),
    }),
  ),
});
export type TReviewStatus = z.infer<typeof ZReviewStatus>;
