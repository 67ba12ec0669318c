import { and, asc, eq, gte, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { type Caller, requireAccess } from '../../kit/access.js';
import { actorOf, recordAudit } from '../../kit/audit.js';
import { users } from '../../kit/auth/schema.js';
import { conflict, forbidden, unprocessable } from '../../kit/errors.js';
import type { Mailer } from '../../kit/mail.js';
import { blockingFields, loadPost, movePostState, previewContent } from '../compose/service.js';
import type { PostRow } from '../compose/schema.js';
import { organisations } from '../registry/schema.js';
import { reviewNotice } from './notices.js';
import { type ApprovalStepRow, approvalDecisions } from './schema.js';
import type { TReviewStatus } from './schemas.js';
import { effectiveWorkflow, namedApprovers } from './workflow-service.js';
import { codedFieldError } from '../../kit/field-errors.js';

/**
 * Review of posts: submit (draft → in_review, or straight to approved without a workflow), decisions
 * step by step (reject → draft; the last step approved → approved), and the e-mail to approvers.
 * Decisions count only for the post's current version and review round (`submitted_at`), so an
 * edited or re-submitted post is reviewed afresh.
 */

export type ReviewDeps = { mailer: Mailer; publicUrl: string };

type CurrentStep = { step: ApprovalStepRow; approverIds: string[] } | null;

/** The first step not yet complete for this version and round, with the people it waits for. */
async function currentStep(db: DbOrTx, post: PostRow): Promise<CurrentStep> {
  const { steps } = await effectiveWorkflow(db, post.organisationId);
  const decisions = await roundDecisions(db, post);
  for (const step of steps) {
    const named = (await namedApprovers(db, post.organisationId, step)).filter((id) => id !== post.createdBy);
    const approvedBy = new Set(decisions.filter((d) => d.stepId === step.id && d.decision === 'approve').map((d) => d.userId));
    const complete = step.rule === 'any' ? approvedBy.size > 0 : named.length > 0 && named.every((id) => approvedBy.has(id));
    if (!complete) return { step, approverIds: named.filter((id) => !approvedBy.has(id)) };
  }
  return null;
}

async function roundDecisions(db: DbOrTx, post: PostRow) {
  if (!post.submittedAt) return [];
  return db
    .select()
    .from(approvalDecisions)
    .where(
      and(eq(approvalDecisions.postId, post.id), eq(approvalDecisions.postVersion, post.version), gte(approvalDecisions.decidedAt, post.submittedAt)),
    )
    .orderBy(asc(approvalDecisions.decidedAt));
}

/**
 * Draft → in_review inside `tx` (or → approved when no workflow applies). With `refuseWhenBlocked`
 * a blocking lint finding or broken network limit answers 422 with the findings as fields;
 * without it (re-review after an edit) the post simply stays a draft.
 */
export async function enterReview(tx: DbOrTx, caller: Caller, postId: string, options: { refuseWhenBlocked: boolean }) {
  const content = await loadPost(tx, postId, { forUpdate: true });
  const { post } = content;
  if (post.state !== 'draft') throw conflict(`Only a draft can be submitted; this post is ${post.state}.`);
  if (content.channels.length === 0) {
    if (!options.refuseWhenBlocked) return { state: post.state, notify: false };
    throw unprocessable('Choose at least one channel before submitting.', [codedFieldError('channels', 'no_channel')]);
  }
  const preview = await previewContent(tx, content);
  if (preview.blocked) {
    if (!options.refuseWhenBlocked) return { state: post.state, notify: false };
    throw unprocessable('The post breaks a network limit or a blocking house-style rule.', blockingFields(preview));
  }
  const { steps } = await effectiveWorkflow(tx, post.organisationId);
  const to = steps.length === 0 ? 'approved' : 'in_review';
  await movePostState(tx, postId, ['draft'], to, { submittedAt: new Date() });
  await recordAudit(tx, actorOf(caller), {
    organisationId: post.organisationId,
    action: 'submit',
    entity: 'post',
    entityId: postId,
    before: { state: 'draft', version: post.version },
    after: { state: to, version: post.version },
  });
  return { state: to, notify: to === 'in_review' };
}

export async function submitPost(db: Db, deps: ReviewDeps, caller: Caller, postId: string): Promise<TReviewStatus> {
  const result = await db.transaction(async (tx) => {
    const { post } = await loadPost(tx, postId);
    await requireAccess(tx, caller, post.organisationId, 'compose.write');
    return enterReview(tx, caller, postId, { refuseWhenBlocked: true });
  });
  if (result.notify) await notifyCurrentStep(db, deps, postId);
  return reviewStatus(db, postId);
}

/**
 * One approver's decision on the current step. Only someone the step names may decide, never the
 * post's author (403); a person decides a step once per round (409). Reject needs a comment and sends
 * the post back to draft; when the last step is complete the post is approved. Audited.
 */
export async function decideOnPost(
  db: Db,
  deps: ReviewDeps,
  caller: Caller,
  postId: string,
  input: { decision: 'approve' | 'reject'; comment: string },
): Promise<TReviewStatus> {
  const notifyNext = await db.transaction(async (tx) => {
    const { post } = await loadPost(tx, postId, { forUpdate: true });
    if (post.createdBy === caller.userId) {
      await requireAccess(tx, caller, post.organisationId, 'compose.read');
      throw forbidden('Authors cannot approve or reject their own post.');
    }
    const current = post.state === 'in_review' ? await currentStep(tx, post) : null;
    const named = current ? await namedApprovers(tx, post.organisationId, current.step) : [];
    if (!named.includes(caller.userId)) {
      // Someone outside the organisation learns nothing about the post's state.
      await requireAccess(tx, caller, post.organisationId, 'compose.read');
      if (post.state !== 'in_review') throw conflict(`This post is ${post.state}, not in review.`);
      throw forbidden('The current approval step does not name you.');
    }
    if (!current) throw conflict('This post is not waiting for a decision.');
    const already = (await roundDecisions(tx, post)).some((d) => d.stepId === current.step.id && d.userId === caller.userId);
    if (already) throw conflict('You already decided on this step.');
    if (input.decision === 'reject' && input.comment.trim() === '') {
      throw unprocessable('Say why the post is rejected.', [codedFieldError('comment', 'rejection_reason')]);
    }
    const [decision] = await tx
      .insert(approvalDecisions)
      .values({
        postId,
        postVersion: post.version,
        stepId: current.step.id,
        stepName: current.step.name,
        userId: caller.userId,
        decision: input.decision,
        comment: input.comment,
        decidedAt: new Date(),
      })
      .returning();
    let state = post.state;
    if (input.decision === 'reject') {
      await movePostState(tx, postId, ['in_review'], 'draft', { submittedAt: null });
      state = 'draft';
    } else {
      const next = await currentStep(tx, post);
      if (!next) {
        await movePostState(tx, postId, ['in_review'], 'approved');
        state = 'approved';
      }
    }
    await recordAudit(tx, actorOf(caller), {
      organisationId: post.organisationId,
      action: input.decision,
      entity: 'post',
      entityId: postId,
      before: { state: post.state, version: post.version },
      after: { state, version: post.version, step: current.step.name, stepId: current.step.id, comment: input.comment, decisionId: decision?.id },
    });
    return state === 'in_review' && input.decision === 'approve' && (await currentStep(tx, post))?.step.id !== current.step.id;
  });
  if (notifyNext) await notifyCurrentStep(db, deps, postId);
  return reviewStatus(db, postId);
}

export async function getReviewStatus(db: DbOrTx, caller: Caller, postId: string): Promise<TReviewStatus> {
  const { post } = await loadPost(db, postId);
  await requireAccess(db, caller, post.organisationId, 'compose.read');
  return reviewStatus(db, postId);
}

async function reviewStatus(db: DbOrTx, postId: string): Promise<TReviewStatus> {
  const { post } = await loadPost(db, postId);
  const current = post.state === 'in_review' ? await currentStep(db, post) : null;
  const decisions = await db.select().from(approvalDecisions).where(eq(approvalDecisions.postId, postId)).orderBy(asc(approvalDecisions.decidedAt));
  return {
    postId,
    state: post.state,
    version: post.version,
    currentStep: current
      ? { id: current.step.id, position: current.step.position, name: current.step.name, rule: current.step.rule, approverIds: current.approverIds }
      : null,
    decisions: decisions.map(({ postId: _p, ...d }) => d),
  };
}

/**
 * E-mails the people the current step still waits for. Sent after the commit (the mailer writes its
 * own outbox row), so a slow mail server never holds a transaction open.
 */
export async function notifyCurrentStep(db: Db, deps: ReviewDeps, postId: string): Promise<void> {
  const { post } = await loadPost(db, postId);
  if (post.state !== 'in_review') return;
  const current = await currentStep(db, post);
  if (!current || current.approverIds.length === 0) return;
  const [org] = await db.select().from(organisations).where(eq(organisations.id, post.organisationId));
  const people = await db.select().from(users).where(inArray(users.id, current.approverIds));
  const [author] = post.createdBy ? await db.select().from(users).where(eq(users.id, post.createdBy)) : [];
  const language = org?.defaultLanguage ?? 'nl';
  const notice = reviewNotice(language, {
    title: post.title,
    organisation: org?.names?.[language] ?? org?.name ?? '',
    step: current.step.name,
    link: `${deps.publicUrl}/posts/${post.id}`,
    author: author?.name ?? author?.email ?? 'Kanaal',
  });
  for (const person of people) await deps.mailer.send({ to: person.email, subject: notice.subject, text: notice.text });
}
