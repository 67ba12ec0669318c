import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.js';
import { CONTENT_LANGUAGES, type ContentLanguage, type Organisation, type OrganisationInput } from '../../../api/types.js';
import { useMe } from '../../../app/me-context.js';
import { useFormatters } from '../../../i18n/format.js';
import { Button } from '../../../ui/button.js';
import { ModalDialog } from '../../../ui/dialog.js';
import { SelectField, TextField } from '../../../ui/field.js';
import { FormRefusal } from '../../../ui/form-refusal.js';
import { useToast } from '../../../ui/toast.js';
import { useCreateOrganisation } from '../api/create-organisation.js';
import { useUpdateOrganisation } from '../api/update-organisation.js';
import { subtreeIds } from '../tree.js';
import { OrganisationSelect } from './organisation-select.js';

type OrganisationFormDialogProps = {
  isOpen: boolean;
  onOpenChange: (isOpen: boolean) => void;
  /** Editing this organisation… */
  organisation?: Organisation;
  /** …or creating a new one under this parent (null: a top-level organisation). */
  parent?: Organisation | null;
  organisations: Organisation[];
  onSaved?: (organisation: Organisation) => void;
};

const TIME_ZONES: string[] = (() => {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['Europe/Brussels', 'Europe/Amsterdam', 'Europe/Luxembourg', 'Europe/Paris', 'Europe/Berlin', 'UTC'];
  }
})();

export function OrganisationFormDialog(props: OrganisationFormDialogProps) {
  const { t } = useTranslation();
  const title = props.organisation
    ? t('organisations.form.editTitle', { name: props.organisation.name })
    : props.parent
      ? t('organisations.form.createChildTitle', { parent: props.parent.name })
      : t('organisations.form.createRootTitle');
  return (
    <ModalDialog isOpen={props.isOpen} onOpenChange={props.onOpenChange} title={title} size="wide">
      {(close) => <OrganisationForm {...props} close={close} />}
    </ModalDialog>
  );
}

type FormState = {
  name: string;
  names: Record<ContentLanguage, string>;
  shortName: string;
  website: string;
  timeZone: string;
  defaultLanguage: ContentLanguage;
  slug: string;
  parentId: string;
};

function OrganisationForm({ organisation, parent, organisations, onSaved, close }: OrganisationFormDialogProps & { close: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const format = useFormatters();
  const toast = useToast();
  const create = useCreateOrganisation();
  const update = useUpdateOrganisation();
  const mutation = organisation ? update : create;
  const [state, setState] = useState<FormState>(() => ({
    name: organisation?.name ?? '',
    names: { nl: '', fr: '', de: '', en: '', ...organisation?.names },
    shortName: organisation?.shortName ?? '',
    website: organisation?.website ?? '',
    timeZone: organisation?.timeZone ?? parent?.timeZone ?? 'Europe/Brussels',
    defaultLanguage: organisation?.defaultLanguage ?? parent?.defaultLanguage ?? 'nl',
    slug: organisation?.slug ?? '',
    parentId: organisation?.parentId ?? '',
  }));
  const set = <K extends keyof FormState>(key: K, value: FormState[K]) => setState((current) => ({ ...current, [key]: value }));
  const failure = mutation.error;
  const fieldError = (field: string) => (isApiError(failure) ? failure.fieldProblem(field) : undefined);

  // An organisation cannot move below itself or its own descendants.
  const blocked = useMemo(
    () => (organisation ? subtreeIds(organisations, organisation.id) : new Set<string>()),
    [organisations, organisation],
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const names = Object.fromEntries(Object.entries(state.names).filter(([, value]) => value.trim() !== '')) as OrganisationInput['names'];
    const body: Omit<OrganisationInput, 'parentId'> = {
      name: state.name.trim(),
      names,
      shortName: state.shortName.trim() || null,
      website: state.website.trim() || null,
      timeZone: state.timeZone,
      defaultLanguage: state.defaultLanguage,
      ...(state.slug.trim() ? { slug: state.slug.trim() } : {}),
    };
    const onSuccess = (saved: Organisation) => {
      toast.show(organisation ? t('organisations.form.saved', { name: body.name }) : t('organisations.form.created', { name: body.name }));
      onSaved?.(saved);
      close();
    };
    if (organisation) {
      const parentId = state.parentId || null;
      update.mutate({ id: organisation.id, ...body, ...(parentId !== organisation.parentId ? { parentId } : {}) }, { onSuccess });
    } else {
      create.mutate({ ...body, parentId: parent?.id ?? null }, { onSuccess });
    }
  };

  return (
    <form className="form" onSubmit={submit}>
      {failure ? <FormRefusal title={t('organisations.form.notSaved')} failure={failure} /> : null}
      <div className="form-row">
        <TextField
          label={t('organisations.form.name')}
          value={state.name}
          onChange={(value) => set('name', value)}
          error={fieldError('name')}
          required
        />
        <TextField
          label={t('organisations.form.shortName')}
          hint={t('organisations.form.shortNameHint')}
          value={state.shortName}
          onChange={(value) => set('shortName', value)}
          error={fieldError('shortName')}
        />
      </div>
      <fieldset className="field">
        <legend>{t('organisations.form.namesLegend')}</legend>
        <p className="field-hint">{t('organisations.form.namesHint')}</p>
        <div className="form-row">
          {CONTENT_LANGUAGES.map((language) => (
            <TextField
              key={language}
              lang={language}
              label={format.languageName(language)}
              value={state.names[language]}
              onChange={(value) => setState((current) => ({ ...current, names: { ...current.names, [language]: value } }))}
              error={fieldError(`names.${language}`) ?? undefined}
            />
          ))}
        </div>
      </fieldset>
      <TextField
        label={t('organisations.form.website')}
        type="url"
        placeholder="https://"
        value={state.website}
        onChange={(value) => set('website', value)}
        error={fieldError('website')}
      />
      <div className="form-row">
        <SelectField
          label={t('organisations.form.timeZone')}
          value={state.timeZone}
          onChange={(value) => set('timeZone', value)}
          options={TIME_ZONES.map((zone) => ({ value: zone, label: zone.replace(/_/g, ' ') }))}
          error={fieldError('timeZone')}
        />
        <SelectField
          label={t('organisations.form.defaultLanguage')}
          value={state.defaultLanguage}
          onChange={(value) => set('defaultLanguage', value as ContentLanguage)}
          options={CONTENT_LANGUAGES.map((language) => ({ value: language, label: format.languageName(language) }))}
          error={fieldError('defaultLanguage')}
        />
        <TextField
          label={t('organisations.form.slug')}
          hint={t('organisations.form.slugHint')}
          value={state.slug}
          onChange={(value) => set('slug', value)}
          error={fieldError('slug')}
          pattern="[a-z0-9-]*"
        />
      </div>
      {organisation ? (
        <OrganisationSelect
          label={t('organisations.form.parent')}
          hint={t('organisations.form.parentHint')}
          organisations={organisations}
          value={state.parentId}
          onChange={(value) => set('parentId', value)}
          emptyOption={t('organisations.form.topLevel')}
          isAllowed={(candidate) => !blocked.has(candidate.id) && (me.user.isSuperadmin || candidate.myRoles.includes('admin'))}
          error={fieldError('parentId')}
        />
      ) : null}
      <div className="form-actions">
        <Button variant="secondary" onPress={close}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" isPending={mutation.isPending}>
          {organisation ? t('organisations.form.save') : t('organisations.form.create')}
        </Button>
      </div>
    </form>
  );
}
