import { getRouteApi } from '@tanstack/react-router';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PUBLICATION_STATES, type PublicationState } from '../../../api/types.js';
import { useOrganisationContext } from '../../../app/organisation-context.js';
import { Button } from '../../../ui/button.js';
import { SelectField } from '../../../ui/field.js';
import { PageHeader } from '../../../ui/page-header.js';
import { EmptyState, ErrorNotice, Skeleton } from '../../../ui/states.js';
import { OrganisationSelect } from '../../organisations/components/organisation-select.js';
import { usePublications } from '../api/get-publications.js';
import { useChannelLookup } from './publication-channel.js';
import { PublicationDetailDialog } from './publication-detail-dialog.js';
import { PublicationTable } from './publication-table.js';

const route = getRouteApi('/app/publishing');

/** The states a person filters on here (drafts and approvals live in compose). */
export const FILTER_STATES: readonly PublicationState[] = [
  'scheduled',
  'publishing',
  'published',
  'failed',
  'unconfirmed',
  'held',
  'cancelled',
];

/** Publications of an organisation and its sub-organisations, filtered by state, with each one's attempt log. */
export function PublicationsPage() {
  const { t } = useTranslation();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const { organisationId: contextOrganisationId, organisations } = useOrganisationContext();
  const organisationId = search.organisationId ?? contextOrganisationId ?? '';
  const organisation = organisations.find((candidate) => candidate.id === organisationId);
  const publications = usePublications(organisationId ? { organisationId, state: search.state } : null);
  const channels = useChannelLookup(organisationId || null);
  const [openId, setOpenId] = useState<string | null>(null);
  const stateOptions = useMemo(
    () =>
      PUBLICATION_STATES.filter((state) => FILTER_STATES.includes(state)).map((state) => ({
        value: state,
        label: t(`publicationStates.${state}`),
      })),
    [t],
  );

  return (
    <>
      <PageHeader title={t('publishing.title')} description={t('publishing.description')} />
      <div className="filters">
        <OrganisationSelect
          label={t('publishing.organisation')}
          hint={t('publishing.organisationHint')}
          organisations={organisations}
          value={organisationId}
          onChange={(id) => void navigate({ search: (previous) => ({ ...previous, organisationId: id || undefined }), replace: true })}
        />
        <SelectField
          label={t('publishing.state')}
          value={search.state ?? ''}
          emptyOption={t('publishing.allStates')}
          options={stateOptions}
          onChange={(state) =>
            void navigate({
              search: (previous) => ({ ...previous, state: (state || undefined) as PublicationState | undefined }),
              replace: true,
            })
          }
        />
      </div>

      {!organisationId ? (
        <div className="card">
          <EmptyState title={t('publishing.chooseOrganisation')} />
        </div>
      ) : publications.isPending ? (
        <div className="card">
          <Skeleton lines={6} label={t('publishing.loading')} />
        </div>
      ) : publications.isError ? (
        <ErrorNotice error={publications.error} title={t('publishing.loadFailed')} onRetry={() => void publications.refetch()} />
      ) : publications.data.length === 0 ? (
        <div className="card">
          <EmptyState
            title={search.state ? t('publishing.emptyFiltered') : t('publishing.empty')}
            actions={
              search.state ? (
                <Button
                  variant="secondary"
                  onPress={() => void navigate({ search: (previous) => ({ ...previous, state: undefined }), replace: true })}
                >
                  {t('publishing.showAll')}
                </Button>
              ) : undefined
            }
          >
            {search.state ? t('publishing.emptyFilteredHint') : t('publishing.emptyHint')}
          </EmptyState>
        </div>
      ) : (
        <>
          <p className="muted small" role="status">
            {t('publishing.count', { count: publications.data.length })}
          </p>
          <PublicationTable
            publications={publications.data}
            channels={channels}
            caption={t('publishing.table.caption', { name: organisation?.name ?? '' })}
            onOpen={setOpenId}
          />
        </>
      )}

      {openId ? (
        <PublicationDetailDialog
          publicationId={openId}
          channels={channels}
          onClose={() => setOpenId(null)}
        />
      ) : null}
    </>
  );
}
