import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import type { Channel, PublicationDetail } from '../../../api/types.js';
import { useFormatters } from '../../../i18n/format.js';
import { formatInZone } from '../../../i18n/zoned-time.js';
import { ModalDialog } from '../../../ui/dialog.js';
import { Icon } from '../../../ui/icons.js';
import { ErrorNotice, Notice, Skeleton } from '../../../ui/states.js';
import { TableWrap } from '../../../ui/table-wrap.js';
import { usePublication } from '../api/get-publication.js';
import { channelName, PublicationChannel } from './publication-channel.js';
import { PublicationStateBadge } from './publication-state-badge.js';

type PublicationDetailDialogProps = { publicationId: string; channels: Map<string, Channel>; onClose: () => void };

/** One publication: what it says, when, where it stands, and every attempt to send it in plain words. */
export function PublicationDetailDialog({ publicationId, channels, onClose }: PublicationDetailDialogProps) {
  const { t } = useTranslation();
  const publication = usePublication(publicationId);
  const channel = publication.data ? channels.get(publication.data.channelId) : undefined;
  return (
    <ModalDialog
      isOpen
      isDismissable
      size="wide"
      onOpenChange={(open) => !open && onClose()}
      title={t('publishing.detail.title', { channel: channelName(channel, t('crisis.held.unknownChannel')) })}
    >
      {publication.isPending ? (
        <Skeleton lines={5} />
      ) : publication.isError ? (
        <ErrorNotice error={publication.error} title={t('publishing.detail.loadFailed')} onRetry={() => void publication.refetch()} />
      ) : (
        <PublicationDetailBody publication={publication.data} channel={channel} />
      )}
    </ModalDialog>
  );
}

function PublicationDetailBody({ publication, channel }: { publication: PublicationDetail; channel: Channel | undefined }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const inZone = (value: string | null) => formatInZone(value, publication.timeZone, format.locale);
  return (
    <div className="stack">
      {publication.state === 'held' ? (
        <Notice tone="warning">
          {t('publishing.detail.heldByPause')} <Link to="/crisis">{t('crisis.banner.link')}</Link>
        </Notice>
      ) : null}
      {publication.failureReason ? (
        <Notice tone="danger" title={t('publishing.detail.failureReason')}>
          {publication.failureReason}
        </Notice>
      ) : null}
      <dl className="details">
        <dt>{t('publishing.table.channel')}</dt>
        <dd>
          <PublicationChannel channel={channel} />
        </dd>
        <dt>{t('publishing.detail.state')}</dt>
        <dd>
          <PublicationStateBadge state={publication.state} />
        </dd>
        <dt>{t('publishing.detail.planned')}</dt>
        <dd>{inZone(publication.dueAt)}</dd>
        {publication.publishedAt ? (
          <>
            <dt>{t('publishing.detail.publishedAt')}</dt>
            <dd>{inZone(publication.publishedAt)}</dd>
          </>
        ) : null}
        <dt>{t('publishing.detail.text')}</dt>
        <dd className="pre-wrap" lang={publication.language ?? undefined}>
          {publication.text || <span className="muted">{t('crisis.held.noText')}</span>}
        </dd>
        <dt>{t('publishing.detail.media')}</dt>
        <dd>
          {publication.media.length === 0 ? (
            t('publishing.detail.noMedia')
          ) : (
            <ul className="plain-list">
              {publication.media.map((media) => (
                <li key={media.storageKey}>
                  <span className="mono small">{media.fileName}</span>
                  {media.altText ? <div className="muted small">{media.altText}</div> : null}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      {publication.nextReconcileAt ? (
        <p className="muted small">{t('publishing.detail.nextCheck', { time: inZone(publication.nextReconcileAt) })}</p>
      ) : null}
      {publication.state === 'published' && publication.remoteUrl ? (
        <p>
          <a href={publication.remoteUrl} target="_blank" rel="noopener noreferrer">
            {t('publishing.detail.viewOnNetwork')} <Icon name="external" className="inline-icon" />
            <span className="visually-hidden"> ({t('common.opensInNewTab')})</span>
          </a>
        </p>
      ) : null}
      <h3>{t('publishing.detail.attempts')}</h3>
      {publication.attempts.length === 0 ? (
        <p className="muted">{t('publishing.detail.noAttempts')}</p>
      ) : (
        <TableWrap label={t('publishing.detail.attemptsCaption')}>
          <table className="table table--compact">
            <caption className="visually-hidden">{t('publishing.detail.attemptsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('publishing.detail.time')}</th>
                <th scope="col">{t('publishing.detail.outcome')}</th>
                <th scope="col">{t('publishing.detail.httpStatus')}</th>
                <th scope="col">{t('publishing.detail.requestId')}</th>
                <th scope="col">{t('publishing.detail.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {publication.attempts.map((attempt) => (
                <tr key={attempt.id}>
                  <td className="nowrap">{inZone(attempt.startedAt)}</td>
                  <td>{t(`attemptOutcomes.${attempt.outcome}`)}</td>
                  <td className="mono">{attempt.httpStatus ?? '—'}</td>
                  <td className="mono small">{attempt.requestId ?? '—'}</td>
                  <td className="small">{attempt.detail ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </div>
  );
}
