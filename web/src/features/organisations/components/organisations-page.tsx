import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, useMe } from '../../../app/me-context.js';
import { useOrganisationContext } from '../../../app/organisation-context.js';
import { Button } from '../../../ui/button.js';
import { PageHeader } from '../../../ui/page-header.js';
import { EmptyState, ErrorNotice, Notice, Skeleton } from '../../../ui/states.js';
import { useOrganisations } from '../api/get-organisations.js';
import { OrganisationDetails } from './organisation-details.js';
import { OrganisationFormDialog } from './organisation-form-dialog.js';
import { OrganisationTree } from './organisation-tree.js';

/** The organisation tree beside the chosen organisation's details. */
export function OrganisationsPage() {
  const { t } = useTranslation();
  const me = useMe();
  const params = useParams({ strict: false });
  const organisations = useOrganisations();
  const [creatingRoot, setCreatingRoot] = useState(false);
  const list = organisations.data ?? [];
  const { organisationId: contextOrganisationId } = useOrganisationContext();
  // Without an organisation in the URL, start with the one the person works for.
  const currentId = params.organisationId ?? contextOrganisationId ?? undefined;
  const current = list.find((organisation) => organisation.id === currentId);

  return (
    <>
      <PageHeader
        title={t('organisations.title')}
        description={t('organisations.description')}
        actions={
          can.createRootOrganisation(me) ? (
            <Button onPress={() => setCreatingRoot(true)}>{t('organisations.actions.createRoot')}</Button>
          ) : null
        }
      />
      {list.some((organisation) => organisation.isDemo) ? <Notice title={t('demo.title')}>{t('demo.organisations')}</Notice> : null}
      {organisations.isPending ? (
        <div className="card">
          <Skeleton lines={6} />
        </div>
      ) : organisations.isError ? (
        <ErrorNotice error={organisations.error} onRetry={() => void organisations.refetch()} />
      ) : list.length === 0 ? (
        <div className="card">
          <EmptyState title={t('organisations.empty')}>{t('organisations.emptyHint')}</EmptyState>
        </div>
      ) : (
        <div className="split">
          <section className="card" aria-labelledby="tree-title">
            <h2 id="tree-title">{t('organisations.tree.title')}</h2>
            <OrganisationTree organisations={list} currentId={currentId} />
          </section>
          {current ? (
            <OrganisationDetails key={current.id} organisation={current} organisations={list} />
          ) : (
            <section className="card">
              {currentId ? (
                <EmptyState title={t('organisations.notFound')}>{t('organisations.notFoundHint')}</EmptyState>
              ) : (
                <EmptyState title={t('organisations.choose')}>{t('organisations.chooseHint')}</EmptyState>
              )}
            </section>
          )}
        </div>
      )}
      {creatingRoot ? (
        <OrganisationFormDialog isOpen onOpenChange={(open) => !open && setCreatingRoot(false)} parent={null} organisations={list} />
      ) : null}
    </>
  );
}
