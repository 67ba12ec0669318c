import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../../app/me-context.js';
import { useOrganisationContext } from '../../../app/organisation-context.js';
import { Button } from '../../../ui/button.js';
import { TextField } from '../../../ui/field.js';
import { PageHeader } from '../../../ui/page-header.js';
import { EmptyState, ErrorNotice, Notice, Skeleton } from '../../../ui/states.js';
import { OrganisationSelect } from '../../organisations/components/organisation-select.js';
import { type AuditFilters, useAudit } from '../api/get-audit.js';
import { AuditEntryItem } from './audit-entry.js';
import { IntegrityStatus } from './integrity-status.js';

const ENTITIES = ['organisation', 'channel', 'audience', 'membership', 'user', 'api_token'];
const ACTIONS = ['create', 'update', 'delete'];

/** The audit log for administrators: filter, page back in time, inspect each change. */
export function AuditPage() {
  const { t } = useTranslation();
  const me = useMe();
  const { organisations } = useOrganisationContext();
  const [draft, setDraft] = useState<AuditFilters>({});
  const [filters, setFilters] = useState<AuditFilters>({});
  const audit = useAudit(filters);
  const entries = audit.data?.pages.flatMap((page) => page.entries) ?? [];
  const set = (key: keyof AuditFilters, value: string) => setDraft((current) => ({ ...current, [key]: value || undefined }));

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilters(draft);
  };

  if (!can.readAudit(me)) {
    return (
      <>
        <PageHeader title={t('audit.title')} />
        <Notice tone="warning">{t('audit.notAllowed')}</Notice>
      </>
    );
  }

  return (
    <>
      <PageHeader title={t('audit.title')} description={t('audit.description')}>
        <div style={{ marginTop: 'var(--space-3)' }}>
          <IntegrityStatus />
        </div>
      </PageHeader>

      <form className="card" onSubmit={apply} aria-label={t('audit.filters.label')} style={{ marginBottom: 'var(--space-5)' }}>
        <div className="filters" style={{ marginBottom: 0 }}>
          <OrganisationSelect
            label={t('audit.filters.organisation')}
            organisations={organisations}
            value={draft.organisationId ?? ''}
            onChange={(value) => set('organisationId', value)}
            emptyOption={t('audit.filters.allOrganisations')}
          />
          <TextField
            label={t('audit.filters.entity')}
            list="audit-entities"
            value={draft.entity ?? ''}
            onChange={(value) => set('entity', value)}
          />
          <TextField
            label={t('audit.filters.action')}
            list="audit-actions"
            value={draft.action ?? ''}
            onChange={(value) => set('action', value)}
          />
          <TextField
            label={t('audit.filters.actor')}
            autoComplete="off"
            value={draft.actor ?? ''}
            onChange={(value) => set('actor', value)}
          />
          <TextField
            label={t('audit.filters.from')}
            type="date"
            value={draft.from ?? ''}
            onChange={(value) => set('from', value)}
            max={draft.to}
          />
          <TextField
            label={t('audit.filters.to')}
            type="date"
            value={draft.to ?? ''}
            onChange={(value) => set('to', value)}
            min={draft.from}
          />
          <div className="row">
            <Button type="submit">{t('audit.filters.apply')}</Button>
            <Button
              variant="ghost"
              onPress={() => {
                setDraft({});
                setFilters({});
              }}
            >
              {t('audit.filters.reset')}
            </Button>
          </div>
        </div>
        <datalist id="audit-entities">
          {ENTITIES.map((entity) => (
            <option key={entity} value={entity} />
          ))}
        </datalist>
        <datalist id="audit-actions">
          {ACTIONS.map((action) => (
            <option key={action} value={action} />
          ))}
        </datalist>
      </form>

      <section className="card" aria-labelledby="audit-entries-title">
        <h2 id="audit-entries-title">{t('audit.entriesTitle')}</h2>
        {audit.isPending ? (
          <Skeleton lines={8} />
        ) : !audit.data ? (
          <ErrorNotice error={audit.error} onRetry={() => void audit.refetch()} />
        ) : entries.length === 0 ? (
          <EmptyState level={3} title={t('audit.empty')}>
            {t('audit.emptyHint')}
          </EmptyState>
        ) : (
          <>
            <ol className="plain-list">
              {entries.map((entry) => (
                <AuditEntryItem key={String(entry.id)} entry={entry} />
              ))}
            </ol>
            <p className="muted small" role="status">
              {t('audit.shown', { count: entries.length })}
            </p>
            {audit.hasNextPage ? (
              <Button variant="secondary" onPress={() => void audit.fetchNextPage()} isPending={audit.isFetchingNextPage}>
                {t('audit.loadMore')}
              </Button>
            ) : (
              <p className="muted small">{t('audit.end')}</p>
            )}
            {audit.isFetchNextPageError ? <ErrorNotice error={audit.error} onRetry={() => void audit.fetchNextPage()} /> : null}
          </>
        )}
      </section>
    </>
  );
}
