import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Watchlist } from '../types.js';
import { useFormatters } from '../../../i18n/format.js';
import { Badge } from '../../../ui/badge.js';
import { Button, buttonClass } from '../../../ui/button.js';
import { ConfirmDialog } from '../../../ui/dialog.js';
import { useErrorText } from '../../../ui/error-text.js';
import { PageHeader } from '../../../ui/page-header.js';
import { EmptyState, ErrorNotice, Skeleton } from '../../../ui/states.js';
import { TableWrap } from '../../../ui/table-wrap.js';
import { useToast } from '../../../ui/toast.js';
import { OrganisationSelect } from '../../organisations/components/organisation-select.js';
import { useDeleteWatchlist } from '../api/delete-watchlist.js';
import { useWatchlists } from '../api/get-watchlists.js';
import { useUpdateWatchlist } from '../api/update-watchlist.js';
import { useListeningOrganisation } from '../use-listening-organisation.js';
import { ListeningNav } from './listening-nav.js';
import './listening.css';

const route = getRouteApi('/app/listening/watchlists');

/** The organisation's watchlists: query, state, matches so far; editing for those allowed. */
export function WatchlistsPage() {
  const { t } = useTranslation();
  const toast = useToast();
  const errorText = useErrorText();
  const format = useFormatters();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { organisationId, organisations, mayManage } = useListeningOrganisation(search.organisationId);
  const watchlists = useWatchlists(organisationId);
  const update = useUpdateWatchlist();
  const remove = useDeleteWatchlist();
  const [deleting, setDeleting] = useState<Watchlist | null>(null);

  const toggle = (watchlist: Watchlist) =>
    update.mutate(
      { id: watchlist.id, patch: { active: !watchlist.active } },
      {
        onSuccess: (saved) =>
          toast.show(
            t(saved.active ? 'listening.watchlists.toasts.activated' : 'listening.watchlists.toasts.paused', { name: saved.name }),
          ),
        onError: (error) => toast.show(errorText(error), 'danger'),
      },
    );
  const confirmDelete = () => {
    if (!deleting) return;
    const name = deleting.name;
    remove.mutate(deleting, {
      onSuccess: () => {
        toast.show(t('listening.watchlists.toasts.deleted', { name }));
        setDeleting(null);
      },
    });
  };
  const rows = watchlists.data ?? [];
  const caption = t('listening.watchlists.caption', { count: rows.length });

  return (
    <>
      <PageHeader
        title={t('listening.watchlists.title')}
        description={t('listening.watchlists.description')}
        actions={
          mayManage && organisationId ? (
            <Link to="/listening/watchlists/new" search={{ organisationId }} className={buttonClass('primary')}>
              {t('listening.watchlists.new')}
            </Link>
          ) : undefined
        }
      />
      <ListeningNav organisationId={organisationId} />
      <div className="filters">
        <OrganisationSelect
          label={t('listening.filters.organisation')}
          organisations={organisations}
          value={organisationId}
          onChange={(id) => void navigate({ search: { organisationId: id || undefined }, replace: true })}
        />
      </div>
      {!organisationId ? (
        <div className="card">
          <EmptyState title={t('listening.chooseOrganisation')} />
        </div>
      ) : watchlists.isPending ? (
        <div className="card">
          <Skeleton lines={4} label={t('listening.watchlists.loading')} />
        </div>
      ) : watchlists.isError ? (
        <ErrorNotice error={watchlists.error} title={t('listening.watchlists.loadFailed')} onRetry={() => void watchlists.refetch()} />
      ) : rows.length === 0 ? (
        <div className="card">
          <EmptyState title={t('listening.watchlists.empty')}>{t('listening.watchlists.emptyHint')}</EmptyState>
        </div>
      ) : (
        <>
          {!mayManage ? <p className="muted">{t('listening.readOnly')}</p> : null}
          <TableWrap label={caption}>
            <table className="table">
              <caption className="visually-hidden">{caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('listening.watchlists.name')}</th>
                  <th scope="col">{t('listening.watchlists.query')}</th>
                  <th scope="col">{t('listening.watchlists.state')}</th>
                  <th scope="col" className="num">
                    {t('listening.watchlists.matches')}
                  </th>
                  <th scope="col" className="actions">
                    <span className="visually-hidden">{t('common.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((watchlist) => (
                  <tr key={watchlist.id}>
                    <th scope="row">
                      {mayManage ? (
                        <Link to="/listening/watchlists/$watchlistId" params={{ watchlistId: watchlist.id }}>
                          {watchlist.name}
                        </Link>
                      ) : (
                        watchlist.name
                      )}
                    </th>
                    <td>
                      <code className="query-inline">{watchlist.query}</code>
                    </td>
                    <td>
                      {watchlist.active ? (
                        <Badge tone="success" dot>
                          {t('listening.watchlists.active')}
                        </Badge>
                      ) : (
                        <Badge tone="neutral">{t('listening.watchlists.paused')}</Badge>
                      )}
                    </td>
                    <td className="num">
                      <Link
                        to="/listening"
                        search={{ organisationId, watchlistId: watchlist.id }}
                        aria-label={t('listening.watchlists.showMentionsNamed', { count: watchlist.matchCount, name: watchlist.name })}
                      >
                        {format.number(watchlist.matchCount)}
                      </Link>
                    </td>
                    <td className="actions">
                      <div className="row" style={{ justifyContent: 'flex-end' }}>
                        <Link
                          to="/listening/watchlists/$watchlistId/alerts"
                          params={{ watchlistId: watchlist.id }}
                          className={buttonClass('secondary', 'small')}
                          aria-label={t('listeningAlerts.linkNamed', { name: watchlist.name })}
                        >
                          {t('listeningAlerts.link')}
                        </Link>
                        {mayManage ? (
                          <>
                            <Link
                              to="/listening/watchlists/$watchlistId"
                              params={{ watchlistId: watchlist.id }}
                              className={buttonClass('secondary', 'small')}
                              aria-label={t('listening.watchlists.editNamed', { name: watchlist.name })}
                            >
                              {t('common.edit')}
                            </Link>
                            <Button
                              variant="secondary"
                              size="small"
                              onPress={() => toggle(watchlist)}
                              isPending={update.isPending && update.variables?.id === watchlist.id}
                              aria-label={t(watchlist.active ? 'listening.watchlists.pauseNamed' : 'listening.watchlists.activateNamed', {
                                name: watchlist.name,
                              })}
                            >
                              {t(watchlist.active ? 'listening.watchlists.pause' : 'listening.watchlists.activate')}
                            </Button>
                            <Button
                              variant="ghost"
                              size="small"
                              onPress={() => setDeleting(watchlist)}
                              aria-label={t('listening.watchlists.deleteNamed', { name: watchlist.name })}
                            >
                              {t('common.delete')}
                            </Button>
                          </>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      )}
      <ConfirmDialog
        isOpen={deleting !== null}
        onOpenChange={(open) => {
          if (!open) {
            setDeleting(null);
            remove.reset();
          }
        }}
        title={t('listening.watchlists.delete.title', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        onConfirm={confirmDelete}
        isPending={remove.isPending}
        error={remove.error ? <ErrorNotice error={remove.error} /> : null}
      >
        <p>{t('listening.watchlists.delete.body')}</p>
      </ConfirmDialog>
    </>
  );
}
