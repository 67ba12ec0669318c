import { useTranslation } from 'react-i18next';
import type { Channel, Publication } from '../../../api/types.js';
import { useFormatters } from '../../../i18n/format.js';
import { formatInZone } from '../../../i18n/zoned-time.js';
import { Icon } from '../../../ui/icons.js';
import { useNetworkName } from '../../../ui/network-label.js';
import { TableWrap } from '../../../ui/table-wrap.js';
import { channelName, excerpt, PublicationChannel } from './publication-channel.js';
import { PublicationStateBadge } from './publication-state-badge.js';

type PublicationTableProps = {
  publications: Publication[];
  channels: Map<string, Channel>;
  caption: string;
  onOpen: (id: string) => void;
};

/**
 * Publications as a table. A click anywhere on a row opens its details; for keyboards and screen
 * readers the "Details" button in the row does the same, and a published row links to the post.
 */
export function PublicationTable({ publications, channels, caption, onOpen }: PublicationTableProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const networkName = useNetworkName();
  return (
    <TableWrap label={caption}>
      <table className="table table--clickable">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('publishing.table.channel')}</th>
            <th scope="col">{t('publishing.table.content')}</th>
            <th scope="col">{t('publishing.table.planned')}</th>
            <th scope="col">{t('publishing.table.state')}</th>
            <th scope="col">{t('publishing.table.link')}</th>
            <th scope="col" className="actions">
              <span className="visually-hidden">{t('common.actions')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {publications.map((publication) => {
            const channel = channels.get(publication.channelId);
            const name = channelName(channel, t('crisis.held.unknownChannel'));
            // A click on the row is a mouse shortcut; the row's Details button is the keyboard path.
            return (
              <tr key={publication.id} onClick={() => onOpen(publication.id)}>
                <td>
                  <PublicationChannel channel={channel} />
                </td>
                <td>
                  <span className="excerpt">{excerpt(publication.text) || <span className="muted">{t('crisis.held.noText')}</span>}</span>
                  {publication.media.length > 0 ? (
                    <div className="muted small">{t('crisis.held.media', { count: publication.media.length })}</div>
                  ) : null}
                </td>
                <td className="nowrap">{formatInZone(publication.dueAt, publication.timeZone, format.locale)}</td>
                <td>
                  <PublicationStateBadge state={publication.state} />
                </td>
                <td>
                  {publication.state === 'published' && publication.remoteUrl ? (
                    <a
                      href={publication.remoteUrl}
                      target="_blank"
                      rel="noopener noreferrer"
                      className="nowrap"
                      aria-label={`${t('publishing.table.viewOnNetworkNamed', { network: channel ? networkName(channel.network) : name })} (${t('common.opensInNewTab')})`}
                      onClick={(event) => event.stopPropagation()}
                    >
                      {t('publishing.table.viewOnNetwork')} <Icon name="external" className="inline-icon" />
                    </a>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
                <td className="actions">
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    aria-label={t('publishing.table.detailsNamed', { channel: name })}
                    aria-haspopup="dialog"
                    onClick={(event) => {
                      event.stopPropagation();
                      onOpen(publication.id);
                    }}
                  >
                    {t('publishing.table.details')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}
