import { getRouteApi, Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.js';
import type { Mention } from '../types.js';
import { buttonClass } from '../../../ui/button.js';
import { PageHeader } from '../../../ui/page-header.js';
import { EmptyState, ErrorNotice, Skeleton } from '../../../ui/states.js';
import { useListeningOrganisation } from '../use-listening-organisation.js';
import { ListeningNav } from '../components/listening-nav.js';
import type { MarkRange } from '../highlight-segments.js';
import { useMention } from './api/get-mention.js';
import { useMentionClaims } from './api/get-mention-claims.js';
import { claimRanges } from './claim-marks.js';
import { MentionClaims } from './components/mention-claims.js';
import { MentionFull, mentionAuthor } from './components/mention-full.js';
import { MentionWatchlists } from './components/mention-watchlists.js';
import { useClaimDecision } from './components/use-claim-decision.js';
import '../components/listening.css';
import './misuse.css';

const route = getRouteApi('/app/listening/mentions/$mentionId');

/**
 * `/listening/mentions/$mentionId`, where alert e-mails and the misuse list lead: one mention in
 * full, the watchlists it matched and why, and any claim to speak for an organisation flagged on
 * it. A mention that does not exist (any more: retention removes old ones) says so plainly.
 */
export function MentionPage() {
  const { t } = useTranslation();
  const { mentionId } = route.useParams();
  const mention = useMention(mentionId);

  if (mention.isPending) {
    return (
      <>
        <PageHeader title={t('listeningMisuse.mention.loadingTitle')} />
        <div className="card">
          <Skeleton lines={5} label={t('listeningMisuse.mention.loading')} />
        </div>
      </>
    );
  }
  if (mention.isError) {
    // Not a mention id at all (400) or none with it (404): the same for the reader.
    const missing = isApiError(mention.error) && (mention.error.status === 404 || mention.error.status === 400);
    return (
      <>
        <PageHeader title={t(missing ? 'listeningMisuse.mention.notFoundTitle' : 'listeningMisuse.mention.loadingTitle')} />
        {missing ? (
          <div className="card">
            <EmptyState
              title={t('listeningMisuse.mention.notFound')}
              actions={
                <Link to="/listening" className={buttonClass('secondary')}>
                  {t('listeningMisuse.mention.toMentions')}
                </Link>
              }
            >
              {t('listeningMisuse.mention.notFoundHint')}
            </EmptyState>
          </div>
        ) : (
          <ErrorNotice error={mention.error} title={t('listeningMisuse.mention.loadFailed')} onRetry={() => void mention.refetch()} />
        )}
      </>
    );
  }
  return <MentionDetail mention={mention.data} />;
}

function MentionDetail({ mention }: { mention: Mention }) {
  const { t } = useTranslation();
  const { organisation, timeZone, mayManage } = useListeningOrganisation(mention.organisationId);
  const claims = useMentionClaims(mention);
  const decision = useClaimDecision();
  const marks = useMemo<MarkRange[]>(
    () => [
      ...mention.highlights.map((highlight) => ({ start: highlight.start, end: highlight.end, kind: highlight.reason })),
      ...(claims.data ?? []).flatMap((claim) => claimRanges(mention.text, claim)),
    ],
    [mention, claims.data],
  );
  const author = mentionAuthor(mention);
  const title = mention.title?.trim() || (author ? t('listeningMisuse.mention.titleBy', { author }) : t('listeningMisuse.mention.title'));

  return (
    <>
      <PageHeader
        title={title}
        description={organisation ? t('listeningMisuse.mention.foundFor', { organisation: organisation.name }) : undefined}
      />
      <ListeningNav organisationId={mention.organisationId} />
      <p>
        <Link to="/listening" search={{ organisationId: mention.organisationId }}>
          {t('listeningMisuse.mention.back')}
        </Link>
      </p>
      <div className="misuse-page">
        <MentionFull mention={mention} marks={marks} timeZone={timeZone} hasClaims={(claims.data?.length ?? 0) > 0} />
        <MentionWatchlists mention={mention} />
        <MentionClaims claims={claims} timeZone={timeZone} mayManage={mayManage} decision={decision} />
      </div>
      {decision.dialog}
    </>
  );
}
