import { getRouteApi, Link } from '@tanstack/react-router';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { MentionQuery } from '../types.js';
import { useFormatters } from '../../../i18n/format.js';
import { useUiLocale } from '../../../i18n/use-ui-locale.js';
import { Button, buttonClass } from '../../../ui/button.js';
import { PageHeader } from '../../../ui/page-header.js';
import { EmptyState, ErrorNotice, Skeleton } from '../../../ui/states.js';
import { mentionsExportUrl } from '../api/export-mentions.js';
import { useMentions } from '../api/get-mentions.js';
import { useListeningOrganisation } from '../use-listening-organisation.js';
import { useSources } from '../api/get-sources.js';
import { useWatchlists } from '../api/get-watchlists.js';
import { dateRangeToInstants } from '../date-range.js';
import { LiveAlertNotifications } from '../alerts/live-alert-notifications.js';
import { ListeningNav } from './listening-nav.js';
import { MentionCard } from './mention-card.js';
import { type MentionFilterValues, MentionFilters } from './mention-filters.js';
import './listening.css';

const route = getRouteApi('/app/listening');

/**
 * The mention stream: what the sources brought in, newest first, narrowed by watchlist, source,
 * language, dates and a full-text search; matched words are marked and each match says why.
 */
export function MentionsPage() {
  const { t } = useTranslation();
  const format = useFormatters();
  const locale = useUiLocale();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { organisationId, organisations, timeZone } = useListeningOrganisation(search.organisationId);
  const watchlists = useWatchlists(organisationId);
  const sources = useSources(organisationId);

  const query = useMemo<MentionQuery | null>(() => {
    if (!organisationId) return null;
    return {
      organisationId,
      watchlistId: search.watchlistId,
      sourceId: search.sourceId,
      language: search.language,
      q: search.q,
      ...dateRangeToInstants(search.from, search.to, timeZone),
    };
  }, [organisationId, search, timeZone]);
  const mentions = useMentions(query);
  const items = useMemo(() => mentions.data?.pages.flatMap((page) => page.items) ?? [], [mentions.data]);
  const filtered = Boolean(search.watchlistId || search.sourceId || search.language || search.from || search.to || search.q);
  const watchlistName = watchlists.data?.find((watchlist) => watchlist.id === search.watchlistId)?.name;

  const onChange = useCallback(
    (changes: Partial<MentionFilterValues>) => void navigate({ search: (previous) => ({ ...previous, ...changes }), replace: true }),
    [navigate],
  );
  const clear = () => void navigate({ search: { organisationId: search.organisationId }, replace: true });

  return (
    <>
      <PageHeader
        title={t('listening.mentions.title')}
        description={t('listening.mentions.description')}
        actions={
          query ? (
            <a href={mentionsExportUrl(query, locale)} className={buttonClass('secondary')} download>
              {t('listening.mentions.export')}
            </a>
          ) : null
        }
      />
      <ListeningNav organisationId={organisationId} />
      <MentionFilters
        filters={search}
        organisationId={organisationId}
        organisations={organisations}
        watchlists={watchlists.data ?? []}
        sources={sources.data ?? []}
        onChange={onChange}
      />
      <div className="alerts-layout">
        <section aria-labelledby="mentions-heading">
          <div className="listening-list-header">
            <h2 id="mentions-heading">
              {watchlistName ? t('listening.mentions.headingFor', { name: watchlistName }) : t('listening.mentions.heading')}
            </h2>
            <p className="muted small">{t('listening.mentions.legend')}</p>
          </div>
          {!organisationId ? (
            <div className="card">
              <EmptyState title={t('listening.chooseOrganisation')} />
            </div>
          ) : mentions.isPending ? (
            <div className="card">
              <Skeleton lines={6} label={t('listening.mentions.loading')} />
            </div>
          ) : !mentions.data ? (
            <ErrorNotice error={mentions.error} title={t('listening.mentions.loadFailed')} onRetry={() => void mentions.refetch()} />
          ) : items.length === 0 ? (
            <div className="card">
              {filtered ? (
                <EmptyState
                  title={t('listening.mentions.emptyFiltered')}
                  actions={
                    <Button variant="secondary" onPress={clear}>
                      {t('listening.mentions.clearFilters')}
                    </Button>
                  }
                />
              ) : (
                <EmptyState
                  title={t('listening.mentions.empty')}
                  actions={
                    <Link to="/listening/sources" search={{ organisationId }} className={buttonClass('secondary')}>
                      {t('listening.mentions.toSources')}
                    </Link>
                  }
                >
                  {t('listening.mentions.emptyHint')}
                </EmptyState>
              )}
            </div>
          ) : (
            <>
              <p className="muted small" role="status">
                {mentions.hasNextPage
                  ? t('listening.mentions.shownMore', { count: items.length, shown: format.number(items.length) })
                  : t('listening.mentions.shown', { count: items.length, shown: format.number(items.length) })}
              </p>
              <ol className="mention-list">
                {items.map((mention) => (
                  <li key={mention.id}>
                    <MentionCard mention={mention} timeZone={timeZone} />
                  </li>
                ))}
              </ol>
              {mentions.hasNextPage ? (
                <div className="page-actions">
                  <Button variant="secondary" onPress={() => void mentions.fetchNextPage()} isPending={mentions.isFetchingNextPage}>
                    {t('listening.mentions.loadMore')}
                  </Button>
                </div>
              ) : null}
              {mentions.isFetchNextPageError ? <ErrorNotice error={mentions.error} onRetry={() => void mentions.fetchNextPage()} /> : null}
            </>
          )}
        </section>
        {organisationId ? <LiveAlertNotifications organisationId={organisationId} /> : null}
      </div>
    </>
  );
}
