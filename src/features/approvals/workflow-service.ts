import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { type Caller, requireAccess, toPgArray } from '../../kit/access.js';
import { actorOf, recordAudit } from '../../kit/audit.js';
import { users } from '../../kit/auth/schema.js';
import { unprocessable } from '../../kit/errors.js';
import { rows } from '../../kit/sql.js';
import { type ApprovalStepRow, approvalSteps, approvalWorkflows } from './schema.js';
import type { TWorkflow, TWorkflowPut } from './schemas.js';

/**
 * Approval workflows: one per organisation, ordered steps. A post follows the workflow of its own
 * organisation, or else of the nearest ancestor that has one; without any, submitting approves at once.
 */

/** The steps that apply to posts of `organisationId`, and which organisation defined them. */
export async function effectiveWorkflow(db: DbOrTx, organisationId: string): Promise<{ definedBy: string | null; steps: ApprovalStepRow[] }> {
  const [found] = await rows<{ id: string; organisation_id: string }>(
    db,
    sql`WITH RECURSIVE up AS (
          SELECT id, parent_id, 0 AS depth FROM organisations WHERE id = ${organisationId}::uuid
          UNION ALL
          SELECT o.id, o.parent_id, up.depth + 1 FROM organisations o JOIN up ON o.id = up.parent_id
        )
        SELECT w.id, w.organisation_id FROM approval_workflows w JOIN up ON up.id = w.organisation_id
         ORDER BY up.depth LIMIT 1`,
  );
  if (!found) return { definedBy: null, steps: [] };
  const steps = await db.select().from(approvalSteps).where(eq(approvalSteps.workflowId, found.id)).orderBy(asc(approvalSteps.position));
  return { definedBy: found.organisation_id, steps };
}

/**
 * The people a step names for a post of `organisationId`: holders of the step's role on the
 * organisation or an ancestor (roles are inherited down the tree), plus the people named by id.
 * Disabled accounts are left out.
 */
export async function namedApprovers(db: DbOrTx, organisationId: string, step: ApprovalStepRow): Promise<string[]> {
  const found = await rows<{ id: string }>(
    db,
    sql`WITH RECURSIVE up AS (
          SELECT id, parent_id FROM organisations WHERE id = ${organisationId}::uuid
          UNION ALL
          SELECT o.id, o.parent_id FROM organisations o JOIN up ON o.id = up.parent_id
        )
        SELECT u.id FROM users u
         WHERE u.disabled_at IS NULL
           AND (u.id = ANY(${toPgArray(step.userIds)}::uuid[])
                OR EXISTS (SELECT 1 FROM memberships m
                            WHERE m.user_id = u.id AND m.role = ${step.role ?? ''}
                              AND m.organisation_id IN (SELECT id FROM up)))
         ORDER BY u.id`,
  );
  return found.map((r) => r.id);
}

const present = (organisationId: string, definedBy: string | null, steps: ApprovalStepRow[]): TWorkflow => ({
  organisationId,
  definedBy,
  steps: steps.map(({ workflowId: _w, ...s }) => s),
});

export async function getWorkflow(db: DbOrTx, caller: Caller, organisationId: string): Promise<TWorkflow> {
  await requireAccess(db, caller, organisationId, 'approvals.manage');
  const { definedBy, steps } = await effectiveWorkflow(db, organisationId);
  return present(organisationId, definedBy, steps);
}

/**
 * Replaces the organisation's steps (an empty list removes its workflow, so an ancestor's applies).
 * Posts in review continue at the step of the new workflow their decisions reach; decisions made
 * under removed steps stay on record but no longer count. Audited.
 */
export async function putWorkflow(db: Db, caller: Caller, organisationId: string, input: TWorkflowPut): Promise<TWorkflow> {
  return db.transaction(async (tx) => {
    await requireAccess(tx, caller, organisationId, 'approvals.manage');
    const userIds = [...new Set(input.steps.flatMap((s) => s.userIds))];
    const known = userIds.length ? await tx.select({ id: users.id }).from(users).where(inArray(users.id, userIds)) : [];
    const missing = input.steps.flatMap((s, i) =>
      s.userIds.flatMap((id, j) => (known.some((k) => k.id === id) ? [] : [{ path: `steps.${i}.userIds.${j}`, message: 'no such person' }])),
    );
    if (missing.length) throw unprocessable('The workflow names people who do not exist.', missing);
    const before = await effectiveWorkflow(tx, organisationId);
    await tx.delete(approvalWorkflows).where(eq(approvalWorkflows.organisationId, organisationId));
    if (input.steps.length) {
      const [workflow] = await tx.insert(approvalWorkflows).values({ organisationId, updatedBy: caller.userId }).returning();
      if (!workflow) throw new Error('insert returned nothing');
      await tx.insert(approvalSteps).values(
        input.steps.map((s, i) => ({ workflowId: workflow.id, position: i + 1, name: s.name, role: s.role ?? null, userIds: s.userIds, rule: s.rule })),
      );
    }
    const after = await effectiveWorkflow(tx, organisationId);
    const shape = (w: typeof after) => w.steps.map((s) => ({ name: s.name, role: s.role, userIds: s.userIds, rule: s.rule }));
    await recordAudit(tx, actorOf(caller), {
      organisationId,
      action: 'update',
      entity: 'approval_workflow',
      entityId: organisationId,
      before: before.definedBy === organisationId ? shape(before) : [],
      after: shape(after),
    });
    return present(organisationId, after.definedBy, after.steps);
  });
}
