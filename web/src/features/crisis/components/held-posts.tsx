import { useMemo, useState } from 'react';
import type { Selection } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../../api/types.js';
import { can, useMe } from '../../../app/me-context.js';
import { Button } from '../../../ui/button.js';
import { EmptyState, ErrorNotice, Notice, Skeleton } from '../../../ui/states.js';
import { OrganisationSelect } from '../../organisations/components/organisation-select.js';
import { useChannelLookup } from '../../publishing/components/publication-channel.js';
import { useHeld } from '../api/get-held.js';
import { type HeldAction, HeldActionDialog } from './held-action-dialog.js';
import { HeldTable } from './held-table.js';

/** The held posts of one organisation (and its sub-organisations), handled in bulk. */
export function HeldPosts({ organisations, defaultOrganisationId }: { organisations: Organisation[]; defaultOrganisationId: string }) {
  const { t } = useTranslation();
  const me = useMe();
  const [organisationId, setOrganisationId] = useState(defaultOrganisationId);
  const organisation = organisations.find((candidate) => candidate.id === organisationId);
  const held = useHeld(organisationId || null);
  const channels = useChannelLookup(organisationId || null);
  const [selected, setSelected] = useState<Selection>(new Set());
  const [action, setAction] = useState<HeldAction | null>(null);
  const mayAct = can.pausePublishing(me, organisation);

  // Only ids still in the list count (a row may have been handled by a colleague meanwhile).
  const selectedIds = useMemo(() => {
    const rows = held.data ?? [];
    if (selected === 'all') return rows.map((row) => row.id);
    return rows.filter((row) => selected.has(row.id)).map((row) => row.id);
  }, [held.data, selected]);

  return (
    <section className="stack" aria-labelledby="held-title">
      <h2 id="held-title">{t('crisis.held.title')}</h2>
      <p className="muted">{t('crisis.held.intro')}</p>
      <div className="filters">
        <OrganisationSelect
          id="held-organisation"
          label={t('crisis.held.organisation')}
          organisations={organisations}
          value={organisationId}
          onChange={(id) => {
            setOrganisationId(id);
            setSelected(new Set());
          }}
        />
      </div>
      {!organisationId ? null : held.isPending ? (
        <div className="card">
          <Skeleton lines={4} label={t('crisis.held.loading')} />
        </div>
      ) : held.isError ? (
        <ErrorNotice error={held.error} title={t('crisis.held.loadFailed')} onRetry={() => void held.refetch()} />
      ) : held.data.length === 0 ? (
        <div className="card">
          <EmptyState title={t('crisis.held.empty')} level={3}>
            {t('crisis.held.emptyHint')}
          </EmptyState>
        </div>
      ) : (
        <>
          {mayAct ? (
            // biome-ignore lint/a11y/useSemanticElements: a toolbar of buttons, not a form fieldset
            <div className="bulk-bar" role="group" aria-label={t('crisis.held.actionsLabel')}>
              <p className="bulk-count" role="status">
                {selectedIds.length > 0 ? t('crisis.held.selected', { count: selectedIds.length }) : t('crisis.held.noneSelected')}
              </p>
              <Button variant="primary" size="small" isDisabled={selectedIds.length === 0} onPress={() => setAction('resume')}>
                {t('crisis.held.resume')}
              </Button>
              <Button variant="secondary" size="small" isDisabled={selectedIds.length === 0} onPress={() => setAction('reschedule')}>
                {t('crisis.held.reschedule')}
              </Button>
              <Button variant="danger" size="small" isDisabled={selectedIds.length === 0} onPress={() => setAction('cancel')}>
                {t('crisis.held.cancel')}
              </Button>
            </div>
          ) : (
            <Notice>{t('crisis.held.viewOnly')}</Notice>
          )}
          <HeldTable
            held={held.data}
            channels={channels}
            caption={t('crisis.held.caption', { name: organisation?.name ?? '' })}
            selected={selected}
            onSelectionChange={setSelected}
            selectable={mayAct}
          />
        </>
      )}
      {action ? (
        <HeldActionDialog
          action={action}
          publicationIds={selectedIds}
          timeZone={organisation?.timeZone ?? held.data?.[0]?.timeZone ?? 'Europe/Brussels'}
          onClose={(done) => {
            setAction(null);
            if (done) setSelected(new Set());
          }}
        />
      ) : null}
    </section>
  );
}
