import { getRouteApi, Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Watchlist } from '../types.js';
import { Button } from '../../../ui/button.js';
import { ConfirmDialog } from '../../../ui/dialog.js';
import { PageHeader } from '../../../ui/page-header.js';
import { EmptyState, ErrorNotice, Skeleton } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { useWatchlist } from '../api/get-watchlist.js';
import { useListeningOrganisation } from '../use-listening-organisation.js';
import { ListeningNav } from '../components/listening-nav.js';
import { AlertRuleCard } from './alert-rule-card.js';
import { AlertRuleDialog } from './alert-rule-dialog.js';
import { useDeleteAlertRule } from './api/delete-alert-rule.js';
import { useAlertRules } from './api/get-alert-rules.js';
import { LiveAlertNotifications } from './live-alert-notifications.js';
import type { AlertRule } from './types.js';
import { WebhookSecretNotice } from './webhook-secret-notice.js';
import '../components/listening.css';
import './alerts.css';

const route = getRouteApi('/app/listening/watchlists/$watchlistId/alerts');

/** `/listening/watchlists/$watchlistId/alerts` */
export function AlertsPage() {
  const { t } = useTranslation();
  const { watchlistId } = route.useParams();
  const watchlist = useWatchlist(watchlistId);
  if (watchlist.isPending) {
    return (
      <>
        <PageHeader title={t('listeningAlerts.loadingTitle')} />
        <div className="card">
          <Skeleton lines={5} />
        </div>
      </>
    );
  }
  if (watchlist.isError) {
    return (
      <>
        <PageHeader title={t('listeningAlerts.loadingTitle')} />
        <ErrorNotice error={watchlist.error} title={t('listeningAlerts.loadFailed')} onRetry={() => void watchlist.refetch()} />
      </>
    );
  }
  return <WatchlistAlerts key={watchlist.data.id} watchlist={watchlist.data} />;
}

type Editing = { rule?: AlertRule } | null;

/**
 * The alert rules of one watchlist, each with its delivery log, and the organisation's in-app alerts
 * arriving live beside them; creating, changing, testing and deleting rules for those allowed.
 */
function WatchlistAlerts({ watchlist }: { watchlist: Watchlist }) {
  const { t } = useTranslation();
  const toast = useToast();
  const { organisationId, mayManage, timeZone } = useListeningOrganisation(watchlist.organisationId);
  const rules = useAlertRules(watchlist.id);
  const remove = useDeleteAlertRule();
  const [editing, setEditing] = useState<Editing>(null);
  const [deleting, setDeleting] = useState<AlertRule | null>(null);
  const [secret, setSecret] = useState<{ ruleName: string; value: string } | null>(null);

  const confirmDelete = () => {
    if (!deleting) return;
    const name = deleting.name;
    remove.mutate(deleting, {
      onSuccess: () => {
        toast.show(t('listeningAlerts.rules.toasts.deleted', { name }));
        setDeleting(null);
      },
    });
  };
  const list = rules.data ?? [];
  const newRule = mayManage ? <Button onPress={() => setEditing({})}>{t('listeningAlerts.rules.new')}</Button> : null;

  return (
    <>
      <PageHeader title={t('listeningAlerts.title', { name: watchlist.name })} description={t('listeningAlerts.description')}>
        <p>
          <Link to="/listening/watchlists/$watchlistId" params={{ watchlistId: watchlist.id }}>
            {t('listeningAlerts.backToWatchlist')}
          </Link>
        </p>
      </PageHeader>
      <ListeningNav organisationId={organisationId} />
      {!mayManage ? <p className="muted">{t('listeningAlerts.readOnly')}</p> : null}
      {secret ? <WebhookSecretNotice ruleName={secret.ruleName} secret={secret.value} onDone={() => setSecret(null)} /> : null}
      <div className="alerts-layout">
        <section className="alert-rules" aria-labelledby="alert-rules-title">
          <div className="listening-list-header">
            <h2 id="alert-rules-title" className="alert-rules-title">
              {t('listeningAlerts.rules.heading')}
            </h2>
            {list.length > 0 ? newRule : null}
          </div>
          {rules.isPending ? (
            <div className="card">
              <Skeleton lines={4} label={t('listeningAlerts.rules.loading')} />
            </div>
          ) : rules.isError ? (
            <ErrorNotice error={rules.error} title={t('listeningAlerts.rules.loadFailed')} onRetry={() => void rules.refetch()} />
          ) : list.length === 0 ? (
            <div className="card">
              <EmptyState level={3} title={t('listeningAlerts.rules.empty')} actions={newRule}>
                {t('listeningAlerts.rules.emptyHint')}
              </EmptyState>
            </div>
          ) : (
            <div className="alert-rule-list">
              {list.map((rule) => (
                <AlertRuleCard
                  key={rule.id}
                  rule={rule}
                  mayManage={mayManage}
                  timeZone={timeZone}
                  onEdit={(chosen) => setEditing({ rule: chosen })}
                  onDelete={setDeleting}
                />
              ))}
            </div>
          )}
        </section>
        <LiveAlertNotifications organisationId={organisationId} />
      </div>
      {editing ? (
        <AlertRuleDialog
          watchlistId={watchlist.id}
          timeZone={timeZone}
          rule={editing.rule}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            if (saved.generatedWebhookSecret) setSecret({ ruleName: saved.name, value: saved.generatedWebhookSecret });
          }}
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
        title={t('listeningAlerts.rules.delete.title', { name: deleting?.name ?? '' })}
        confirmLabel={t('common.delete')}
        onConfirm={confirmDelete}
        isPending={remove.isPending}
        error={remove.error ? <ErrorNotice error={remove.error} /> : null}
      >
        <p>{t('listeningAlerts.rules.delete.body')}</p>
      </ConfirmDialog>
    </>
  );
}
