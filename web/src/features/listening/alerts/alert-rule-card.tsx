import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../../i18n/format.js';
import { formatInZone } from '../../../i18n/zoned-time.js';
import { Badge } from '../../../ui/badge.js';
import { Button } from '../../../ui/button.js';
import { useErrorText } from '../../../ui/error-text.js';
import { ErrorNotice } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { useAlertWords } from './alert-words.js';
import { useSendTestAlert } from './api/send-test-alert.js';
import { useUpdateAlertRule } from './api/update-alert-rule.js';
import { DeliveryLog } from './delivery-log.js';
import { TestOutcome } from './test-outcome.js';
import type { AlertRule } from './types.js';

type AlertRuleCardProps = {
  rule: AlertRule;
  mayManage: boolean;
  timeZone: string;
  onEdit: (rule: AlertRule) => void;
  onDelete: (rule: AlertRule) => void;
};

/**
 * One alert rule: what it does in words, where it sends, how delivery is going; for those allowed,
 * edit, pause or enable, send a test (each target's outcome shown here) and delete. The delivery log
 * opens below it.
 */
export function AlertRuleCard({ rule, mayManage, timeZone, onEdit, onDelete }: AlertRuleCardProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  const toast = useToast();
  const errorText = useErrorText();
  const words = useAlertWords();
  const update = useUpdateAlertRule();
  const test = useSendTestAlert();
  const [logOpen, setLogOpen] = useState(false);
  const titleId = `alert-rule-${rule.id}-title`;
  const logId = `alert-rule-${rule.id}-log`;
  const digest = rule.mode === 'digest_hourly' || rule.mode === 'digest_daily';
  const okCount = test.data?.deliveries.filter((delivery) => delivery.status === 'sent' || delivery.status === 'queued').length ?? 0;

  const toggle = () =>
    update.mutate(
      { id: rule.id, patch: { active: !rule.active } },
      {
        onSuccess: (saved) =>
          toast.show(
            t(saved.active ? 'listeningAlerts.rules.toasts.enabled' : 'listeningAlerts.rules.toasts.paused', { name: saved.name }),
          ),
        onError: (error) => toast.show(errorText(error), 'danger'),
      },
    );

  return (
    <article className="card alert-rule" aria-labelledby={titleId}>
      <div className="card-header">
        <h3 id={titleId}>{rule.name}</h3>
        {rule.active ? (
          <Badge tone="success" dot>
            {t('listeningAlerts.rules.active')}
          </Badge>
        ) : (
          <Badge tone="neutral">{t('listeningAlerts.rules.paused')}</Badge>
        )}
      </div>
      <dl className="details">
        <dt>{t('listeningAlerts.rules.mode')}</dt>
        <dd>{t(`listeningAlerts.modes.${rule.mode}`)}</dd>
        <dt>{t('listeningAlerts.rules.when')}</dt>
        <dd>{words.ruleWhen(rule, timeZone)}</dd>
        <dt>{t('listeningAlerts.rules.email')}</dt>
        <dd className="break">{rule.emailRecipients.length ? format.list(rule.emailRecipients) : t('listeningAlerts.rules.none')}</dd>
        <dt>{t('listeningAlerts.rules.webhook')}</dt>
        <dd className="break">
          {rule.webhook
            ? `${rule.webhook.url} (${rule.webhook.secretSet ? t('listeningAlerts.rules.secretSet') : t('listeningAlerts.rules.noSecret')})`
            : t('listeningAlerts.rules.none')}
        </dd>
        <dt>{t('listeningAlerts.rules.inApp')}</dt>
        <dd>{rule.inApp ? t('listeningAlerts.rules.inAppOn') : t('listeningAlerts.rules.inAppOff')}</dd>
        <dt>{t('listeningAlerts.rules.lastAlert')}</dt>
        <dd>
          {rule.lastAlertAt ? (
            <time dateTime={rule.lastAlertAt}>{formatInZone(rule.lastAlertAt, timeZone, format.locale)}</time>
          ) : (
            t('listeningAlerts.rules.noAlertYet')
          )}
        </dd>
        {digest && rule.active && rule.nextDigestAt ? (
          <>
            <dt>{t('listeningAlerts.rules.nextDigest')}</dt>
            <dd>
              <time dateTime={rule.nextDigestAt}>{formatInZone(rule.nextDigestAt, timeZone, format.locale)}</time>
            </dd>
          </>
        ) : null}
        <dt>{t('listeningAlerts.rules.deliveries')}</dt>
        <dd>
          {rule.deliveries.pending === 0 && rule.deliveries.failedLast24h === 0 ? (
            t('listeningAlerts.rules.allDelivered')
          ) : (
            <ul className="plain-list">
              {rule.deliveries.pending > 0 ? <li>{t('listeningAlerts.rules.pending', { count: rule.deliveries.pending })}</li> : null}
              {rule.deliveries.failedLast24h > 0 ? (
                <li className="delivery-error">{t('listeningAlerts.rules.failed', { count: rule.deliveries.failedLast24h })}</li>
              ) : null}
            </ul>
          )}
        </dd>
      </dl>

      <div className="row alert-rule-actions">
        {mayManage ? (
          <>
            <Button
              variant="secondary"
              size="small"
              onPress={() => onEdit(rule)}
              aria-label={t('listeningAlerts.rules.editNamed', { name: rule.name })}
            >
              {t('common.edit')}
            </Button>
            <Button
              variant="secondary"
              size="small"
              onPress={toggle}
              isPending={update.isPending}
              aria-label={t(rule.active ? 'listeningAlerts.rules.pauseNamed' : 'listeningAlerts.rules.enableNamed', { name: rule.name })}
            >
              {t(rule.active ? 'listeningAlerts.rules.pause' : 'listeningAlerts.rules.enable')}
            </Button>
            <Button
              variant="secondary"
              size="small"
              onPress={() => test.mutate(rule)}
              isPending={test.isPending}
              aria-label={t('listeningAlerts.rules.testNamed', { name: rule.name })}
            >
              {t('listeningAlerts.rules.test')}
            </Button>
          </>
        ) : null}
        <Button
          variant="ghost"
          size="small"
          onPress={() => setLogOpen((open) => !open)}
          aria-expanded={logOpen}
          aria-controls={logOpen ? logId : undefined}
        >
          {t(logOpen ? 'listeningAlerts.log.hide' : 'listeningAlerts.log.show')}
        </Button>
        {mayManage ? (
          <Button
            variant="ghost"
            size="small"
            className="push-end"
            onPress={() => onDelete(rule)}
            aria-label={t('listeningAlerts.rules.deleteNamed', { name: rule.name })}
          >
            {t('common.delete')}
          </Button>
        ) : null}
      </div>

      <p role="status" className="alert-rule-status">
        {test.isPending
          ? t('listeningAlerts.test.sending')
          : test.data
            ? t('listeningAlerts.test.summary', { count: test.data.deliveries.length, ok: okCount })
            : ''}
      </p>
      {test.isError ? <ErrorNotice error={test.error} title={t('listeningAlerts.test.failed')} /> : null}
      {test.data && !test.isPending ? <TestOutcome result={test.data} timeZone={timeZone} titleId={`alert-rule-${rule.id}-test`} /> : null}
      {logOpen ? <DeliveryLog rule={rule} timeZone={timeZone} id={logId} /> : null}
    </article>
  );
}
