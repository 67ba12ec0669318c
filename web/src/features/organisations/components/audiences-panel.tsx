import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.js';
import { type Audience, CONTENT_LANGUAGES, type ContentLanguage } from '../../../api/types.js';
import { useFormatters } from '../../../i18n/format.js';
import { Badge } from '../../../ui/badge.js';
import { Button } from '../../../ui/button.js';
import { ConfirmDialog, ModalDialog } from '../../../ui/dialog.js';
import { TextField } from '../../../ui/field.js';
import { EmptyState, ErrorNotice, Skeleton } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { useCreateAudience } from '../api/create-audience.js';
import { useDeleteAudience } from '../api/delete-audience.js';
import { useAudiences } from '../api/get-audiences.js';
import { useUpdateAudience } from '../api/update-audience.js';
import { localName } from '../tree.js';

/** The audiences catalogue channels can be tagged with; sub-organisations inherit it. */
export function AudiencesPanel({ organisationId, canManage }: { organisationId: string; canManage: boolean }) {
  const { t, i18n } = useTranslation();
  const toast = useToast();
  const audiences = useAudiences(organisationId);
  const create = useCreateAudience();
  const remove = useDeleteAudience();
  const [name, setName] = useState('');
  const [renaming, setRenaming] = useState<Audience | null>(null);
  const [deleting, setDeleting] = useState<Audience | null>(null);
  const nameOf = (audience: Audience) => localName(audience, i18n.resolvedLanguage ?? 'nl');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      { organisationId, name: name.trim() },
      {
        onSuccess: () => {
          toast.show(t('audiences.added', { name: name.trim() }));
          setName('');
        },
      },
    );
  };

  return (
    <section className="card" aria-labelledby="audiences-title">
      <div className="card-header">
        <h2 id="audiences-title">{t('audiences.title')}</h2>
        <span className="muted small">{t('audiences.hint')}</span>
      </div>
      {audiences.isPending ? (
        <Skeleton lines={2} />
      ) : audiences.isError ? (
        <ErrorNotice error={audiences.error} onRetry={() => void audiences.refetch()} />
      ) : audiences.data.length === 0 ? (
        <EmptyState level={3} title={t('audiences.empty')}>
          {t('audiences.emptyHint')}
        </EmptyState>
      ) : (
        <ul className="plain-list">
          {audiences.data.map((audience) => (
            <li key={audience.id} className="row" style={{ justifyContent: 'space-between' }}>
              <span className="row">
                <span>{nameOf(audience)}</span>
                <span className="muted small mono">{audience.slug}</span>
                {audience.inherited ? <Badge>{t('audiences.inherited')}</Badge> : null}
              </span>
              {canManage && !audience.inherited ? (
                <span className="row">
                  <Button
                    variant="secondary"
                    size="small"
                    onPress={() => setRenaming(audience)}
                    aria-label={t('audiences.renameNamed', { name: nameOf(audience) })}
                  >
                    {t('audiences.rename')}
                  </Button>
                  <Button
                    variant="ghost"
                    size="small"
                    onPress={() => setDeleting(audience)}
                    aria-label={t('audiences.deleteNamed', { name: nameOf(audience) })}
                  >
                    {t('common.delete')}
                  </Button>
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      {canManage ? (
        <form className="form" onSubmit={submit} style={{ marginTop: 'var(--space-5)' }}>
          {create.error ? <ErrorNotice error={create.error} title={t('audiences.notAdded')} /> : null}
          <div className="row" style={{ alignItems: 'flex-end' }}>
            <TextField
              className="grow"
              label={t('audiences.newName')}
              value={name}
              onChange={setName}
              required
              error={isApiError(create.error) ? create.error.fieldProblem('name') : undefined}
            />
            <Button type="submit" isPending={create.isPending}>
              {t('audiences.add')}
            </Button>
          </div>
        </form>
      ) : null}

      {renaming ? <RenameAudienceDialog audience={renaming} onClose={() => setRenaming(null)} /> : null}

      <ConfirmDialog
        isOpen={deleting !== null}
        onOpenChange={(open) => {
          if (!open) {
            setDeleting(null);
            remove.reset();
          }
        }}
        title={t('audiences.deleteTitle')}
        confirmLabel={t('audiences.deleteConfirm')}
        isPending={remove.isPending}
        error={remove.error ? <ErrorNotice error={remove.error} /> : null}
        onConfirm={() =>
          deleting &&
          remove.mutate(deleting.id, {
            onSuccess: () => {
              toast.show(t('audiences.deleted', { name: nameOf(deleting) }));
              setDeleting(null);
            },
          })
        }
      >
        <p>{t('audiences.deleteBody', { name: deleting ? nameOf(deleting) : '' })}</p>
      </ConfirmDialog>
    </section>
  );
}

/** Renames an audience: its main name and, optionally, its name in each content language. */
function RenameAudienceDialog({ audience, onClose }: { audience: Audience; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const format = useFormatters();
  const toast = useToast();
  const update = useUpdateAudience();
  const [name, setName] = useState(audience.name);
  const [names, setNames] = useState<Record<ContentLanguage, string>>({ nl: '', fr: '', de: '', en: '', ...audience.names });
  const shown = localName(audience, i18n.resolvedLanguage ?? 'nl');
  return (
    <ModalDialog isOpen onOpenChange={(open) => !open && onClose()} title={t('audiences.renameTitle', { name: shown })}>
      {(close) => (
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            const trimmed = Object.fromEntries(CONTENT_LANGUAGES.map((language) => [language, names[language].trim()]));
            update.mutate(
              { id: audience.id, name: name.trim(), names: trimmed },
              {
                onSuccess: (saved) => {
                  toast.show(
                    t('audiences.renamed', {
                      name: localName(saved ?? { name: name.trim(), names: trimmed }, i18n.resolvedLanguage ?? 'nl'),
                    }),
                  );
                  close();
                },
              },
            );
          }}
        >
          {update.error && !(isApiError(update.error) && update.error.fields.length > 0) ? <ErrorNotice error={update.error} /> : null}
          <TextField
            label={t('audiences.newName')}
            value={name}
            onChange={setName}
            required
            error={isApiError(update.error) ? update.error.fieldProblem('name') : undefined}
          />
          <fieldset className="field">
            <legend>{t('audiences.namesLegend')}</legend>
            <div className="form-row">
              {CONTENT_LANGUAGES.map((language) => (
                <TextField
                  key={language}
                  lang={language}
                  label={format.languageName(language)}
                  value={names[language]}
                  onChange={(value) => setNames((current) => ({ ...current, [language]: value }))}
                />
              ))}
            </div>
          </fieldset>
          <div className="form-actions">
            <Button variant="secondary" onPress={close}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" isPending={update.isPending}>
              {t('audiences.save')}
            </Button>
          </div>
        </form>
      )}
    </ModalDialog>
  );
}
