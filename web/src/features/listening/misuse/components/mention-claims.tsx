import { useTranslation } from 'react-i18next';
import { ErrorNotice, Skeleton } from '../../../../ui/states.js';
import type { MentionClaim } from '../types.js';
import { ClaimCard } from './claim-card.js';
import type { useClaimDecision } from './use-claim-decision.js';

type MentionClaimsProps = {
  claims: { data?: MentionClaim[]; isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown };
  timeZone: string;
  mayManage: boolean;
  decision: ReturnType<typeof useClaimDecision>;
};

/** The speaking-for claims flagged on the mention, with their decisions; or that there are none. */
export function MentionClaims({ claims, timeZone, mayManage, decision }: MentionClaimsProps) {
  const { t } = useTranslation();
  return (
    <section className="misuse-section" aria-labelledby="mention-claims-heading">
      <h2 id="mention-claims-heading">{t('listeningMisuse.mention.claims')}</h2>
      {claims.isPending ? (
        <div className="card">
          <Skeleton lines={2} label={t('listeningMisuse.claims.loading')} />
        </div>
      ) : claims.isError || !claims.data ? (
        <ErrorNotice error={claims.error} title={t('listeningMisuse.claims.loadFailed')} onRetry={() => void claims.refetch()} />
      ) : claims.data.length === 0 ? (
        <p className="card">{t('listeningMisuse.mention.noClaims')}</p>
      ) : (
        <ul className="misuse-list">
          {claims.data.map((claim) => (
            <li key={claim.id}>
              <ClaimCard
                claim={claim}
                timeZone={timeZone}
                mayManage={mayManage}
                pending={decision.pendingOf(claim)}
                onDecide={decision.open}
                onMentionPage
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
