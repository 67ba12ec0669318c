import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../../i18n/format.js';
import { formatInZone } from '../../../i18n/zoned-time.js';
import { Badge } from '../../../ui/badge.js';
import { useAlertWords } from './alert-words.js';
import type { AlertNotification } from './types.js';

/** Mentions linked one by one; beyond that, the watchlist's mention stream is linked. */
const LINKED_MENTIONS = 3;

type AlertNotificationItemProps = {
  notification: AlertNotification;
  organisationId: string;
  timeZone: string;
  /** Arrived through the live stream while the page was open. */
  isNew: boolean;
};

/** One in-app alert: what happened in words, when, and links to its mention(s) and to the rule's page. */
export function AlertNotificationItem({ notification, organisationId, timeZone, isNew }: AlertNotificationItemProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const words = useAlertWords();
  const headlineId = `alert-notification-${notification.id}`;
  const mentions = notification.mentionIds;
  const watchlist = notification.watchlistName;

  return (
    <li className={['live-alert', isNew ? 'live-alert--new' : ''].filter(Boolean).join(' ')}>
      <p className="live-alert-headline">
        <strong id={headlineId}>{words.headline(notification)}</strong>
        {isNew ? <Badge tone="info">{t('listeningAlerts.live.isNew')}</Badge> : null}
      </p>
      <p className="small muted">
        <time dateTime={notification.createdAt}>{formatInZone(notification.createdAt, timeZone, format.locale)}</time>
      </p>
      <ul className="inline-list small">
        {mentions.length === 1 && mentions[0] ? (
          <li>
            <Link to="/listening/mentions/$mentionId" params={{ mentionId: mentions[0] }} aria-describedby={headlineId}>
              {t('listeningAlerts.live.openMention')}
            </Link>
          </li>
        ) : (
          mentions.slice(0, LINKED_MENTIONS).map((mentionId, index) => (
            <li key={mentionId}>
              <Link to="/listening/mentions/$mentionId" params={{ mentionId }} aria-describedby={headlineId}>
                {t('listeningAlerts.live.openMentionNumbered', { n: index + 1 })}
              </Link>
            </li>
          ))
        )}
        {mentions.length > 1 ? (
          <li>
            <Link to="/listening" search={{ organisationId, watchlistId: notification.watchlistId }}>
              {t('listeningAlerts.live.openAll', { watchlist })}
            </Link>
          </li>
        ) : null}
        <li>
          <Link to="/listening/watchlists/$watchlistId/alerts" params={{ watchlistId: notification.watchlistId }}>
            {t('listeningAlerts.live.rules', { watchlist })}
          </Link>
        </li>
      </ul>
    </li>
  );
}
