import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../../app/me-context.js';
import { useFormatters } from '../../../i18n/format.js';
import { Badge } from '../../../ui/badge.js';
import { Button } from '../../../ui/button.js';
import { useErrorText } from '../../../ui/error-text.js';
import { useIntegrity } from '../api/get-integrity.js';
import { useRunIntegrityCheck } from '../api/run-integrity-check.js';

/** Whether the audit log's hash chain was last found intact, in words; installation admins can check now. */
export function IntegrityStatus() {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormatters();
  const errorText = useErrorText();
  const integrity = useIntegrity();
  const run = useRunIntegrityCheck();
  const check = integrity.data;

  let status: ReactNode;
  if (integrity.isPending) status = <Badge>{t('audit.integrity.checking')}</Badge>;
  else if (integrity.isError) status = <Badge tone="warning">{t('audit.integrity.unknown')}</Badge>;
  else if (!check) status = <Badge>{t('audit.integrity.never')}</Badge>;
  else
    status = (
      <>
        {check.ok ? (
          <Badge tone="success" dot>
            {t('audit.integrity.ok')}
          </Badge>
        ) : (
          <Badge tone="danger" dot>
            {t('audit.integrity.broken')}
          </Badge>
        )}
        <span className="muted small">
          {t('audit.integrity.checkedAt', { date: format.dateTime(check.checkedAt), rows: format.number(check.rowsChecked) })}
          {!check.ok && check.firstBadId !== null ? ` ${t('audit.integrity.firstBad', { id: String(check.firstBadId) })}` : ''}
          {!check.ok && check.detail ? ` ${check.detail}` : ''}
        </span>
      </>
    );

  return (
    <div className="row">
      <span className="row" role="status">
        {status}
      </span>
      {me.user.isSuperadmin ? (
        <Button variant="ghost" size="small" onPress={() => run.mutate()} isPending={run.isPending}>
          {t('audit.integrity.checkNow')}
        </Button>
      ) : null}
      {run.error ? <span className="field-error">{errorText(run.error)}</span> : null}
    </div>
  );
}
