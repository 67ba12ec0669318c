import { type FormEvent, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.js';
import { type ListeningSource, SOURCE_KINDS } from '../types.js';
import { Button } from '../../../ui/button.js';
import { ModalDialog } from '../../../ui/dialog.js';
import { CheckboxField, RadioGroupField, TextField } from '../../../ui/field.js';
import { FormRefusal, useFocusFirstInvalid } from '../../../ui/form-refusal.js';
import { useToast } from '../../../ui/toast.js';
import { useChannels } from '../../channels/api/get-channels.js';
import { useCreateSource } from '../api/create-source.js';
import { useUpdateSource } from '../api/update-source.js';
import {
  emptySourceForm,
  fieldErrorsOf,
  localProblems,
  POLLED_KINDS,
  type SourceFieldName,
  type SourceFormValues,
  sourceFormFrom,
  sourceInputOf,
  withKind,
} from '../source-form.js';
import { SourceFields } from './source-fields.js';

type SourceDialogProps = {
  organisationId: string;
  /** The source to change; absent to add one. */
  source?: ListeningSource;
  onClose: () => void;
};

/** Adding or changing a source: its kind (on adding), name, the kind's fields, and when to warn about silence. */
export function SourceDialog({ organisationId, source, onClose }: SourceDialogProps) {
  const { t } = useTranslation();
  return (
    <ModalDialog
      isOpen
      onOpenChange={(open) => !open && onClose()}
      size="wide"
      title={source ? t('listening.sourceForm.editTitle', { name: source.name }) : t('listening.sourceForm.createTitle')}
    >
      {(close) => <SourceForm organisationId={organisationId} source={source} close={close} />}
    </ModalDialog>
  );
}

function SourceForm({ organisationId, source, close }: { organisationId: string; source?: ListeningSource; close: () => void }) {
  const { t } = useTranslation();
  const toast = useToast();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<SourceFormValues>(() => (source ? sourceFormFrom(source) : emptySourceForm()));
  const [local, setLocal] = useState<ReturnType<typeof localProblems>>([]);
  const create = useCreateSource();
  const update = useUpdateSource();
  const save = source ? update : create;
  const failure = save.error;
  const channels = useChannels({ organisationId, subtree: false });
  const ownChannels = useMemo(
    () => (channels.data ?? []).filter((channel) => channel.network === 'mastodon' || channel.network === 'bluesky'),
    [channels.data],
  );

  const server = useMemo(
    () => (isApiError(failure) ? fieldErrorsOf(failure.fields, values) : { byField: {}, other: [] }),
    [failure, values],
  );
  const errors: Partial<Record<SourceFieldName, string>> = { ...server.byField };
  for (const problem of local)
    errors[problem.field] =
      problem.problem === 'required' ? t('listening.required') : t(`listening.sourceForm.problems.${problem.problem}`);
  const hasFieldErrors = Object.keys(errors).length > 0;

  useFocusFirstInvalid(formRef, failure ?? (local.length > 0 ? local : null));

  const set = (changes: Partial<SourceFormValues>) => setValues((current) => ({ ...current, ...changes }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems = localProblems(values);
    setLocal(problems);
    if (problems.length > 0) return;
    const input = sourceInputOf(values);
    const done = (saved: ListeningSource) => {
      toast.show(t(source ? 'listening.sourceForm.saved' : 'listening.sourceForm.created', { name: saved.name }));
      close();
    };
    if (source) {
      const { kind: _kind, ...patch } = input;
      update.mutate({ id: source.id, patch }, { onSuccess: done });
    } else {
      create.mutate({ organisationId, input }, { onSuccess: done });
    }
  };

  return (
    <form ref={formRef} className="form" onSubmit={submit} noValidate>
      {failure || local.length ? (
        <FormRefusal
          title={t('listening.sourceForm.notSaved')}
          failure={failure}
          fieldsMarked={hasFieldErrors ? t('listening.sourceForm.fixFields') : undefined}
          otherMessages={server.other}
        />
      ) : null}
      {source ? (
        <p>
          {t('listening.sourceForm.kindIs', { kind: t(`listening.kinds.${source.kind}`) })}
          {values.kind !== 'own_mentions' ? ` ${t('listening.sourceForm.settingsRestart')}` : ''}
        </p>
      ) : (
        <RadioGroupField
          label={t('listening.sourceForm.kind')}
          options={SOURCE_KINDS.map((kind) => ({ value: kind, label: t(`listening.kinds.${kind}`) }))}
          value={values.kind}
          onChange={(kind) => {
            // Another kind has other fields: the previous refusal no longer applies.
            create.reset();
            setLocal([]);
            setValues((current) => withKind(current, SOURCE_KINDS.find((candidate) => candidate === kind) ?? 'feed'));
          }}
          hint={t(`listening.sourceForm.kindHints.${values.kind}`)}
        />
      )}
      <TextField
        id="source-name"
        label={t('listening.sourceForm.name')}
        hint={t('listening.sourceForm.nameHint')}
        value={values.name}
        onChange={(name) => set({ name })}
        error={errors.name}
        required
        maxLength={200}
      />
      <SourceFields values={values} set={set} errors={errors} channels={ownChannels} />
      <div className="form-row">
        {POLLED_KINDS.includes(values.kind) ? (
          <TextField
            id="source-pollMinutes"
            type="number"
            inputMode="numeric"
            min={1}
            max={1440}
            label={t('listening.sourceForm.pollMinutes')}
            hint={t('listening.sourceForm.pollMinutesHint')}
            value={values.pollMinutes}
            onChange={(pollMinutes) => set({ pollMinutes })}
            error={errors.pollMinutes}
            required
          />
        ) : null}
        <TextField
          id="source-silentAfterHours"
          type="number"
          inputMode="numeric"
          min={1}
          max={8760}
          label={t('listening.sourceForm.silentAfterHours')}
          hint={t('listening.sourceForm.silentAfterHoursHint')}
          value={values.silentAfterHours}
          onChange={(silentAfterHours) => set({ silentAfterHours })}
          error={errors.silentAfterHours}
        />
      </div>
      <CheckboxField
        label={t('listening.sourceForm.active')}
        hint={t('listening.sourceForm.activeHint')}
        checked={values.active}
        onChange={(active) => set({ active })}
      />
      <div className="form-actions">
        <Button variant="secondary" onPress={close}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" isPending={save.isPending}>
          {source ? t('listening.sourceForm.save') : t('listening.sourceForm.create')}
        </Button>
      </div>
    </form>
  );
}
