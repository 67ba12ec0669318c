import { useTranslation } from 'react-i18next';
import type { ImportAction, ImportReport } from '../../../api/types.js';
import { Badge, type BadgeTone } from '../../../ui/badge.js';
import { TableWrap } from '../../../ui/table-wrap.js';

const TONE: Record<ImportAction, BadgeTone> = { create: 'success', update: 'info', unchanged: 'neutral', error: 'danger' };

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.map(show).join(', ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** One row per CSV line: what the import will do with it, what changes, or what is wrong (in words). */
export function ImportReportTable({ report }: { report: ImportReport }) {
  const { t } = useTranslation();
  return (
    <TableWrap label={report.dryRun ? t('import.report.captionDryRun') : t('import.report.captionApplied')}>
      <table className="table">
        <caption>{report.dryRun ? t('import.report.captionDryRun') : t('import.report.captionApplied')}</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              {t('import.report.line')}
            </th>
            <th scope="col">{t('import.report.result')}</th>
            <th scope="col">{t('import.report.network')}</th>
            <th scope="col">{t('import.report.handle')}</th>
            <th scope="col">{t('import.report.organisation')}</th>
            <th scope="col">{t('import.report.details')}</th>
          </tr>
        </thead>
        <tbody>
          {report.rows.map((row) => (
            <tr key={row.line} className={row.action === 'error' ? 'row-error' : undefined}>
              <td className="num">{row.line}</td>
              <td>
                <Badge tone={TONE[row.action]}>{t(`import.actions.${row.action}`)}</Badge>
              </td>
              <td>{row.network ?? '—'}</td>
              <td className="mono">{row.handle ?? '—'}</td>
              <td>{row.organisation ?? '—'}</td>
              <td>
                {row.errors && row.errors.length > 0 ? (
                  <ul className="change-list">
                    {row.errors.map((error) => (
                      <li key={`${error.field}:${error.message}`} className="field-error">
                        {t('import.report.errorLine', { field: error.field, message: error.message })}
                      </li>
                    ))}
                  </ul>
                ) : row.changes && Object.keys(row.changes).length > 0 ? (
                  <ul className="change-list">
                    {Object.entries(row.changes).map(([field, change]) => (
                      <li key={field}>
                        <strong>{field}</strong>: <span className="from-value">{show(change.from)}</span> <span aria-hidden="true">→</span>
                        <span className="visually-hidden">{t('import.report.becomes')}</span> {show(change.to)}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <span className="muted">{row.action === 'unchanged' ? t('import.report.noChanges') : '—'}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}
