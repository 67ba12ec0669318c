import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../../api/types.js';
import { translatedFieldError } from '../../../i18n/field-errors/field-error-text.js';
import { useUiLocale } from '../../../i18n/use-ui-locale.js';
import { Badge } from '../../../ui/badge.js';
import { Button } from '../../../ui/button.js';
import { ModalDialog } from '../../../ui/dialog.js';
import { TextAreaField } from '../../../ui/field.js';
import { ErrorNotice } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { OrganisationSelect } from '../../organisations/components/organisation-select.js';
import { useImportPlan } from '../api/import-plan.js';

const EXAMPLE = 'channel;planned;text;language\n@kanaal@example.social;2030-05-04T09:30;Tekst van het bericht;nl';

/** Bulk planning from CSV: a dry run shows every row's outcome; importing creates draft posts. */
export function ImportDialog({ organisations, defaultOrganisationId, onClose }: { organisations: Organisation[]; defaultOrganisationId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const locale = useUiLocale();
  const toast = useToast();
  const mutation = useImportPlan();
  const [organisationId, setOrganisationId] = useState(defaultOrganisationId);
  const [csv, setCsv] = useState('');
  const report = mutation.data?.dryRun ? mutation.data : null;
  const run = (dryRun: boolean) =>
    mutation.mutate(
      { organisationId, csv, dryRun },
      {
        onSuccess: (result) => {
          if (result.dryRun) return;
          toast.show(t('planning.import.created', { count: result.created }));
          onClose();
        },
      },
    );

  return (
    <ModalDialog isOpen onOpenChange={(open) => !open && onClose()} title={t('planning.import.title')} size="wide">
      {(close) => (
        <div className="stack">
          <p>{t('planning.import.intro')}</p>
          <OrganisationSelect label={t('planning.filters.organisation')} organisations={organisations} value={organisationId} onChange={setOrganisationId} required />
          <TextAreaField label={t('planning.import.csv')} hint={t('planning.import.hint', { example: EXAMPLE })} value={csv} onChange={setCsv} rows={6} required />
          {mutation.error ? <ErrorNotice error={mutation.error} /> : null}
          {report ? (
            <div className="table-wrap">
              <table>
                <caption>{t('planning.import.report', { valid: report.valid, invalid: report.invalid })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('planning.import.line')}</th>
                    <th scope="col">{t('planning.import.channel')}</th>
                    <th scope="col">{t('planning.import.when', { zone: report.timeZone })}</th>
                    <th scope="col">{t('planning.import.outcome')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.rows.map((row) => (
                    <tr key={row.line}>
                      <td>{row.line}</td>
                      <td>{row.channel}</td>
                      <td>{row.plannedLocal ? `${row.plannedLocal.replace('T', ' ')} (${row.offset})` : '—'}</td>
                      <td>
                        {row.ok ? (
                          <Badge tone="success">{t('planning.import.ok')}</Badge>
                        ) : (
                          <ul className="plain-list">
                            {row.errors.map((error) => {
                              const said = translatedFieldError(locale, error);
                              return (
                                <li key={error.path}>
                                  <strong>{error.path}</strong>: <span lang={said.lang}>{said.message}</span>
                                </li>
                              );
                            })}
                          </ul>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <div className="form-actions">
            <Button variant="secondary" onPress={close}>
              {t('common.cancel')}
            </Button>
            <Button variant="secondary" onPress={() => run(true)} isPending={mutation.isPending && mutation.variables?.dryRun} isDisabled={!organisationId || csv.trim() === ''}>
              {t('planning.import.check')}
            </Button>
            <Button onPress={() => run(false)} isPending={mutation.isPending && !mutation.variables?.dryRun} isDisabled={!report || report.invalid > 0 || report.valid === 0}>
              {t('planning.import.apply')}
            </Button>
          </div>
        </div>
      )}
    </ModalDialog>
  );
}
