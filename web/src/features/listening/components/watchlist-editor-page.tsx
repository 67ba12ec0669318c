import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.js';
import type { Watchlist } from '../types.js';
import { Button, buttonClass } from '../../../ui/button.js';
import { ConfirmDialog } from '../../../ui/dialog.js';
import { CheckboxField, TextField } from '../../../ui/field.js';
import { FormRefusal } from '../../../ui/form-refusal.js';
import { PageHeader } from '../../../ui/page-header.js';
import { EmptyState, ErrorNotice, Skeleton } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { useCreateWatchlist } from '../api/create-watchlist.js';
import { useDeleteWatchlist } from '../api/delete-watchlist.js';
import { useWatchlist } from '../api/get-watchlist.js';
import { useParseQuery } from '../api/parse-query.js';
import { useUpdateWatchlist } from '../api/update-watchlist.js';
import { useListeningOrganisation } from '../use-listening-organisation.js';
import { useDebounced } from '../use-debounced.js';
import { ListeningNav } from './listening-nav.js';
import { LiveTestPanel } from './live-test-panel.js';
import { QueryEditor } from './query-editor.js';
import { QueryHelp } from './query-help.js';
import './listening.css';

const newRoute = getRouteApi('/app/listening/watchlists/new');
const editRoute = getRouteApi('/app/listening/watchlists/$watchlistId');

/** `/listening/watchlists/new?organisationId=…` */
export function NewWatchlistPage() {
  const { t } = useTranslation();
  const search = newRoute.useSearch();
  const { organisationId } = useListeningOrganisation(search.organisationId);
  if (!organisationId) {
    return (
      <>
        <PageHeader title={t('listening.editor.newTitle')} />
        <div className="card">
          <EmptyState title={t('listening.chooseOrganisation')} />
        </div>
      </>
    );
  }
  return <WatchlistEditor key={organisationId} organisationId={organisationId} />;
}

/** `/listening/watchlists/$watchlistId` */
export function EditWatchlistPage() {
  const { t } = useTranslation();
  const { watchlistId } = editRoute.useParams();
  const watchlist = useWatchlist(watchlistId);
  if (watchlist.isPending) {
    return (
      <>
        <PageHeader title={t('listening.editor.loadingTitle')} />
        <div className="card">
          <Skeleton lines={5} />
        </div>
      </>
    );
  }
  if (watchlist.isError) {
    return (
      <>
        <PageHeader title={t('listening.editor.loadingTitle')} />
        <ErrorNotice error={watchlist.error} title={t('listening.editor.loadFailed')} />
      </>
    );
  }
  return <WatchlistEditor key={watchlist.data.id} organisationId={watchlist.data.organisationId} watchlist={watchlist.data} />;
}

/**
 * Writing a watchlist: its name, the query (checked as it is typed, errors shown where they are),
 * whether it is active, with the syntax beside it and a live test on stored mentions below.
 */
function WatchlistEditor({ organisationId, watchlist }: { organisationId: string; watchlist?: Watchlist }) {
  const { t } = useTranslation();
  const toast = useToast();
  const navigate = useNavigate();
  const { mayManage, timeZone } = useListeningOrganisation(organisationId);

  const [name, setName] = useState(watchlist?.name ?? '');
  const [query, setQuery] = useState(watchlist?.query ?? '');
  const [active, setActive] = useState(watchlist?.active ?? true);
  const [deleting, setDeleting] = useState(false);
  // Empty fields are said at once, in the interface language, without asking the server.
  const [missing, setMissing] = useState<{ name: boolean; query: boolean }>({ name: false, query: false });
  const debounced = useDebounced(query, 350);
  const parse = useParseQuery(organisationId, debounced);
  const create = useCreateWatchlist();
  const update = useUpdateWatchlist();
  const remove = useDeleteWatchlist();
  const save = watchlist ? update : create;
  const failure = save.error;

  const checked = query.trim() === '' ? undefined : parse.data;
  const validQuery = checked?.ok && checked.query === debounced && debounced.trim() !== '' ? debounced : null;
  const fieldMessage = (path: string) =>
    isApiError(failure)
      ? failure.fields
          .filter((field) => field.path === path)
          .map((field) => field.message)
          .join(' ') || undefined
      : undefined;
  const nameError = missing.name ? t('listening.required') : fieldMessage('name');
  const queryError = missing.query ? t('listening.required') : fieldMessage('query');
  const toList = () => void navigate({ to: '/listening/watchlists', search: { organisationId } });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const empty = { name: name.trim() === '', query: query.trim() === '' };
    setMissing(empty);
    if (empty.name || empty.query) {
      document.getElementById(empty.name ? 'watchlist-name' : 'watchlist-query')?.focus();
      return;
    }
    const input = { name, query, active };
    const done = (saved: Watchlist) => {
      toast.show(t('listening.editor.saved', { name: saved.name }));
      toList();
    };
    if (watchlist) update.mutate({ id: watchlist.id, patch: input }, { onSuccess: done });
    else create.mutate({ organisationId, input }, { onSuccess: done });
  };
  const confirmDelete = () => {
    if (!watchlist) return;
    remove.mutate(watchlist, {
      onSuccess: () => {
        toast.show(t('listening.watchlists.toasts.deleted', { name: watchlist.name }));
        toList();
      },
    });
  };

  const title = watchlist ? t('listening.editor.editTitle', { name: watchlist.name }) : t('listening.editor.newTitle');
  return (
    <>
      <PageHeader
        title={title}
        description={t('listening.editor.description')}
        actions={
          watchlist ? (
            <Link
              to="/listening/watchlists/$watchlistId/alerts"
              params={{ watchlistId: watchlist.id }}
              className={buttonClass('secondary')}
            >
              {t('listeningAlerts.link')}
            </Link>
          ) : undefined
        }
      />
      <ListeningNav organisationId={organisationId} />
      {!mayManage ? <p className="muted">{t('listening.readOnly')}</p> : null}
      <div className="watchlist-editor">
        <form className="card form" onSubmit={submit} noValidate aria-labelledby="page-title">
          {failure || missing.name || missing.query ? (
            <FormRefusal
              title={t('listening.editor.notSaved')}
              failure={failure}
              fieldsMarked={nameError || queryError ? t('listening.editor.fixFields') : undefined}
            />
          ) : null}
          <TextField
            id="watchlist-name"
            label={t('listening.editor.name')}
            hint={t('listening.editor.nameHint')}
            value={name}
            onChange={(value) => {
              setName(value);
              setMissing((current) => ({ ...current, name: false }));
            }}
            error={nameError}
            required
            maxLength={200}
            readOnly={!mayManage}
          />
          <QueryEditor
            id="watchlist-query"
            value={query}
            onChange={(value) => {
              setQuery(value);
              setMissing((current) => ({ ...current, query: false }));
            }}
            checked={checked}
            isChecking={parse.isFetching || query !== debounced}
            checkFailed={parse.isError}
            saveError={queryError}
          />
          <CheckboxField
            label={t('listening.editor.active')}
            hint={t('listening.editor.activeHint')}
            checked={active}
            onChange={setActive}
          />
          <div className="form-actions">
            {watchlist && mayManage ? (
              <Button variant="ghost" onPress={() => setDeleting(true)} className="push-start">
                {t('common.delete')}
              </Button>
            ) : null}
            <Link to="/listening/watchlists" search={{ organisationId }} className={buttonClass('secondary')}>
              {t('common.cancel')}
            </Link>
            {mayManage ? (
              <Button type="submit" isPending={save.isPending}>
                {watchlist ? t('listening.editor.save') : t('listening.editor.create')}
              </Button>
            ) : null}
          </div>
        </form>
        <QueryHelp />
      </div>
      <LiveTestPanel organisationId={organisationId} query={validQuery} timeZone={timeZone} />
      <ConfirmDialog
        isOpen={deleting}
        onOpenChange={(open) => {
          if (!open) {
            setDeleting(false);
            remove.reset();
          }
        }}
        title={t('listening.watchlists.delete.title', { name: watchlist?.name ?? '' })}
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
