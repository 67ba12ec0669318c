import { getRouteApi, Link } from '@tanstack/react-router';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CONNECTION_HEALTHS, type ConnectionHealth, type ConnectionStatus } from '../types.js';
import { useMe } from '../../../app/me-context.js';
import { useOrganisationContext } from '../../../app/organisation-context.js';
import { useFormatters } from '../../../i18n/format.js';
import { Button, buttonClass } from '../../../ui/button.js';
import { ConfirmDialog } from '../../../ui/dialog.js';
import { useErrorText } from '../../../ui/error-text.js';
import { SelectField } from '../../../ui/field.js';
import { PageHeader } from '../../../ui/page-header.js';
import { EmptyState, ErrorNotice, Skeleton } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { OrganisationSelect } from '../../organisations/components/organisation-select.js';
import { subtreeIds } from '../../organisations/tree.js';
import { useCheckConnection } from '../api/check-connection.js';
import { useDisconnectChannel } from '../api/disconnect-channel.js';
import { useChannelHealth } from '../api/get-channel-health.js';
import { canConnect } from '../can-connect.js';
import { useConnectionErrorText } from '../connection-errors/use-connection-error-text.js';
import { DEFAULT_TIME_ZONE } from '../time.js';
import { channelName } from './channel-name.js';
import { ConnectDialog } from './connect-dialog.js';
import { ConnectionOutcomeNotice } from './connection-outcome.js';
import { HealthIcon } from './health-badge.js';
import { HEALTH_ORDER, HealthTable } from './health-table.js';
import './connections.css';

const route = getRouteApi('/app/channels/health');

/** In the URL, "every organisation" is explicit, so that no organisation means "the one I work for". */
const ALL_ORGANISATIONS = 'all';

/**
 * Channel health: whether Kanaal can publish on each channel, in plain words, with connecting,
 * checking and disconnecting for those allowed to (`channels.connect`). The network's sign-in
 * sends the browser back here with `?connection=…`, shown as a notice until dismissed.
 */
export function ChannelHealthPage() {
  const { t } = useTranslation();
  const me = useMe();
  const toast = useToast();
  const errorText = useErrorText();
  const errorInWords = useConnectionErrorText();
  const format = useFormatters();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { organisationId: contextOrganisationId, organisations } = useOrganisationContext();
  const organisationId = search.organisationId === ALL_ORGANISATIONS ? '' : (search.organisationId ?? contextOrganisationId ?? '');
  const byId = useMemo(() => new Map(organisations.map((organisation) => [organisation.id, organisation])), [organisations]);

  // One list of everything the person may see, narrowed here to the organisation with its
  // sub-organisations (the API filters on one organisation only).
  const health = useChannelHealth();
  const inScope = useMemo(() => {
    const all = health.data ?? [];
    if (!organisationId) return all;
    const scope = subtreeIds(organisations, organisationId);
    return all.filter((status) => scope.has(status.organisationId));
  }, [health.data, organisationId, organisations]);
  const rows = useMemo(
    () => (search.health ? inScope.filter((status) => status.health === search.health) : inScope),
    [inScope, search.health],
  );
  const counts = useMemo(() => {
    const result = new Map<ConnectionHealth, number>();
    for (const status of inScope) result.set(status.health, (result.get(status.health) ?? 0) + 1);
    return result;
  }, [inScope]);

  const canAct = useCallback((status: ConnectionStatus) => canConnect(me, byId.get(status.organisationId)), [me, byId]);
  const [connecting, setConnecting] = useState<ConnectionStatus | null>(null);
  const [disconnecting, setDisconnecting] = useState<ConnectionStatus | null>(null);
  const check = useCheckConnection();
  const disconnect = useDisconnectChannel();

  const runCheck = (status: ConnectionStatus) =>
    check.mutate(status.channelId, {
      onSuccess: (result) => {
        const name = channelName(result);
        if (result.health === 'failing' || result.health === 'expired') {
          const timeZone = byId.get(result.organisationId)?.timeZone ?? DEFAULT_TIME_ZONE;
          const error = result.connection ? errorInWords(result.connection, timeZone).text : '';
          toast.show(t('connections.toasts.checkedFailed', { name, error }), 'danger');
        } else {
          toast.show(t('connections.toasts.checkedOk', { name }));
        }
      },
      onError: (error) => toast.show(errorText(error), 'danger'),
    });

  const confirmDisconnect = () => {
    if (!disconnecting) return;
    const name = channelName(disconnecting);
    disconnect.mutate(disconnecting.channelId, {
      onSuccess: () => {
        toast.show(t('connections.toasts.disconnected', { name }));
        setDisconnecting(null);
      },
    });
  };

  const dismissOutcome = () => {
    void navigate({
      search: (previous) => ({ ...previous, connection: undefined, channel: undefined, message: undefined }),
      replace: true,
    });
    document.getElementById('page-title')?.focus();
  };

  return (
    <>
      <PageHeader
        title={t('connections.title')}
        description={t('connections.description')}
        actions={
          <Link to="/channels" className={buttonClass('secondary')}>
            {t('connections.toChannels')}
          </Link>
        }
      />

      {search.connection ? (
        <ConnectionOutcomeNotice
          key={`${search.connection}-${search.channel ?? ''}`}
          outcome={search.connection}
          channelId={search.channel}
          message={search.message}
          onDismiss={dismissOutcome}
        />
      ) : null}

      <div className="filters">
        <OrganisationSelect
          label={t('connections.organisation')}
          hint={t('connections.organisationHint')}
          organisations={organisations}
          value={organisationId}
          emptyOption={t('connections.allOrganisations')}
          onChange={(id) =>
            void navigate({ search: (previous) => ({ ...previous, organisationId: id || ALL_ORGANISATIONS }), replace: true })
          }
        />
        <SelectField
          label={t('connections.health')}
          value={search.health ?? ''}
          emptyOption={t('connections.allHealths')}
          options={HEALTH_ORDER.map((value) => ({ value, label: t(`connections.healthNames.${value}`) }))}
          onChange={(value) =>
            void navigate({
              search: (previous) => ({ ...previous, health: CONNECTION_HEALTHS.find((candidate) => candidate === value) }),
              replace: true,
            })
          }
        />
      </div>

      {health.isPending ? (
        <div className="card">
          <Skeleton lines={6} label={t('connections.loading')} />
        </div>
      ) : health.isError ? (
        <ErrorNotice error={health.error} title={t('connections.loadFailed')} onRetry={() => void health.refetch()} />
      ) : inScope.length === 0 ? (
        <div className="card">
          <EmptyState title={t('connections.empty')}>{t('connections.emptyHint')}</EmptyState>
        </div>
      ) : (
        <>
          <section aria-labelledby="health-summary-title">
            <h2 id="health-summary-title" className="visually-hidden">
              {t('connections.summary')}
            </h2>
            <ul className="grid grid-stats health-summary">
              {HEALTH_ORDER.filter((value) => counts.get(value)).map((value) => (
                <li key={value} className="stat">
                  <span className="stat-value">{format.number(counts.get(value) ?? 0)}</span>
                  <span className="stat-label">
                    <HealthIcon health={value} />
                    {t(`connections.healthNames.${value}`)}
                  </span>
                </li>
              ))}
            </ul>
          </section>
          {!inScope.some(canAct) ? <p className="muted">{t('connections.readOnly')}</p> : null}
          {rows.length === 0 ? (
            <div className="card">
              <EmptyState
                title={t('connections.emptyFiltered')}
                actions={
                  <Button
                    variant="secondary"
                    onPress={() => void navigate({ search: (previous) => ({ ...previous, health: undefined }), replace: true })}
                  >
                    {t('connections.showAll')}
                  </Button>
                }
              />
            </div>
          ) : (
            <HealthTable
              rows={rows}
              organisations={byId}
              canAct={canAct}
              checkingId={check.isPending ? (check.variables ?? null) : null}
              onConnect={setConnecting}
              onCheck={runCheck}
              onDisconnect={setDisconnecting}
            />
          )}
        </>
      )}

      {connecting ? <ConnectDialog status={connecting} onClose={() => setConnecting(null)} /> : null}

      <ConfirmDialog
        isOpen={disconnecting !== null}
        onOpenChange={(open) => {
          if (!open) {
            setDisconnecting(null);
            disconnect.reset();
          }
        }}
        title={t('connections.disconnect.title', { name: disconnecting ? channelName(disconnecting) : '' })}
        confirmLabel={t('connections.disconnect.confirm')}
        onConfirm={confirmDisconnect}
        isPending={disconnect.isPending}
        error={disconnect.error ? <ErrorNotice error={disconnect.error} /> : null}
      >
        <p>{t('connections.disconnect.body', { name: disconnecting ? channelName(disconnecting) : '' })}</p>
        <p className="muted">{t('connections.disconnect.hint')}</p>
      </ConfirmDialog>
    </>
  );
}
