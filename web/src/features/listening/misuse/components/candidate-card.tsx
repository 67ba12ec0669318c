import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../../../i18n/format.js';
import { formatInZone } from '../../../../i18n/zoned-time.js';
import { NetworkLabel } from '../../../../ui/network-label.js';
import type { DecisionInput, ImpersonationCandidate } from '../types.js';
import { usePercent } from '../use-percent.js';
import { DecisionSummary } from './decision-summary.js';
import { EvidenceList } from './evidence-list.js';
import { ReviewStatusBadge } from './review-status-badge.js';
import { DecisionButtons } from './decision-buttons.js';

type CandidateCardProps = {
  candidate: ImpersonationCandidate;
  timeZone: string;
  mayManage: boolean;
  /** The decision being saved for this candidate, to show its button busy. */
  pending: DecisionInput['decision'] | null;
  onDecide: (candidate: ImpersonationCandidate, decision: DecisionInput['decision']) => void;
};

/** How strongly the score says "look-alike": the engine reports pairs from 0.6 and gives 0.97 to a perfect imitation. */
function strength(score: number): 'veryStrong' | 'strong' | 'some' {
  if (score >= 0.9) return 'veryStrong';
  if (score >= 0.75) return 'strong';
  return 'some';
}

/**
 * One account that looks like an official channel: who it is, which channel it imitates, how much
 * (score) and why (evidence), a link to its profile, the decision taken, and — for those who manage
 * listening — confirming it as misuse or dismissing it (either again after a decision), or reopening
 * a decided one.
 */
export function CandidateCard({ candidate, timeZone, mayManage, pending, onDecide }: CandidateCardProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const percent = usePercent();
  const titleId = `candidate-${candidate.id}-title`;
  const official = candidate.channel.displayName
    ? `${candidate.channel.handle} (${candidate.channel.displayName})`
    : candidate.channel.handle;

  return (
    <article className="misuse-item" aria-labelledby={titleId}>
      <div className="misuse-item-header">
        <h3 id={titleId} className="misuse-item-title">
          <span className="misuse-name">{candidate.handle}</span>
        </h3>
        <ReviewStatusBadge status={candidate.status} />
      </div>
      <dl className="mention-meta">
        <div>
          <dt>{t('listeningMisuse.candidates.network')}</dt>
          <dd>
            <NetworkLabel network={candidate.network} />
          </dd>
        </div>
        <div>
          <dt>{t('listeningMisuse.candidates.displayName')}</dt>
          <dd>
            {candidate.displayName ? (
              <span className="misuse-name">{candidate.displayName}</span>
            ) : (
              t('listeningMisuse.candidates.noDisplayName')
            )}
          </dd>
        </div>
        <div>
          <dt>{t('listeningMisuse.candidates.resembles')}</dt>
          <dd>{official}</dd>
        </div>
        <div>
          <dt>{t('listeningMisuse.candidates.score')}</dt>
          <dd>
            <strong>{percent(candidate.score)}</strong> · {t(`listeningMisuse.candidates.strength.${strength(candidate.score)}`)}
          </dd>
        </div>
        <div>
          <dt>{t('listeningMisuse.candidates.seen')}</dt>
          <dd>
            {candidate.firstSeenAt === candidate.lastSeenAt
              ? formatInZone(candidate.firstSeenAt, timeZone, format.locale)
              : t('listeningMisuse.candidates.seenRange', {
                  first: formatInZone(candidate.firstSeenAt, timeZone, format.locale),
                  last: formatInZone(candidate.lastSeenAt, timeZone, format.locale),
                })}
          </dd>
        </div>
      </dl>
      <h4 className="misuse-subheading">{t('listeningMisuse.candidates.why')}</h4>
      <EvidenceList evidence={candidate.evidence} />
      <DecisionSummary decision={candidate.decision} timeZone={timeZone} />
      <div className="row misuse-actions">
        {candidate.profileUrl ? (
          <a href={candidate.profileUrl} target="_blank" rel="noopener noreferrer">
            {t('listeningMisuse.candidates.openProfile')}
            <span className="visually-hidden">
              {' '}
              {candidate.handle} ({t('common.opensInNewTab')})
            </span>
          </a>
        ) : null}
        {mayManage ? (
          <DecisionButtons
            status={candidate.status}
            pending={pending}
            onDecide={(decision) => onDecide(candidate, decision)}
            labelOf={(decision) => t(`listeningMisuse.candidates.${decision}Named`, { handle: candidate.handle })}
          />
        ) : null}
      </div>
    </article>
  );
}
