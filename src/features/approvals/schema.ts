import { sql } from 'drizzle-orm';
import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { Role } from '../../kit/auth/schema.js';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export type StepRule = 'any' | 'all';
export type Decision = 'approve' | 'reject';

export const approvalWorkflows = pgTable('approval_workflows', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull().unique(),
  updatedBy: uuid('updated_by'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const approvalSteps = pgTable('approval_steps', {
  id: uuid('id').primaryKey().defaultRandom(),
  workflowId: uuid('workflow_id').notNull(),
  position: integer('position').notNull(),
  name: text('name').notNull(),
  role: text('role').$type<Role>(),
  userIds: uuid('user_ids').array().notNull().default(sql`'{}'`),
  rule: text('rule').$type<StepRule>().notNull().default('any'),
});
export type ApprovalStepRow = typeof approvalSteps.$inferSelect;

export const approvalDecisions = pgTable('approval_decisions', {
  id: uuid('id').primaryKey().defaultRandom(),
  postId: uuid('post_id').notNull(),
  postVersion: integer('post_version').notNull(),
  stepId: uuid('step_id').notNull(),
  stepName: text('step_name').notNull(),
  userId: uuid('user_id'),
  decision: text('decision').$type<Decision>().notNull(),
  comment: text('comment').notNull().default(''),
  decidedAt: ts('decided_at').notNull().defaultNow(),
});
export type ApprovalDecisionRow = typeof approvalDecisions.$inferSelect;
