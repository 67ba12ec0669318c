import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useOrganisationContext } from '../../../app/organisation-context.js';
import { useLanguage } from '../../../app/use-language.js';
import { useFormatters } from '../../../i18n/format.js';
import { buttonClass } from '../../../ui/button.js';
import { PageHeader } from '../../../ui/page-header.js';
import { Stat } from '../../../ui/stat.js';
import { EmptyState, ErrorNotice, Skeleton } from '../../../ui/states.js';
import { OrganisationSelect } from '../../organisations/components/organisation-select.js';
import { inventoryCsvUrl, inventoryPrintUrl, useInventory } from '../api/get-inventory.js';
import { InventoryTable } from './inventory-table.js';

const route = getRouteApi('/app/reports/inventory');

/** The inventory report for an organisation and everything below it, in the interface language. */
export function InventoryPage() {
  const { t } = useTranslation();
  const format = useFormatters();
  const { locale } = useLanguage();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { organisationId: contextOrganisationId, organisations } = useOrganisationContext();
  const organisationId = search.organisationId ?? contextOrganisationId ?? '';
  const params = organisationId ? { organisationId, lang: locale } : null;
  const report = useInventory(params);

  return (
    <>
      <PageHeader
        title={t('inventory.title')}
        description={t('inventory.description')}
        actions={
          params ? (
            <>
              <a className={buttonClass('secondary')} href={inventoryCsvUrl(params)} download>
                {t('inventory.downloadCsv')}
              </a>
              <a className={buttonClass('secondary')} href={inventoryPrintUrl(params)} target="_blank" rel="noopener">
                {t('inventory.print')}
                <span className="visually-hidden"> ({t('common.opensInNewTab')})</span>
              </a>
            </>
          ) : null
        }
      />
      <div className="filters">
        <OrganisationSelect
          label={t('inventory.organisation')}
          hint={t('inventory.organisationHint')}
          organisations={organisations}
          value={organisationId}
          onChange={(id) => void navigate({ search: { organisationId: id || undefined }, replace: true })}
        />
      </div>

      {!params ? (
        <div className="card">
          <EmptyState title={t('inventory.chooseOrganisation')} />
        </div>
      ) : report.isPending ? (
        <div className="card">
          <Skeleton lines={8} label={t('inventory.loading')} />
        </div>
      ) : report.isError ? (
        <ErrorNotice error={report.error} title={t('inventory.loadFailed')} onRetry={() => void report.refetch()} />
      ) : (
        <>
          <div className="grid grid-stats" style={{ marginBottom: 'var(--space-5)' }}>
            <Stat value={format.number(report.data.totals.organisations)} label={t('inventory.stats.organisations')} />
            <Stat value={format.number(report.data.totals.channels)} label={t('inventory.stats.channels')} />
            <Stat value={format.number(report.data.totals.followers)} label={t('inventory.stats.followers')} />
            <Stat value={format.number(report.data.networks.length)} label={t('inventory.stats.networks')} />
          </div>
          <p className="muted small">
            {t('inventory.generatedAt', { date: format.dateTime(report.data.generatedAt) })} {t('inventory.archivedLeftOut')}
          </p>
          {report.data.rows.length === 0 ? (
            <div className="card">
              <EmptyState title={t('inventory.empty')} />
            </div>
          ) : (
            <InventoryTable report={report.data} />
          )}
        </>
      )}
    </>
  );
}
