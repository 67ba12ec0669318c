import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Organisation } from '../../../api/types.js';
import { can, useMe } from '../../../app/me-context.js';
import { useFormatters } from '../../../i18n/format.js';
import { Badge } from '../../../ui/badge.js';
import { Button, buttonClass } from '../../../ui/button.js';
import { ConfirmDialog } from '../../../ui/dialog.js';
import { ErrorNotice } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { useDeleteOrganisation } from '../api/delete-organisation.js';
import { useOrganisation } from '../api/get-organisation.js';
import { localName } from '../tree.js';
import { AudiencesPanel } from './audiences-panel.js';
import { MembersPanel } from './members-panel.js';
import { OrganisationFormDialog } from './organisation-form-dialog.js';

type Dialog = 'edit' | 'child' | 'delete' | null;

/** One organisation: its details, what the person may do with it, its people and audiences. */
export function OrganisationDetails({ organisation, organisations }: { organisation: Organisation; organisations: Organisation[] }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const format = useFormatters();
  const toast = useToast();
  const navigate = useNavigate();
  const detail = useOrganisation(organisation.id);
  const remove = useDeleteOrganisation();
  const [dialog, setDialog] = useState<Dialog>(null);
  const manage = can.manageOrganisation(me, organisation);
  const write = can.writeRegistry(me, organisation);
  const children = organisations.filter((candidate) => candidate.parentId === organisation.id);
  const language = i18n.resolvedLanguage ?? 'nl';
  const byId = new Map(organisations.map((candidate) => [candidate.id, candidate]));
  const ancestors = (detail.data?.ancestors ?? []).map((ancestor) => {
    const known = byId.get(ancestor.id);
    return { id: ancestor.id, name: known ? localName(known, language) : ancestor.name };
  });
  const otherNames = Object.entries(organisation.names ?? {}).filter(([, value]) => value && value !== organisation.name);

  return (
    <div className="stack">
      <section className="card" aria-labelledby="organisation-title">
        {ancestors.length > 0 ? (
          <nav aria-label={t('organisations.details.breadcrumb')} className="small muted">
            {ancestors.map((ancestor) => (
              <span key={ancestor.id}>
                <Link to="/organisations/$organisationId" params={{ organisationId: ancestor.id }}>
                  {ancestor.name}
                </Link>
                {' › '}
              </span>
            ))}
          </nav>
        ) : null}
        <div className="card-header">
          <h2 id="organisation-title">
            {localName(organisation, language)} {organisation.shortName ? <span className="muted">({organisation.shortName})</span> : null}
          </h2>
          <div className="row">
            {organisation.isDemo ? <Badge tone="info">{t('common.demo')}</Badge> : null}
            {organisation.myRoles.map((role) => (
              <Badge key={role}>{t(`roles.${role}`)}</Badge>
            ))}
          </div>
        </div>
        <dl className="details">
          <dt>{t('organisations.details.officialName')}</dt>
          <dd>{organisation.name}</dd>
          {otherNames.length > 0 ? (
            <>
              <dt>{t('organisations.details.otherNames')}</dt>
              <dd>
                <ul className="plain-list">
                  {otherNames.map(([code, value]) => (
                    <li key={code} lang={code}>
                      {value} <span className="muted small">({code.toUpperCase()})</span>
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          ) : null}
          <dt>{t('organisations.details.website')}</dt>
          <dd>
            {organisation.website ? (
              <a href={organisation.website} target="_blank" rel="noopener noreferrer">
                {organisation.website.replace(/^https?:\/\//, '')}
                <span className="visually-hidden"> ({t('common.opensInNewTab')})</span>
              </a>
            ) : (
              '—'
            )}
          </dd>
          <dt>{t('organisations.details.timeZone')}</dt>
          <dd>{organisation.timeZone}</dd>
          <dt>{t('organisations.details.defaultLanguage')}</dt>
          <dd>{format.languageName(organisation.defaultLanguage)}</dd>
          <dt>{t('organisations.details.slug')}</dt>
          <dd className="mono">{organisation.slug}</dd>
          <dt>{t('organisations.details.channels')}</dt>
          <dd>
            <Link to="/channels" search={{ organisationId: organisation.id }}>
              {t('organisations.details.channelCount', { count: organisation.channelCount })}
            </Link>
          </dd>
          <dt>{t('organisations.details.subOrganisations')}</dt>
          <dd>{format.number(children.length)}</dd>
          <dt>{t('organisations.details.updatedAt')}</dt>
          <dd>{format.dateTime(organisation.updatedAt)}</dd>
        </dl>
        <div className="page-actions" style={{ marginTop: 'var(--space-5)' }}>
          {manage ? <Button onPress={() => setDialog('edit')}>{t('organisations.actions.edit')}</Button> : null}
          {manage ? (
            <Button variant="secondary" onPress={() => setDialog('child')}>
              {t('organisations.actions.addChild')}
            </Button>
          ) : null}
          <Link to="/reports/inventory" search={{ organisationId: organisation.id }} className={buttonClass('secondary')}>
            {t('organisations.actions.inventory')}
          </Link>
          {manage ? (
            <Button variant="ghost" onPress={() => setDialog('delete')}>
              {t('organisations.actions.delete')}
            </Button>
          ) : null}
        </div>
      </section>

      {manage ? <MembersPanel organisationId={organisation.id} organisationName={organisation.name} /> : null}
      <AudiencesPanel organisationId={organisation.id} canManage={write} />

      {dialog === 'edit' || dialog === 'child' ? (
        <OrganisationFormDialog
          isOpen
          onOpenChange={(open) => !open && setDialog(null)}
          organisation={dialog === 'edit' ? organisation : undefined}
          parent={dialog === 'child' ? organisation : undefined}
          organisations={organisations}
          onSaved={(saved) => {
            if (dialog === 'child') void navigate({ to: '/organisations/$organisationId', params: { organisationId: saved.id } });
          }}
        />
      ) : null}

      <ConfirmDialog
        isOpen={dialog === 'delete'}
        onOpenChange={(open) => {
          if (!open) {
            setDialog(null);
            remove.reset();
          }
        }}
        title={t('organisations.delete.title', { name: organisation.name })}
        confirmLabel={t('organisations.delete.confirm')}
        isPending={remove.isPending}
        error={remove.error ? <ErrorNotice error={remove.error} title={t('organisations.delete.failed')} /> : null}
        onConfirm={() =>
          remove.mutate(organisation.id, {
            onSuccess: () => {
              toast.show(t('organisations.delete.done', { name: organisation.name }));
              setDialog(null);
              void navigate(
                organisation.parentId
                  ? { to: '/organisations/$organisationId', params: { organisationId: organisation.parentId } }
                  : { to: '/organisations' },
              );
            },
          })
        }
      >
        <p>{t('organisations.delete.body', { name: organisation.name })}</p>
        {children.length > 0 || organisation.channelCount > 0 ? (
          <p className="field-error">
            {t('organisations.delete.blocked', { children: children.length, channels: organisation.channelCount })}
          </p>
        ) : null}
      </ConfirmDialog>
    </div>
  );
}
