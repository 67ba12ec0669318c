import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../../../i18n/format.js';
import { Button } from '../../../../ui/button.js';
import { EmptyState, ErrorNotice, Skeleton } from '../../../../ui/states.js';
import { useClaims } from '../api/get-claims.js';
import { ClaimCard } from './claim-card.js';
import { type StatusChoice, StatusFilter } from './status-filter.js';
import { useClaimDecision } from './use-claim-decision.js';

type ClaimsSectionProps = { organisationId: string; timeZone: string; mayManage: boolean };

/**
 * Posts from accounts outside the registry that say they speak for the organisation or one below
 * it ("namens", "au nom de", "official statement"), found in the mentions listening stored.
 */
export function ClaimsSection({ organisationId, timeZone, mayManage }: ClaimsSectionProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const [status, setStatus] = useState<StatusChoice>('new');
  const claims = useClaims(organisationId, status === 'all' ? undefined : status);
  const decision = useClaimDecision();
  const items = useMemo(() => claims.data?.pages.flatMap((page) => page.claims) ?? [], [claims.data]);
  const total = claims.data?.pages[0]?.total ?? 0;

  return (
    <section className="misuse-section" aria-labelledby="misuse-claims-heading">
      <div className="listening-list-header">
        <h2 id="misuse-claims-heading">{t('listeningMisuse.claims.title')}</h2>
        <StatusFilter id="claim-status" label={t('listeningMisuse.claims.filter')} value={status} onChange={setStatus} />
      </div>
      <p className="muted">{t('listeningMisuse.claims.description')}</p>
      {claims.isPending ? (
        <div className="card">
          <Skeleton lines={4} label={t('listeningMisuse.claims.loading')} />
        </div>
      ) : !claims.data ? (
        <ErrorNotice error={claims.error} title={t('listeningMisuse.claims.loadFailed')} onRetry={() => void claims.refetch()} />
      ) : items.length === 0 ? (
        <div className="card">
          <EmptyState level={3} title={t(`listeningMisuse.claims.empty.${status}`)}>
            {status === 'new' ? t('listeningMisuse.claims.emptyHint') : undefined}
          </EmptyState>
        </div>
      ) : (
        <>
          <p className="muted small" role="status">
            {t(`listeningMisuse.claims.count.${status}`, { count: total, shown: format.number(total) })}
          </p>
          <ol className="misuse-list">
            {items.map((claim) => (
              <li key={claim.id}>
                <ClaimCard
                  claim={claim}
                  timeZone={timeZone}
                  mayManage={mayManage}
                  pending={decision.pendingOf(claim)}
                  onDecide={decision.open}
                />
              </li>
            ))}
          </ol>
          {claims.hasNextPage ? (
            <div className="page-actions">
              <Button variant="secondary" onPress={() => void claims.fetchNextPage()} isPending={claims.isFetchingNextPage}>
                {t('listeningMisuse.loadMore')}
              </Button>
            </div>
          ) : null}
          {claims.isFetchNextPageError ? <ErrorNotice error={claims.error} onRetry={() => void claims.fetchNextPage()} /> : null}
        </>
      )}
      {decision.dialog}
    </section>
  );
}
