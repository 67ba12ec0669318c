import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../../i18n/format.js';
import { formatInZone } from '../../../i18n/zoned-time.js';
import { Button } from '../../../ui/button.js';
import { EmptyState, ErrorNotice, Skeleton } from '../../../ui/states.js';
import { TableWrap } from '../../../ui/table-wrap.js';
import { useAlertWords } from './alert-words.js';
import { useAlertDeliveries } from './api/get-alert-deliveries.js';
import { DeliveryOutcome } from './delivery-outcome.js';
import type { AlertRule } from './types.js';

/**
 * A rule's delivery log, newest first, page after page: when, which message, to which target, how it
 * ended and, if it failed, why in plain words. Mounted only while shown, so it is asked only then.
 */
export function DeliveryLog({ rule, timeZone, id }: { rule: AlertRule; timeZone: string; id: string }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const words = useAlertWords();
  const log = useAlertDeliveries(rule.id, true);
  const rows = log.data?.pages.flatMap((page) => page.items) ?? [];
  const caption = t('listeningAlerts.log.caption', { name: rule.name });

  return (
    <div id={id} className="delivery-log">
      {log.isPending ? (
        <Skeleton lines={3} label={t('listeningAlerts.log.loading')} />
      ) : log.isError ? (
        <ErrorNotice error={log.error} title={t('listeningAlerts.log.loadFailed')} onRetry={() => void log.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState level={3} title={t('listeningAlerts.log.empty')} />
      ) : (
        <>
          <TableWrap label={caption}>
            <table className="table">
              <caption className="visually-hidden">{caption}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('listeningAlerts.log.time')}</th>
                  <th scope="col">{t('listeningAlerts.log.alert')}</th>
                  <th scope="col">{t('listeningAlerts.log.target')}</th>
                  <th scope="col">{t('listeningAlerts.log.outcome')}</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((delivery) => {
                  const [onlyMention] = delivery.message.mentionIds.length === 1 ? delivery.message.mentionIds : [];
                  return (
                    <tr key={delivery.id}>
                      <td className="nowrap">
                        <time dateTime={delivery.createdAt}>{formatInZone(delivery.createdAt, timeZone, format.locale)}</time>
                      </td>
                      <td>
                        {onlyMention ? (
                          <Link to="/listening/mentions/$mentionId" params={{ mentionId: onlyMention }}>
                            {words.trigger(delivery.message)}
                          </Link>
                        ) : (
                          words.trigger(delivery.message)
                        )}
                      </td>
                      <td className="delivery-target">{words.target(delivery)}</td>
                      <td>
                        <DeliveryOutcome delivery={delivery} timeZone={timeZone} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </TableWrap>
          <div className="listening-list-header">
            <p className="muted small" role="status">
              {t('listeningAlerts.log.shown', { count: rows.length })}
            </p>
            {log.hasNextPage ? (
              <Button variant="secondary" size="small" onPress={() => void log.fetchNextPage()} isPending={log.isFetchingNextPage}>
                {t('listeningAlerts.log.loadMore')}
              </Button>
            ) : null}
          </div>
        </>
      )}
    </div>
  );
}
