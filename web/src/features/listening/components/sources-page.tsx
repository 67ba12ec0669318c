import { getRouteApi } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ListeningSource } from '../types.js';
import { Button } from '../../../ui/button.js';
import { ConfirmDialog } from '../../../ui/dialog.js';
import { useErrorText } from '../../../ui/error-text.js';
import { PageHeader } from '../../../ui/page-header.js';
import { EmptyState, ErrorNotice, Skeleton } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { OrganisationSelect } from '../../organisations/components/organisation-select.js';
import { useDeleteSource } from '../api/delete-source.js';
import { useSources } from '../api/get-sources.js';
import { usePollSource } from '../api/poll-source.js';
import { useUpdateSource } from '../api/update-source.js';
import { useListeningOrganisation } from '../use-listening-organisation.js';
import { ListeningNav } from './listening-nav.js';
import { RetentionPanel } from './retention-panel.js';
import { useCodedText } from '../../../i18n/use-coded-text.js';
import { sourceErrorMessages } from '../source-errors/messages.js';
import { SourceDialog } from './source-dialog.js';
import { SourceTable } from './source-table.js';
import './listening.css';

const route = getRouteApi('/app/listening/sources');

/**
 * Where mentions come from: the organisation's feeds, pages, Mastodon and Bluesky streams and its
 * own accounts' mentions, each with its state in words; adding, changing, pausing, checking now
 * and removing for those who manage listening; and how long mentions are kept.
 */
export function SourcesPage() {
  const { t } = useTranslation();
  const toast = useToast();
  const errorText = useErrorText();
  const errorInWords = useCodedText(sourceErrorMessages);
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { organisationId, organisations, timeZone, mayManage } = useListeningOrganisation(search.organisationId);
  const sources = useSources(organisationId);
  const poll = usePollSource();
  const update = useUpdateSource();
  const remove = useDeleteSource();
  const [editing, setEditing] = useState<ListeningSource | 'new' | null>(null);
  const [deleting, setDeleting] = useState<ListeningSource | null>(null);

  const check = (source: ListeningSource) =>
    poll.mutate(source.id, {
      onSuccess: (outcome) => {
        if (outcome.error) {
          const { lastErrorCode, lastErrorParams } = outcome.source.state;
          const error = errorInWords(lastErrorCode, lastErrorParams, outcome.error).text;
          toast.show(t('listening.sources.toasts.checkFailed', { name: source.name, error }), 'danger');
        } else
          toast.show(
            t('listening.sources.toasts.checked', {
              name: source.name,
              count: outcome.stored,
              received: outcome.received,
              skipped: outcome.skipped,
              matched: outcome.matched,
            }),
          );
      },
      onError: (error) => toast.show(errorText(error), 'danger'),
    });
  const toggle = (source: ListeningSource) =>
    update.mutate(
      { id: source.id, patch: { active: !source.active } },
      {
        onSuccess: (saved) =>
          toast.show(t(saved.active ? 'listening.sources.toasts.activated' : 'listening.sources.toasts.paused', { name: saved.name })),
        onError: (error) => toast.show(errorText(error), 'danger'),
      },
    );
  const confirmDelete = () => {
    if (!deleting) return;
    const name = deleting.name;
    remove.mutate(deleting, {
      onSuccess: () => {
        toast.show(t('listening.sources.toasts.deleted', { name }));
        setDeleting(null);
      },
    });
  };

  return (
    <>
      <PageHeader
        title={t('listening.sources.title')}
        description={t('listening.sources.description')}
        actions={mayManage && organisationId ? <Button onPress={() => setEditing('new')}>{t('listening.sources.add')}</Button> : undefined}
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
      ) : (
        <div className="stack">
          {sources.isPending ? (
            <div className="card">
              <Skeleton lines={4} label={t('listening.sources.loading')} />
            </div>
          ) : sources.isError ? (
            <ErrorNotice error={sources.error} title={t('listening.sources.loadFailed')} onRetry={() => void sources.refetch()} />
          ) : sources.data.length === 0 ? (
            <div className="card">
              <EmptyState title={t('listening.sources.empty')}>{t('listening.sources.emptyHint')}</EmptyState>
            </div>
          ) : (
            <div>
              {!mayManage ? <p className="muted">{t('listening.readOnly')}</p> : null}
              <SourceTable
                sources={sources.data}
                timeZone={timeZone}
                mayManage={mayManage}
                checkingId={poll.isPending ? (poll.variables ?? null) : null}
                togglingId={update.isPending ? (update.variables?.id ?? null) : null}
                onToggle={toggle}
                onCheck={check}
                onEdit={setEditing}
                onDelete={setDeleting}
              />
            </div>
          )}
          <RetentionPanel key={organisationId} organisationId={organisationId} mayManage={mayManage} />
        </div>
      )}

      {editing ? (
        <SourceDialog organisationId={organisationId} source={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />
      ) : null}
      <ConfirmDialog
        isOpen={deleting !== null}
        onOpenChange={(open) => {
          if (!open) {
            setDeleting(null);
            remove.reset();
          }
        }}
        title={t('listening.sources.delete.title', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        onConfirm={confirmDelete}
        isPending={remove.isPending}
        error={remove.error ? <ErrorNotice error={remove.error} /> : null}
      >
        <p>{t('listening.sources.delete.body')}</p>
      </ConfirmDialog>
    </>
  );
}
