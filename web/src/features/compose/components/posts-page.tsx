import { getRouteApi, Link } from '@tanstack/react-router';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { POST_STATES, type Post, type PostState } from '../../../api/types.js';
import { useMe } from '../../../app/me-context.js';
import { useOrganisationContext } from '../../../app/organisation-context.js';
import { useFormatters } from '../../../i18n/format.js';
import { formatInZone } from '../../../i18n/zoned-time.js';
import { buttonClass } from '../../../ui/button.js';
import { SelectField } from '../../../ui/field.js';
import { PageHeader } from '../../../ui/page-header.js';
import { EmptyState, ErrorNotice, Skeleton } from '../../../ui/states.js';
import { TableWrap } from '../../../ui/table-wrap.js';
import { useMembers } from '../../organisations/api/get-members.js';
import { OrganisationSelect } from '../../organisations/components/organisation-select.js';
import { usePosts } from '../api/get-posts.js';
import { canCompose } from '../draft.js';
import { PostStateBadge } from './post-state-badge.js';

const route = getRouteApi('/app/posts');

/** Names of the people of an organisation (and its ancestors), by user id. */
export function usePeopleNames(organisationId: string | null): Map<string, string> {
  const members = useMembers(organisationId ?? '', Boolean(organisationId));
  return useMemo(() => new Map((members.data ?? []).map((m) => [m.userId, m.name || m.email])), [members.data]);
}

/** The posts of an organisation: state filter, planned time, channels, author; "New post". */
export function PostsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { organisationId: contextId, organisations } = useOrganisationContext();
  const organisationId = search.organisationId ?? contextId ?? '';
  const organisation = organisations.find((o) => o.id === organisationId);
  const posts = usePosts(organisationId ? { organisationId, state: search.state } : null);
  const stateOptions = useMemo(() => POST_STATES.map((state) => ({ value: state, label: t(`postStates.${state}`) })), [t]);

  return (
    <>
      <PageHeader
        title={t('compose.listTitle')}
        description={t('compose.listDescription')}
        actions={
          organisation && canCompose.write(me, organisation) ? (
            <Link to="/posts/new" search={{ organisationId }} className={buttonClass('primary')}>
              {t('compose.newPost')}
            </Link>
          ) : undefined
        }
      />
      <div className="filters">
        <OrganisationSelect
          label={t('compose.organisation')}
          organisations={organisations}
          value={organisationId}
          onChange={(id) => void navigate({ search: (previous) => ({ ...previous, organisationId: id || undefined }), replace: true })}
        />
        <SelectField
          label={t('compose.state')}
          value={search.state ?? ''}
          emptyOption={t('compose.allStates')}
          options={stateOptions}
          onChange={(state) =>
            void navigate({ search: (previous) => ({ ...previous, state: (state || undefined) as PostState | undefined }), replace: true })
          }
        />
      </div>
      {!organisationId ? (
        <div className="card">
          <EmptyState title={t('compose.chooseOrganisation')} />
        </div>
      ) : posts.isPending ? (
        <div className="card">
          <Skeleton lines={6} label={t('compose.loading')} />
        </div>
      ) : posts.isError ? (
        <ErrorNotice error={posts.error} title={t('compose.loadFailed')} onRetry={() => void posts.refetch()} />
      ) : posts.data.length === 0 ? (
        <div className="card">
          <EmptyState title={search.state ? t('compose.emptyFiltered') : t('compose.empty')}>{t('compose.emptyHint')}</EmptyState>
        </div>
      ) : (
        <PostTable posts={posts.data} organisationId={organisationId} caption={t('compose.tableCaption', { name: organisation?.name ?? '' })} />
      )}
    </>
  );
}

/** Posts as a table; the title links to the post. */
export function PostTable({ posts, organisationId, caption }: { posts: Post[]; organisationId: string; caption: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const names = usePeopleNames(organisationId);
  return (
    <TableWrap label={caption}>
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('compose.table.title')}</th>
            <th scope="col">{t('compose.table.state')}</th>
            <th scope="col">{t('compose.table.planned')}</th>
            <th scope="col" className="num">
              {t('compose.table.channels')}
            </th>
            <th scope="col">{t('compose.table.author')}</th>
            <th scope="col">{t('compose.table.updated')}</th>
          </tr>
        </thead>
        <tbody>
          {posts.map((post) => (
            <tr key={post.id}>
              <td>
                <Link to="/posts/$postId" params={{ postId: post.id }}>
                  {post.title || t('compose.untitled')}
                </Link>
                {post.topic ? <div className="muted small">{post.topic}</div> : null}
              </td>
              <td>
                <PostStateBadge state={post.state} />
              </td>
              <td className="nowrap">{post.plannedAt ? formatInZone(post.plannedAt, post.timeZone, format.locale) : '—'}</td>
              <td className="num">{format.number(post.channels.length)}</td>
              <td>{post.createdBy ? (names.get(post.createdBy) ?? t('compose.someone')) : '—'}</td>
              <td className="nowrap">{format.dateTime(post.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
