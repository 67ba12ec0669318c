import { getRouteApi, Link } from '@tanstack/react-router';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel, Organisation } from '../../../api/types.js';
import { can, useMe } from '../../../app/me-context.js';
import { useOrganisationContext } from '../../../app/organisation-context.js';
import { Button, buttonClass } from '../../../ui/button.js';
import { ConfirmDialog } from '../../../ui/dialog.js';
import { PageHeader } from '../../../ui/page-header.js';
import { EmptyState, ErrorNotice, Notice, Skeleton } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { type ChannelFilters, useChannels } from '../api/get-channels.js';
import { useDeleteChannel } from '../api/delete-channel.js';
import { channelsExportUrl } from '../api/export-channels.js';
import { ChannelFiltersBar } from './channel-filters.js';
import { ChannelFormDialog } from './channel-form-dialog.js';
import { ChannelTable } from './channel-table.js';

const route = getRouteApi('/app/channels');

/** In the URL, "every organisation" is explicit, so that no organisation means "the one I work for". */
const ALL_ORGANISATIONS = 'all';

/** The channel register: filter, sort, add, edit, delete, import and export. */
export function ChannelsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const toast = useToast();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { organisationId: contextOrganisationId, organisations } = useOrganisationContext();

  const filters: ChannelFilters = useMemo(
    () => ({
      ...search,
      organisationId:
        search.organisationId === ALL_ORGANISATIONS ? undefined : (search.organisationId ?? contextOrganisationId ?? undefined),
    }),
    [search, contextOrganisationId],
  );
  const channels = useChannels(filters);
  const byId = useMemo(() => new Map(organisations.map((organisation) => [organisation.id, organisation])), [organisations]);

  const canWriteIn = useCallback((organisation: Organisation) => can.writeRegistry(me, organisation), [me]);
  const canEdit = useCallback((channel: Channel) => can.writeRegistry(me, byId.get(channel.organisationId)), [me, byId]);
  const writable = organisations.filter(canWriteIn);
  const defaultOrganisationId =
    (filters.organisationId && byId.get(filters.organisationId) && canWriteIn(byId.get(filters.organisationId) as Organisation)
      ? filters.organisationId
      : writable[0]?.id) ?? '';

  const [editing, setEditing] = useState<Channel | 'new' | null>(null);
  const [deleting, setDeleting] = useState<Channel | null>(null);
  const remove = useDeleteChannel();

  const onFiltersChange = useCallback(
    (changes: Partial<ChannelFilters>) =>
      void navigate({
        search: (previous) => ({
          ...previous,
          ...changes,
          ...('organisationId' in changes ? { organisationId: changes.organisationId ?? ALL_ORGANISATIONS } : {}),
        }),
        replace: true,
      }),
    [navigate],
  );
  const hasFilters = Boolean(search.network || search.status || search.language || search.q);

  const confirmDelete = () => {
    if (!deleting) return;
    const name = deleting.displayName || deleting.handle;
    remove.mutate(deleting.id, {
      onSuccess: () => {
        toast.show(t('channels.deleted', { name }));
        setDeleting(null);
      },
    });
  };

  return (
    <>
      <PageHeader
        title={t('channels.title')}
        description={t('channels.description')}
        actions={
          <>
            {writable.length > 0 ? <Button onPress={() => setEditing('new')}>{t('channels.new')}</Button> : null}
            {writable.length > 0 ? (
              <Link to="/channels/import" search={{ organisationId: filters.organisationId }} className={buttonClass('secondary')}>
                {t('channels.import')}
              </Link>
            ) : null}
            <a href={channelsExportUrl(filters.organisationId, filters.subtree !== false)} className={buttonClass('secondary')} download>
              {t('channels.export')}
            </a>
            <Link to="/channels/health" className={buttonClass('secondary')}>
              {t('nav.items.channelHealth')}
            </Link>
          </>
        }
      />

      <ChannelFiltersBar filters={filters} organisations={organisations} onChange={onFiltersChange} />

      {channels.data?.some((channel) => channel.isDemo) ? <Notice title={t('demo.title')}>{t('demo.channels')}</Notice> : null}

      {channels.isPending ? (
        <div className="card">
          <Skeleton lines={6} label={t('channels.loading')} />
        </div>
      ) : channels.isError ? (
        <ErrorNotice error={channels.error} title={t('channels.loadFailed')} onRetry={() => void channels.refetch()} />
      ) : channels.data.length === 0 ? (
        <div className="card">
          <EmptyState
            title={hasFilters ? t('channels.emptyFiltered') : t('channels.empty')}
            actions={
              hasFilters ? (
                <Button
                  variant="secondary"
                  onPress={() => onFiltersChange({ network: undefined, status: undefined, language: undefined, q: undefined })}
                >
                  {t('channels.clearFilters')}
                </Button>
              ) : writable.length > 0 ? (
                <Button onPress={() => setEditing('new')}>{t('channels.new')}</Button>
              ) : undefined
            }
          >
            {hasFilters ? t('channels.emptyFilteredHint') : t('channels.emptyHint')}
          </EmptyState>
        </div>
      ) : (
        <>
          <p className="muted small" role="status">
            {t('channels.count', { count: channels.data.length })}
          </p>
          <ChannelTable channels={channels.data} canEdit={canEdit} onEdit={setEditing} onDelete={setDeleting} />
        </>
      )}

      {editing !== null ? (
        <ChannelFormDialog
          isOpen
          onOpenChange={(open) => !open && setEditing(null)}
          channel={editing === 'new' ? undefined : editing}
          organisations={organisations}
          defaultOrganisationId={defaultOrganisationId}
          canWriteIn={canWriteIn}
        />
      ) : null}

      <ConfirmDialog
        isOpen={deleting !== null}
        onOpenChange={(open) => {
          if (!open) {
            setDeleting(null);
            remove.reset();
          }
        }}
        title={t('channels.deleteTitle')}
        confirmLabel={t('channels.deleteConfirm')}
        onConfirm={confirmDelete}
        isPending={remove.isPending}
        error={remove.error ? <ErrorNotice error={remove.error} /> : null}
      >
        <p>{t('channels.deleteBody', { name: deleting ? deleting.displayName || deleting.handle : '' })}</p>
        <p className="muted">{t('channels.deleteHint')}</p>
      </ConfirmDialog>
    </>
  );
}
