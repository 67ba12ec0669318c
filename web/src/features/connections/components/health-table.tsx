import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../../api/types.js';
import type { ConnectionHealth, ConnectionStatus } from '../types.js';
import { useFormatters } from '../../../i18n/format.js';
import { Button } from '../../../ui/button.js';
import { NetworkLabel, useNetworkName } from '../../../ui/network-label.js';
import { SortableHeader, type SortValue, useSortState, useSortedRows } from '../../../ui/sortable-table.js';
import { StatusBadge } from '../../../ui/status-badge.js';
import { TableWrap } from '../../../ui/table-wrap.js';
import { localName } from '../../organisations/tree.js';
import { useHealthText } from '../health-text.js';
import { DEFAULT_TIME_ZONE, momentInZone, relativeTime } from '../time.js';
import { channelName } from './channel-name.js';
import { HealthBadge } from './health-badge.js';

/** Most urgent first when sorted by health. */
export const HEALTH_ORDER: readonly ConnectionHealth[] = ['expired', 'failing', 'expiring', 'not_connected', 'ok', 'unsupported'];

type SortColumn = 'channel' | 'organisation' | 'network' | 'health' | 'connected' | 'tokenExpiry' | 'lastSuccess';

type HealthTableProps = {
  rows: ConnectionStatus[];
  organisations: Map<string, Organisation>;
  canAct: (status: ConnectionStatus) => boolean;
  checkingId: string | null;
  onConnect: (status: ConnectionStatus) => void;
  onCheck: (status: ConnectionStatus) => void;
  onDisconnect: (status: ConnectionStatus) => void;
};

const time = (value: string | null | undefined) => (value ? Date.parse(value) : null);

/** Relative for a quick read, absolute (in the organisation's zone) to be sure. */
function When({ value, zone, locale }: { value: string; zone: string; locale: string }) {
  return (
    <>
      <time dateTime={value} className="nowrap">
        {relativeTime(value, locale)}
      </time>
      <div className="muted small nowrap">{momentInZone(value, zone, locale)}</div>
    </>
  );
}

/** Each channel's connection: health in words, who connected it when, token expiry, last success, actions. */
export function HealthTable({ rows, organisations, canAct, checkingId, onConnect, onCheck, onDisconnect }: HealthTableProps) {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const networkName = useNetworkName();
  const healthText = useHealthText();
  const language = i18n.resolvedLanguage ?? 'nl';
  const { sort, toggle } = useSortState<SortColumn>({ column: 'health', direction: 'ascending' });
  const organisationName = (id: string) => {
    const organisation = organisations.get(id);
    return organisation ? localName(organisation, language) : '—';
  };
  const accessors = useMemo<Record<SortColumn, (status: ConnectionStatus) => SortValue>>(
    () => ({
      channel: (status) => channelName(status),
      organisation: (status) => {
        const organisation = organisations.get(status.organisationId);
        return organisation ? localName(organisation, language) : null;
      },
      network: (status) => networkName(status.network),
      health: (status) => HEALTH_ORDER.indexOf(status.health),
      connected: (status) => time(status.connection?.connectedAt),
      tokenExpiry: (status) => time(status.connection?.tokenExpiresAt),
      lastSuccess: (status) => time(status.connection?.lastSuccessAt),
    }),
    [organisations, language, networkName],
  );
  const sorted = useSortedRows(rows, accessors, sort, format.locale);
  const caption = t('connections.table.caption', { count: rows.length });

  return (
    <TableWrap label={caption}>
      <table className="table health-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <SortableHeader column="channel" sort={sort} onSort={toggle}>
              {t('connections.table.channel')}
            </SortableHeader>
            <SortableHeader column="organisation" sort={sort} onSort={toggle}>
              {t('connections.table.organisation')}
            </SortableHeader>
            <SortableHeader column="network" sort={sort} onSort={toggle}>
              {t('connections.table.network')}
            </SortableHeader>
            <SortableHeader column="health" sort={sort} onSort={toggle}>
              {t('connections.table.health')}
            </SortableHeader>
            <SortableHeader column="connected" sort={sort} onSort={toggle}>
              {t('connections.table.connected')}
            </SortableHeader>
            <SortableHeader column="tokenExpiry" sort={sort} onSort={toggle}>
              {t('connections.table.tokenExpiry')}
            </SortableHeader>
            <SortableHeader column="lastSuccess" sort={sort} onSort={toggle}>
              {t('connections.table.lastSuccess')}
            </SortableHeader>
            <th scope="col" className="actions">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {sorted.map((status) => {
            const name = channelName(status);
            const zone = organisations.get(status.organisationId)?.timeZone ?? DEFAULT_TIME_ZONE;
            const connection = status.connection;
            return (
              <tr key={status.channelId}>
                <th scope="row">
                  <div>{name}</div>
                  {status.displayName ? <div className="muted small mono">{status.handle}</div> : null}
                  {status.channelStatus !== 'active' ? <StatusBadge status={status.channelStatus} /> : null}
                </th>
                <td>{organisationName(status.organisationId)}</td>
                <td>
                  <NetworkLabel network={status.network} />
                </td>
                <td className="health-cell">
                  <HealthBadge health={status.health} />
                  <div className="small">{healthText(status, zone)}</div>
                </td>
                <td>
                  {connection ? (
                    <>
                      <div className="nowrap">{momentInZone(connection.connectedAt, zone, format.locale)}</div>
                      {connection.connectedBy ? (
                        <div className="muted small">{t('connections.table.connectedBy', { name: connection.connectedBy.name })}</div>
                      ) : null}
                    </>
                  ) : (
                    '—'
                  )}
                </td>
                <td>
                  {!connection ? (
                    '—'
                  ) : connection.tokenExpiresAt ? (
                    <>
                      <When value={connection.tokenExpiresAt} zone={zone} locale={format.locale} />
                      {connection.canRefresh ? <div className="muted small">{t('connections.table.renews')}</div> : null}
                    </>
                  ) : (
                    t('connections.table.noExpiry')
                  )}
                </td>
                <td>
                  {!connection ? (
                    '—'
                  ) : connection.lastSuccessAt ? (
                    <When value={connection.lastSuccessAt} zone={zone} locale={format.locale} />
                  ) : (
                    t('connections.table.never')
                  )}
                </td>
                <td className="actions">
                  {status.method && canAct(status) ? (
                    <div className="row" style={{ justifyContent: 'flex-end' }}>
                      {connection ? (
                        <>
                          <Button
                            variant="secondary"
                            size="small"
                            onPress={() => onCheck(status)}
                            isPending={checkingId === status.channelId}
                            aria-label={t('connections.actions.checkNamed', { name })}
                          >
                            {t('connections.actions.check')}
                          </Button>
                          <Button
                            variant="secondary"
                            size="small"
                            onPress={() => onConnect(status)}
                            aria-label={t('connections.actions.reconnectNamed', { name })}
                          >
                            {t('connections.actions.reconnect')}
                          </Button>
                          <Button
                            variant="ghost"
                            size="small"
                            onPress={() => onDisconnect(status)}
                            aria-label={t('connections.actions.disconnectNamed', { name })}
                          >
                            {t('connections.actions.disconnect')}
                          </Button>
                        </>
                      ) : (
                        <Button size="small" onPress={() => onConnect(status)} aria-label={t('connections.actions.connectNamed', { name })}>
                          {t('connections.actions.connect')}
                        </Button>
                      )}
                    </div>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}
