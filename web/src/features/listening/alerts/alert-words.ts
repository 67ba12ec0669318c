import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { BadgeTone } from '../../../ui/badge.js';
import type { AlertDelivery, AlertMessage, AlertNotification, AlertRule, DeliveryStatus } from './types.js';

/** "08:00" for hour 8. */
export const hourLabel = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

export const STATUS_TONE: Record<DeliveryStatus, BadgeTone> = {
  pending: 'warning',
  sending: 'info',
  sent: 'success',
  queued: 'neutral',
  failed: 'danger',
};

/**
 * The words of alerts in the interface language: what a rule does, what a message was, where a
 * delivery went. Composed from the fields rather than the API's English `description` and the
 * organisation-language `subject`.
 */
export function useAlertWords() {
  const { t } = useTranslation();

  const ruleWhen = useCallback(
    (rule: Pick<AlertRule, 'mode' | 'spike' | 'digestHour'>, timeZone: string) => {
      switch (rule.mode) {
        case 'every':
          return t('listeningAlerts.describe.every');
        case 'digest_hourly':
          return t('listeningAlerts.describe.digest_hourly');
        case 'digest_daily':
          return t('listeningAlerts.describe.digest_daily', { hour: hourLabel(rule.digestHour), timeZone });
        case 'spike':
          return t('listeningAlerts.describe.spike', {
            window: rule.spike.windowMinutes,
            minimum: rule.spike.minimumCount,
            factor: rule.spike.factor,
          });
      }
    },
    [t],
  );

  const trigger = useCallback(
    (message: Pick<AlertMessage, 'trigger' | 'matchCount'>) => {
      const count = message.matchCount;
      switch (message.trigger) {
        case 'match':
          return t('listeningAlerts.triggers.match');
        case 'burst':
          return t('listeningAlerts.triggers.burst', { count });
        case 'digest':
          return t('listeningAlerts.triggers.digest', { count });
        case 'spike':
          return t('listeningAlerts.triggers.spike', { count });
        case 'test':
          return t('listeningAlerts.triggers.test');
      }
    },
    [t],
  );

  const headline = useCallback(
    (message: Pick<AlertNotification, 'trigger' | 'matchCount' | 'watchlistName' | 'spike'>) => {
      const values = { watchlist: message.watchlistName, count: message.matchCount };
      switch (message.trigger) {
        case 'match':
          return t('listeningAlerts.live.headline.match', values);
        case 'burst':
          return t('listeningAlerts.live.headline.burst', values);
        case 'digest':
          return t('listeningAlerts.live.headline.digest', values);
        case 'spike':
          return t('listeningAlerts.live.headline.spike', { ...values, minutes: message.spike?.windowMinutes ?? 0 });
        case 'test':
          return t('listeningAlerts.live.headline.test', values);
      }
    },
    [t],
  );

  const target = useCallback(
    (delivery: Pick<AlertDelivery, 'channel' | 'target'>) =>
      delivery.channel === 'in_app'
        ? t('listeningAlerts.targets.in_app')
        : t(`listeningAlerts.targets.${delivery.channel}`, { target: delivery.target ?? '' }),
    [t],
  );

  const status = useCallback((value: DeliveryStatus) => t(`listeningAlerts.statuses.${value}`), [t]);

  return useMemo(() => ({ ruleWhen, trigger, headline, target, status }), [ruleWhen, trigger, headline, target, status]);
}
