import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.js';
import type { Post } from '../../../api/types.js';
import { useMe } from '../../../app/me-context.js';
import { useFormatters } from '../../../i18n/format.js';
import { Badge } from '../../../ui/badge.js';
import { Button } from '../../../ui/button.js';
import { TextAreaField } from '../../../ui/field.js';
import { ErrorNotice, Notice, Skeleton } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { usePeopleNames } from '../../compose/components/posts-page.js';
import { useDecideOnPost } from '../api/decide-post.js';
import { useReview } from '../api/get-review.js';

/**
 * Where the post stands in review: the current step, whom it waits for, the decisions so far with
 * comments, and, for the people the step names, Approve and Reject (a rejection needs a comment).
 */
export function ReviewPanel({ post }: { post: Post }) {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormatters();
  const toast = useToast();
  const review = useReview(post.id);
  const decide = useDecideOnPost();
  const names = usePeopleNames(post.organisationId);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | undefined>();
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? t('compose.someone')) : t('compose.someone'));

  const onDecide = (decision: 'approve' | 'reject') => {
    if (decision === 'reject' && comment.trim() === '') {
      setCommentError(t('approvals.review.commentRequired'));
      document.getElementById('review-comment')?.focus();
      return;
    }
    setCommentError(undefined);
    decide.mutate(
      { postId: post.id, input: { decision, comment: comment.trim() } },
      {
        onSuccess: () => {
          setComment('');
          toast.show(decision === 'approve' ? t('approvals.review.approved') : t('approvals.review.rejected'));
        },
      },
    );
  };

  const status = review.data;
  const step = status?.currentStep ?? null;
  const mayDecide = Boolean(step?.approverIds.includes(me.user.id)) && post.createdBy !== me.user.id;
  return (
    <section className="card stack" aria-labelledby="review-title">
      <h2 id="review-title">{t('approvals.review.title')}</h2>
      {review.isPending ? (
        <Skeleton lines={3} />
      ) : review.isError ? (
        <ErrorNotice error={review.error} onRetry={() => void review.refetch()} />
      ) : (
        <>
          {step ? (
            <p>
              {t('approvals.review.currentStep', { position: step.position, name: step.name })}{' '}
              <span className="muted">({t(`approvals.rule.${step.rule}`)})</span>
              <br />
              {step.approverIds.length > 0
                ? t('approvals.review.waitingFor', { people: format.list(step.approverIds.map(nameOf)) })
                : t('approvals.review.waitingForNobody')}
            </p>
          ) : (
            <p className="muted">{t(`approvals.review.state.${post.state}`)}</p>
          )}
          {mayDecide ? (
            <div className="stack">
              <TextAreaField
                id="review-comment"
                label={t('approvals.review.comment')}
                hint={t('approvals.review.commentHint')}
                value={comment}
                onChange={setComment}
                error={commentError}
                rows={3}
                maxLength={5000}
              />
              <div className="form-actions">
                <Button onPress={() => onDecide('approve')} isPending={decide.isPending && decide.variables?.input.decision === 'approve'}>
                  {t('approvals.review.approve')}
                </Button>
                <Button variant="danger" onPress={() => onDecide('reject')} isPending={decide.isPending && decide.variables?.input.decision === 'reject'}>
                  {t('approvals.review.reject')}
                </Button>
              </div>
            </div>
          ) : null}
          {decide.error ? (
            isApiError(decide.error) && decide.error.status === 403 ? (
              <Notice tone="warning">{t('approvals.review.notYours', { detail: decide.error.message })}</Notice>
            ) : (
              <ErrorNotice error={decide.error} />
            )
          ) : null}
          <h3>{t('approvals.review.history')}</h3>
          {status && status.decisions.length > 0 ? (
            <ol className="plain-list decision-list">
              {status.decisions.map((decision) => (
                <li key={decision.id}>
                  <Badge tone={decision.decision === 'approve' ? 'success' : 'danger'}>{t(`approvals.decision.${decision.decision}`)}</Badge>{' '}
                  {t('approvals.review.decisionLine', {
                    who: nameOf(decision.userId),
                    step: decision.stepName,
                    version: decision.postVersion,
                    when: format.dateTime(decision.decidedAt),
                  })}
                  {decision.comment ? <blockquote className="pre-wrap">{decision.comment}</blockquote> : null}
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted small">{t('approvals.review.noDecisions')}</p>
          )}
        </>
      )}
    </section>
  );
}
