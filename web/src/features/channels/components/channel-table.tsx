import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Channel } from '../../../api/types.js';
import { useFormatters } from '../../../i18n/format.js';
import { Badge } from '../../../ui/badge.js';
import { Button } from '../../../ui/button.js';
import { NetworkLabel, useNetworkName } from '../../../ui/network-label.js';
import { SortableHeader, type SortValue, useSortState, useSortedRows } from '../../../ui/sortable-table.js';
import { StatusBadge } from '../../../ui/status-badge.js';
import { isFigureStale } from '../attention.js';
import { TableWrap } from '../../../ui/table-wrap.js';

type SortColumn = 'channel' | 'organisation' | 'network' | 'status' | 'followers';

type ChannelTableProps = {
  channels: Channel[];
  canEdit: (channel: Channel) => boolean;
  onEdit: (channel: Channel) => void;
  onDelete: (channel: Channel) => void;
};

/** The channel register as a table: sortable headers, status in words, follower figures with their date. */
export function ChannelTable({ channels, canEdit, onEdit, onDelete }: ChannelTableProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const networkName = useNetworkName();
  const { sort, toggle } = useSortState<SortColumn>({ column: 'organisation', direction: 'ascending' });
  const accessors = useMemo<Record<SortColumn, (channel: Channel) => SortValue>>(
    () => ({
      channel: (channel) => channel.displayName || channel.handle,
      organisation: (channel) => `${channel.organisationName}\u0000${channel.network}\u0000${channel.handle}`,
      network: (channel) => networkName(channel.network),
      status: (channel) => t(`channelStatus.${channel.status}`),
      followers: (channel) => channel.followerCount,
    }),
    [networkName, t],
  );
  const rows = useSortedRows(channels, accessors, sort, format.locale);

  return (
    <TableWrap label={t('channels.table.caption', { count: channels.length })}>
      <table className="table">
        <caption className="visually-hidden">{t('channels.table.caption', { count: channels.length })}</caption>
        <thead>
          <tr>
            <SortableHeader column="channel" sort={sort} onSort={toggle}>
              {t('channels.table.channel')}
            </SortableHeader>
            <SortableHeader column="organisation" sort={sort} onSort={toggle}>
              {t('channels.table.organisation')}
            </SortableHeader>
            <SortableHeader column="network" sort={sort} onSort={toggle}>
              {t('channels.table.network')}
            </SortableHeader>
            <SortableHeader column="status" sort={sort} onSort={toggle}>
              {t('channels.table.status')}
            </SortableHeader>
            <th scope="col">{t('channels.table.languages')}</th>
            <SortableHeader column="followers" sort={sort} onSort={toggle} className="num">
              {t('channels.table.followers')}
            </SortableHeader>
            <th scope="col" className="actions">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((channel) => {
            const label = channel.displayName || channel.handle;
            return (
              <tr key={channel.id}>
                <th scope="row">
                  <div>
                    {channel.profileUrl ? (
                      <a href={channel.profileUrl} target="_blank" rel="noopener noreferrer">
                        {label}
                        <span className="visually-hidden"> ({t('common.opensInNewTab')})</span>
                      </a>
                    ) : (
                      label
                    )}
                  </div>
                  {channel.displayName ? <div className="muted small mono">{channel.handle}</div> : null}
                  {channel.isDemo ? <Badge tone="info">{t('common.demo')}</Badge> : null}
                </th>
                <td>{channel.organisationName}</td>
                <td>
                  <NetworkLabel network={channel.network} />
                </td>
                <td>
                  <StatusBadge status={channel.status} />
                </td>
                <td>{channel.languages.map((language) => language.toUpperCase()).join(', ') || '—'}</td>
                <td className="num">
                  {channel.followerCount === null ? (
                    <span className="muted">{t('channels.table.noFigure')}</span>
                  ) : (
                    <>
                      <span className="nowrap">
                        {format.number(channel.followerCount)} {t(`followerUnits.${channel.followerUnit}`)}
                      </span>
                      <div className="muted small nowrap">
                        {t('channels.table.measuredOnDate', { date: format.date(channel.followersMeasuredOn) })}
                      </div>
                      {isFigureStale(channel.followersMeasuredOn) && channel.status !== 'archived' ? (
                        <Badge tone="warning">{t('attention.stale')}</Badge>
                      ) : null}
                    </>
                  )}
                </td>
                <td className="actions">
                  {canEdit(channel) ? (
                    <div className="row" style={{ justifyContent: 'flex-end' }}>
                      <Button
                        variant="secondary"
                        size="small"
                        onPress={() => onEdit(channel)}
                        aria-label={t('channels.editNamed', { name: label })}
                      >
                        {t('common.edit')}
                      </Button>
                      <Button
                        variant="ghost"
                        size="small"
                        onPress={() => onDelete(channel)}
                        aria-label={t('channels.deleteNamed', { name: label })}
                      >
                        {t('common.delete')}
                      </Button>
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
