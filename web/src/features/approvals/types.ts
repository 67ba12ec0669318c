import type { PostState, Role } from '../../api/types.js';

/** The API's shapes for approval workflows and reviews (src/features/approvals/schemas.ts). */

export type ApprovalRule = 'any' | 'all';
export type WorkflowStep = { id: string; position: number; name: string; role: Role | null; userIds: string[]; rule: ApprovalRule };
export type Workflow = { organisationId: string; definedBy: string | null; steps: WorkflowStep[] };
export type WorkflowStepInput = { name: string; role?: Role | null; userIds: string[]; rule: ApprovalRule };

export type ReviewDecision = {
  id: string;
  postVersion: number;
  stepId: string;
  stepName: string;
  userId: string | null;
  decision: 'approve' | 'reject';
  comment: string;
  decidedAt: string;
};
export type ReviewStatus = {
  postId: string;
  state: PostState;
  version: number;
  currentStep: { id: string; position: number; name: string; rule: ApprovalRule; approverIds: string[] } | null;
  decisions: ReviewDecision[];
};
