import { getRouteApi, Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useOrganisationContext } from '../../../app/organisation-context.js';
import { PageHeader } from '../../../ui/page-header.js';
import { EmptyState, ErrorNotice, Skeleton } from '../../../ui/states.js';
import { ReviewPanel } from '../../approvals/components/review-panel.js';
import { usePost } from '../api/get-post.js';
import { Composer } from './composer.js';
import { PostStateBadge } from './post-state-badge.js';
import { SchedulePanel } from './schedule-panel.js';

const newRoute = getRouteApi('/app/posts/new');
const postRoute = getRouteApi('/app/posts/$postId');

/** A new post for the organisation in the URL (or the one the person works for). */
export function NewPostPage() {
  const { t } = useTranslation();
  const search = newRoute.useSearch();
  const { organisationId: contextId, organisations, isLoading } = useOrganisationContext();
  const organisationId = search.organisationId ?? contextId;
  const organisation = organisations.find((o) => o.id === organisationId);
  return (
    <>
      <PageHeader title={t('compose.newTitle')} description={organisation ? t('compose.forOrganisation', { name: organisation.name }) : undefined} />
      {organisation ? (
        <Composer key={organisation.id} organisation={organisation} post={null} />
      ) : isLoading ? (
        <Skeleton lines={6} />
      ) : (
        <div className="card">
          <EmptyState title={t('compose.chooseOrganisation')} />
        </div>
      )}
    </>
  );
}

/** One post: the composer, its review and its scheduling. */
export function PostPage() {
  const { t } = useTranslation();
  const { postId } = postRoute.useParams();
  const post = usePost(postId);
  const { organisations } = useOrganisationContext();
  const organisation = organisations.find((o) => o.id === post.data?.organisationId);
  if (post.isPending) return <Skeleton lines={8} label={t('compose.loading')} />;
  if (post.isError) {
    return (
      <>
        <PageHeader title={t('compose.postTitle')} />
        <ErrorNotice error={post.error} title={t('compose.loadFailed')} onRetry={() => void post.refetch()} />
        <p>
          <Link to="/posts">{t('compose.backToList')}</Link>
        </p>
      </>
    );
  }
  const data = post.data;
  return (
    <>
      <PageHeader title={data.title || t('compose.untitled')} description={organisation?.name}>
        <p className="row">
          <PostStateBadge state={data.state} />
          <span className="muted small">{t('compose.version', { version: data.version })}</span>
        </p>
      </PageHeader>
      {organisation ? <Composer key={data.id} organisation={organisation} post={data} /> : <Skeleton lines={6} />}
      <div className="grid grid-2">
        <ReviewPanel post={data} />
        {organisation ? <SchedulePanel post={data} organisation={organisation} /> : null}
      </div>
    </>
  );
}
