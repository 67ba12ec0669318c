import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../../../i18n/format.js';
import { Button } from '../../../../ui/button.js';
import { EmptyState, ErrorNotice, Skeleton } from '../../../../ui/states.js';
import { useToast } from '../../../../ui/toast.js';
import { useDecideCandidate } from '../api/decide-candidate.js';
import { useCandidates } from '../api/get-candidates.js';
import type { DecisionInput, ImpersonationCandidate } from '../types.js';
import { CandidateCard } from './candidate-card.js';
import { DecisionDialog } from './decision-dialog.js';
import { ScanPanel } from './scan-panel.js';
import { type StatusChoice, StatusFilter } from './status-filter.js';

type CandidatesSectionProps = { organisationId: string; timeZone: string; mayManage: boolean };

/** Accounts named like the organisation's official channels: the scan, the list by status, and the decisions. */
export function CandidatesSection({ organisationId, timeZone, mayManage }: CandidatesSectionProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const toast = useToast();
  const [status, setStatus] = useState<StatusChoice>('new');
  const candidates = useCandidates(organisationId, status === 'all' ? undefined : status);
  const decide = useDecideCandidate();
  const [deciding, setDeciding] = useState<{ candidate: ImpersonationCandidate; decision: DecisionInput['decision'] } | null>(null);
  const items = useMemo(() => candidates.data?.pages.flatMap((page) => page.candidates) ?? [], [candidates.data]);
  const total = candidates.data?.pages[0]?.total ?? 0;

  const open = (candidate: ImpersonationCandidate, decision: DecisionInput['decision']) => {
    decide.reset();
    setDeciding({ candidate, decision });
  };
  const submit = (input: DecisionInput) => {
    if (!deciding) return;
    const { candidate } = deciding;
    decide.mutate(
      { id: candidate.id, input },
      {
        onSuccess: (saved) => {
          toast.show(t(`listeningMisuse.candidates.toasts.${saved.status}`, { handle: saved.handle }));
          setDeciding(null);
        },
      },
    );
  };

  return (
    <section className="misuse-section" aria-labelledby="misuse-candidates-heading">
      <div className="listening-list-header">
        <h2 id="misuse-candidates-heading">{t('listeningMisuse.candidates.title')}</h2>
        <StatusFilter id="candidate-status" label={t('listeningMisuse.candidates.filter')} value={status} onChange={setStatus} />
      </div>
      <p className="muted">{t('listeningMisuse.candidates.description')}</p>
      <ScanPanel organisationId={organisationId} timeZone={timeZone} mayManage={mayManage} />
      {candidates.isPending ? (
        <div className="card">
          <Skeleton lines={4} label={t('listeningMisuse.candidates.loading')} />
        </div>
      ) : !candidates.data ? (
        <ErrorNotice
          error={candidates.error}
          title={t('listeningMisuse.candidates.loadFailed')}
          onRetry={() => void candidates.refetch()}
        />
      ) : items.length === 0 ? (
        <div className="card">
          <EmptyState level={3} title={t(`listeningMisuse.candidates.empty.${status}`)}>
            {status === 'new' ? t('listeningMisuse.candidates.emptyHint') : undefined}
          </EmptyState>
        </div>
      ) : (
        <>
          <p className="muted small" role="status">
            {t(`listeningMisuse.candidates.count.${status}`, { count: total, shown: format.number(total) })}
          </p>
          <ol className="misuse-list">
            {items.map((candidate) => (
              <li key={candidate.id}>
                <CandidateCard
                  candidate={candidate}
                  timeZone={timeZone}
                  mayManage={mayManage}
                  pending={decide.isPending && decide.variables?.id === candidate.id ? decide.variables.input.decision : null}
                  onDecide={open}
                />
              </li>
            ))}
          </ol>
          {candidates.hasNextPage ? (
            <div className="page-actions">
              <Button variant="secondary" onPress={() => void candidates.fetchNextPage()} isPending={candidates.isFetchingNextPage}>
                {t('listeningMisuse.loadMore')}
              </Button>
            </div>
          ) : null}
          {candidates.isFetchNextPageError ? (
            <ErrorNotice error={candidates.error} onRetry={() => void candidates.fetchNextPage()} />
          ) : null}
        </>
      )}
      {deciding ? (
        <DecisionDialog
          request={{ decision: deciding.decision, what: 'candidate', subject: deciding.candidate.handle }}
          isPending={decide.isPending}
          error={decide.error}
          onSubmit={submit}
          onClose={() => setDeciding(null)}
        />
      ) : null}
    </section>
  );
}
