import { getRouteApi, Link } from '@tanstack/react-router';
import { type ChangeEvent, useCallback, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReport, Organisation } from '../../../api/types.js';
import { can, useMe } from '../../../app/me-context.js';
import { useOrganisationContext } from '../../../app/organisation-context.js';
import { Badge } from '../../../ui/badge.js';
import { Button, buttonClass } from '../../../ui/button.js';
import { TextAreaField } from '../../../ui/field.js';
import { PageHeader } from '../../../ui/page-header.js';
import { ErrorNotice, Notice } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { OrganisationSelect } from '../../organisations/components/organisation-select.js';
import { useImportChannels } from '../api/import-channels.js';
import { ImportReportTable } from './import-report-table.js';

const route = getRouteApi('/app/channels/import');

const COLUMNS = [
  'organisation',
  'network',
  'handle',
  'display_name',
  'profile_url',
  'languages',
  'audiences',
  'purpose',
  'visibility',
  'owner_team',
  'status',
  'follower_count',
  'follower_unit',
  'followers_measured_on',
];

/** CSV import in two steps: a dry run that shows every line's outcome, then applying it. */
export function ImportPage() {
  const { t } = useTranslation();
  const me = useMe();
  const toast = useToast();
  const search = route.useSearch();
  const fileId = useId();
  const { organisationId: contextOrganisationId, organisations } = useOrganisationContext();
  const canWriteIn = useCallback((organisation: Organisation) => can.writeRegistry(me, organisation), [me]);
  const [chosenOrganisationId, setOrganisationId] = useState<string | null>(null);
  const organisationId = chosenOrganisationId ?? search.organisationId ?? contextOrganisationId ?? '';
  const [csv, setCsv] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [checked, setChecked] = useState<{ csv: string; organisationId: string; report: ImportReport } | null>(null);
  const [applied, setApplied] = useState<ImportReport | null>(null);
  const importer = useImportChannels();

  const chooseFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setFileName(file.name);
    setCsv(await file.text());
    setApplied(null);
  };

  const dryRun = () => {
    setApplied(null);
    importer.mutate({ organisationId, csv, dryRun: true }, { onSuccess: (report) => setChecked({ csv, organisationId, report }) });
  };

  const apply = () => {
    importer.mutate(
      { organisationId, csv, dryRun: false },
      {
        onSuccess: (report) => {
          setApplied(report);
          setChecked(null);
          toast.show(t('import.appliedToast', { create: report.summary.create, update: report.summary.update }));
        },
      },
    );
  };

  const upToDate = checked !== null && checked.csv === csv && checked.organisationId === organisationId;
  const report = applied ?? (upToDate ? checked.report : null);
  const hasErrors = (checked?.report.summary.errors ?? 0) > 0;
  const canApply = upToDate && !hasErrors && !importer.isPending;
  const ready = organisationId !== '' && csv.trim() !== '';

  return (
    <>
      <PageHeader
        title={t('import.title')}
        description={t('import.description')}
        actions={
          <Link to="/channels" className={buttonClass('secondary')}>
            {t('import.backToChannels')}
          </Link>
        }
      />

      <section className="card" aria-labelledby="import-source">
        <h2 id="import-source">{t('import.sourceTitle')}</h2>
        <div className="form">
          <OrganisationSelect
            label={t('import.organisation')}
            hint={t('import.organisationHint')}
            organisations={organisations}
            value={organisationId}
            onChange={setOrganisationId}
            isAllowed={canWriteIn}
            emptyOption={t('import.chooseOrganisation')}
            required
          />
          <div className="field">
            <label htmlFor={fileId}>{t('import.file')}</label>
            <div className="field-hint" id={`${fileId}-hint`}>
              {fileName ? t('import.fileChosen', { name: fileName }) : t('import.fileHint')}
            </div>
            <input id={fileId} type="file" accept=".csv,text/csv,text/plain" onChange={chooseFile} aria-describedby={`${fileId}-hint`} />
          </div>
          <TextAreaField
            label={t('import.paste')}
            hint={t('import.pasteHint')}
            inputClassName="code"
            rows={8}
            spellCheck={false}
            value={csv}
            onChange={(value) => {
              setCsv(value);
              setFileName(null);
            }}
          />
          <details>
            <summary>{t('import.columnsTitle')}</summary>
            <p className="small">{t('import.columnsHelp')}</p>
            <p className="mono small">{COLUMNS.join(';')}</p>
          </details>
          <div className="form-actions">
            <Button
              variant="secondary"
              onPress={dryRun}
              isDisabled={!ready || importer.isPending}
              isPending={importer.isPending && importer.variables?.dryRun}
            >
              {t('import.dryRun')}
            </Button>
            <Button onPress={apply} isDisabled={!canApply} isPending={importer.isPending && importer.variables?.dryRun === false}>
              {t('import.apply')}
            </Button>
          </div>
          {!upToDate && checked ? <p className="field-hint">{t('import.changedSinceCheck')}</p> : null}
          {hasErrors && upToDate ? (
            <p className="field-error" id="apply-blocked">
              {t('import.blockedByErrors', { count: checked?.report.summary.errors ?? 0 })}
            </p>
          ) : null}
        </div>
      </section>

      <p role="status" className="visually-hidden">
        {report
          ? t('import.statusSummary', {
              create: report.summary.create,
              update: report.summary.update,
              unchanged: report.summary.unchanged,
              errors: report.summary.errors,
            })
          : ''}
      </p>

      {importer.isError ? <ErrorNotice error={importer.error} title={t('import.failed')} /> : null}

      {report ? (
        <section className="card" aria-labelledby="import-result">
          <div className="card-header">
            <h2 id="import-result">{report.dryRun ? t('import.dryRunTitle') : t('import.appliedTitle')}</h2>
            <ul className="inline-list" aria-label={t('import.summary')}>
              <li>
                <Badge tone="success">{t('import.summaryCreate', { count: report.summary.create })}</Badge>
              </li>
              <li>
                <Badge tone="info">{t('import.summaryUpdate', { count: report.summary.update })}</Badge>
              </li>
              <li>
                <Badge>{t('import.summaryUnchanged', { count: report.summary.unchanged })}</Badge>
              </li>
              <li>
                <Badge tone={report.summary.errors > 0 ? 'danger' : 'neutral'}>
                  {t('import.summaryErrors', { count: report.summary.errors })}
                </Badge>
              </li>
            </ul>
          </div>
          {applied ? (
            <Notice tone="success" title={t('import.appliedNoticeTitle')}>
              <Link to="/channels">{t('import.viewChannels')}</Link>
            </Notice>
          ) : report.summary.errors > 0 ? (
            <Notice tone="danger" title={t('import.errorsTitle')}>
              {t('import.errorsHint')}
            </Notice>
          ) : (
            <Notice tone="success" title={t('import.readyTitle')}>
              {t('import.readyHint')}
            </Notice>
          )}
          <ImportReportTable report={report} />
        </section>
      ) : null}
    </>
  );
}
