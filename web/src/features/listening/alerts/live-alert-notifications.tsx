import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useOrganisationContext } from '../../../app/organisation-context.js';
import { Button } from '../../../ui/button.js';
import { ErrorNotice, Skeleton } from '../../../ui/states.js';
import { DEFAULT_TIME_ZONE } from '../../connections/time.js';
import { AlertNotificationItem } from './alert-notification-item.js';
import { useAlertWords } from './alert-words.js';
import { RECENT_NOTIFICATIONS, useAlertNotifications } from './api/get-alert-notifications.js';
import { alertKeys } from './keys.js';
import type { AlertNotification, AlertNotificationPage } from './types.js';
import { useAlertStream } from './use-alert-stream.js';
import './alerts.css';

/** Announcements kept in the live region at once (several alerts may arrive together). */
const ANNOUNCED = 3;

/**
 * The organisation's in-app alerts: the recent ones, and each new one as it arrives through the
 * live listening stream, announced in a polite live region and put at the top of the list with a
 * link to its mention. The rule lists and delivery logs on screen refresh with it.
 */
export function LiveAlertNotifications({ organisationId }: { organisationId: string }) {
  const { t } = useTranslation();
  const words = useAlertWords();
  const queryClient = useQueryClient();
  const { organisations } = useOrganisationContext();
  const timeZone = organisations.find((organisation) => organisation.id === organisationId)?.timeZone ?? DEFAULT_TIME_ZONE;
  const recent = useAlertNotifications(organisationId);
  const [fresh, setFresh] = useState<ReadonlySet<string>>(() => new Set());
  const [announcements, setAnnouncements] = useState<{ id: string; text: string }[]>([]);

  const onAlert = useCallback(
    (alert: AlertNotification) => {
      queryClient.setQueryData<AlertNotificationPage>(alertKeys.notifications(organisationId), (page) =>
        page && !page.items.some((item) => item.id === alert.id)
          ? { ...page, items: [alert, ...page.items].slice(0, RECENT_NOTIFICATIONS) }
          : page,
      );
      void queryClient.invalidateQueries({ queryKey: alertKeys.rules(alert.watchlistId) });
      void queryClient.invalidateQueries({ queryKey: alertKeys.deliveries(alert.ruleId) });
      setFresh((current) => new Set(current).add(alert.id));
      setAnnouncements((current) => [
        ...current.slice(-(ANNOUNCED - 1)),
        { id: alert.id, text: t('listeningAlerts.live.announce', { headline: words.headline(alert) }) },
      ]);
    },
    [organisationId, queryClient, t, words],
  );
  const stream = useAlertStream(organisationId, onAlert);
  const reconnect = () => {
    // A new stream starts from now: what came in between is read from the list.
    void recent.refetch();
    stream.reconnect();
  };
  const items = recent.data?.items ?? [];

  return (
    <section className="card live-alerts" aria-labelledby="live-alerts-title">
      <h2 id="live-alerts-title">{t('listeningAlerts.live.title')}</h2>
      <p className="muted small">{t('listeningAlerts.live.description')}</p>
      <div className="live-alerts-state small">
        <span className={`live-alerts-dot live-alerts-dot--${stream.state}`} aria-hidden="true" />
        <span>
          {stream.state === 'open'
            ? t('listeningAlerts.live.connected')
            : stream.state === 'connecting'
              ? t('listeningAlerts.live.connecting')
              : stream.state === 'reconnecting'
                ? t('listeningAlerts.live.reconnecting')
                : t('listeningAlerts.live.stopped')}
        </span>
        {stream.state === 'closed' ? (
          <Button variant="secondary" size="small" onPress={reconnect}>
            {t('listeningAlerts.live.reconnect')}
          </Button>
        ) : null}
      </div>
      {/* Present from the first render, so each new alert added to it is read out. */}
      <div role="status" aria-live="polite" aria-atomic="false" className="live-alerts-announcements">
        {announcements.map((announcement) => (
          <p key={announcement.id}>{announcement.text}</p>
        ))}
      </div>
      <h3 className="live-alerts-recent">{t('listeningAlerts.live.recent')}</h3>
      {recent.isPending ? (
        <Skeleton lines={3} label={t('listeningAlerts.live.loading')} />
      ) : recent.isError ? (
        <ErrorNotice error={recent.error} title={t('listeningAlerts.live.loadFailed')} onRetry={() => void recent.refetch()} />
      ) : items.length === 0 ? (
        <p className="muted">{t('listeningAlerts.live.empty')}</p>
      ) : (
        <ol className="plain-list live-alert-list">
          {items.map((notification) => (
            <AlertNotificationItem
              key={notification.id}
              notification={notification}
              organisationId={organisationId}
              timeZone={timeZone}
              isNew={fresh.has(notification.id)}
            />
          ))}
        </ol>
      )}
    </section>
  );
}
