import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../../i18n/format.js';
import { ErrorNotice, Skeleton } from '../../../ui/states.js';
import { TableWrap } from '../../../ui/table-wrap.js';
import { useLiftedPauses } from '../api/get-pauses.js';
import { usePauseScopeText } from '../pause-scope.js';

/** Pauses that were lifted: when, why, and why they ended (the audit log has the full trail). */
export function PauseHistory() {
  const { t } = useTranslation();
  const format = useFormatters();
  const scopeText = usePauseScopeText();
  const pauses = useLiftedPauses();
  return (
    <section className="stack" aria-labelledby="pause-history-title">
      <h2 id="pause-history-title">{t('crisis.history.title')}</h2>
      {pauses.isPending ? (
        <Skeleton lines={2} />
      ) : pauses.isError ? (
        <ErrorNotice error={pauses.error} onRetry={() => void pauses.refetch()} />
      ) : pauses.data.length === 0 ? (
        <p className="muted">{t('crisis.history.empty')}</p>
      ) : (
        <TableWrap label={t('crisis.history.caption')}>
          <table className="table">
            <caption className="visually-hidden">{t('crisis.history.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('crisis.history.scope')}</th>
                <th scope="col">{t('crisis.history.paused')}</th>
                <th scope="col">{t('crisis.history.reason')}</th>
                <th scope="col">{t('crisis.history.lifted')}</th>
                <th scope="col">{t('crisis.history.liftReason')}</th>
              </tr>
            </thead>
            <tbody>
              {pauses.data.map((pause) => (
                <tr key={pause.id}>
                  <th scope="row">{scopeText(pause)}</th>
                  <td>
                    <div className="nowrap">{format.dateTime(pause.createdAt)}</div>
                    <div className="muted small">{pause.createdByName ?? t('crisis.banner.someone')}</div>
                  </td>
                  <td>{pause.reason}</td>
                  <td className="nowrap">{format.dateTime(pause.liftedAt)}</td>
                  <td>{pause.liftReason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}
