import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { SOURCE_KINDS, type SourceKind } from '../../types.js';
import { useFormatters } from '../../../../i18n/format.js';
import { formatInZone } from '../../../../i18n/zoned-time.js';
import { claimRanges } from '../claim-marks.js';
import type { DecisionInput, MentionClaim } from '../types.js';
import { DecisionSummary } from './decision-summary.js';
import { MarkedText } from './marked-text.js';
import { ReviewStatusBadge } from './review-status-badge.js';
import { DecisionButtons } from './decision-buttons.js';

type ClaimCardProps = {
  claim: MentionClaim;
  timeZone: string;
  mayManage: boolean;
  pending: DecisionInput['decision'] | null;
  onDecide: (claim: MentionClaim, decision: DecisionInput['decision']) => void;
  headingLevel?: 3 | 4;
  /** On the mention's own page the link to it and the excerpt are left out (the text is above). */
  onMentionPage?: boolean;
};

/** The author as people recognise them: display name, with the handle when it differs. */
export function claimAuthor(claim: Pick<MentionClaim, 'author' | 'authorDisplayName'>): string | null {
  if (claim.authorDisplayName && claim.author && claim.author !== claim.authorDisplayName)
    return `${claim.authorDisplayName} (${claim.author})`;
  return claim.authorDisplayName ?? claim.author;
}

const sourceKind = (kind: string): SourceKind | null => SOURCE_KINDS.find((known) => known === kind) ?? null;

/**
 * One post that says it speaks for an organisation from an account outside the registry: the
 * excerpt with the phrase and the organisation's name marked, who wrote it where and when, the
 * decision, a link to the mention's page and, for those who manage listening, confirm or dismiss
 * (either again after a decision), or reopen a decided one.
 */
export function ClaimCard({ claim, timeZone, mayManage, pending, onDecide, headingLevel = 3, onMentionPage = false }: ClaimCardProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  const titleId = `claim-${claim.id}-title`;
  const author = claimAuthor(claim) ?? t('listeningMisuse.claims.unknownAuthor');
  const kind = sourceKind(claim.mention.kind);
  const named = claim.namedChannel ? `${claim.reference} (${claim.namedChannel.handle})` : claim.reference;

  return (
    <article className="misuse-item" aria-labelledby={titleId}>
      <div className="misuse-item-header">
        <Heading id={titleId} className="misuse-item-title">
          {t('listeningMisuse.claims.itemTitle', { organisation: claim.namedOrganisation.name })}
        </Heading>
        <ReviewStatusBadge status={claim.status} />
      </div>
      {onMentionPage ? null : (
        <blockquote className="misuse-excerpt pre-wrap">
          <MarkedText text={claim.excerpt} ranges={claimRanges(claim.excerpt, claim)} />
        </blockquote>
      )}
      <dl className="mention-meta">
        <div>
          <dt>{t('listeningMisuse.claims.author')}</dt>
          <dd className="misuse-name">{author}</dd>
        </div>
        <div>
          <dt>{t('listeningMisuse.claims.source')}</dt>
          <dd>{kind ? t(`listening.kinds.${kind}`) : claim.mention.kind}</dd>
        </div>
        <div>
          <dt>{t('listeningMisuse.claims.phrase')}</dt>
          <dd>
            <q lang={claim.phraseLanguage}>{claim.phrase}</q> ({format.languageName(claim.phraseLanguage)})
          </dd>
        </div>
        <div>
          <dt>{t('listeningMisuse.claims.named')}</dt>
          <dd>{named}</dd>
        </div>
        <div>
          <dt>{t('listeningMisuse.claims.posted')}</dt>
          <dd>
            <time dateTime={claim.mention.occurredAt}>{formatInZone(claim.mention.occurredAt, timeZone, format.locale)}</time>
          </dd>
        </div>
      </dl>
      <DecisionSummary decision={claim.decision} timeZone={timeZone} />
      <div className="row misuse-actions">
        {onMentionPage ? null : (
          <Link to="/listening/mentions/$mentionId" params={{ mentionId: claim.mention.id }}>
            {t('listeningMisuse.claims.openMention')}
            <span className="visually-hidden"> {t('listeningMisuse.claims.byAuthor', { author })}</span>
          </Link>
        )}
        {claim.mention.url && !onMentionPage ? (
          <a href={claim.mention.url} target="_blank" rel="noopener noreferrer">
            {t('listeningMisuse.claims.openOriginal')}
            <span className="visually-hidden">
              {' '}
              {t('listeningMisuse.claims.byAuthor', { author })} ({t('common.opensInNewTab')})
            </span>
          </a>
        ) : null}
        {mayManage ? (
          <DecisionButtons
            status={claim.status}
            pending={pending}
            onDecide={(decision) => onDecide(claim, decision)}
            labelOf={(decision) => t(`listeningMisuse.claims.${decision}Named`, { author })}
          />
        ) : null}
      </div>
    </article>
  );
}
