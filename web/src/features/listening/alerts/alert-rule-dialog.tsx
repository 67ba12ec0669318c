import { type FormEvent, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.js';
import { Button } from '../../../ui/button.js';
import { ModalDialog } from '../../../ui/dialog.js';
import { CheckboxField, TextField } from '../../../ui/field.js';
import { FormRefusal, useFocusFirstInvalid } from '../../../ui/form-refusal.js';
import { useToast } from '../../../ui/toast.js';
import {
  type AlertFieldName,
  type AlertFormValues,
  alertFormFrom,
  alertInputOf,
  alertPatchOf,
  emptyAlertForm,
  fieldErrorsOf,
  localProblems,
} from './alert-form.js';
import { AlertModeFields } from './alert-mode-fields.js';
import { AlertTargetFields } from './alert-target-fields.js';
import { useCreateAlertRule } from './api/create-alert-rule.js';
import { useUpdateAlertRule } from './api/update-alert-rule.js';
import type { AlertRule } from './types.js';

type AlertRuleDialogProps = {
  watchlistId: string;
  /** The organisation's time zone, in which digests are scheduled. */
  timeZone: string;
  /** The rule to change; absent to create one. */
  rule?: AlertRule;
  onClose: () => void;
  /** The saved rule, with `generatedWebhookSecret` when the server made one (to be shown once). */
  onSaved: (rule: AlertRule) => void;
};

/** Creating or changing an alert rule: its name, when it sends, where to, and whether it is on. */
export function AlertRuleDialog({ watchlistId, timeZone, rule, onClose, onSaved }: AlertRuleDialogProps) {
  const { t } = useTranslation();
  return (
    <ModalDialog
      isOpen
      onOpenChange={(open) => !open && onClose()}
      size="wide"
      title={rule ? t('listeningAlerts.form.editTitle', { name: rule.name }) : t('listeningAlerts.form.createTitle')}
    >
      {(close) => <AlertRuleForm watchlistId={watchlistId} timeZone={timeZone} rule={rule} close={close} onSaved={onSaved} />}
    </ModalDialog>
  );
}

type AlertRuleFormProps = Omit<AlertRuleDialogProps, 'onClose'> & { close: () => void };

function AlertRuleForm({ watchlistId, timeZone, rule, close, onSaved }: AlertRuleFormProps) {
  const { t } = useTranslation();
  const toast = useToast();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<AlertFormValues>(() => (rule ? alertFormFrom(rule) : emptyAlertForm()));
  const [local, setLocal] = useState<ReturnType<typeof localProblems>>([]);
  const create = useCreateAlertRule();
  const update = useUpdateAlertRule();
  const save = rule ? update : create;
  const failure = save.error;

  const server = useMemo(
    () => (isApiError(failure) ? fieldErrorsOf(failure.fields, values) : { byField: {}, other: [] }),
    [failure, values],
  );
  const errors: Partial<Record<AlertFieldName, string>> = { ...server.byField };
  for (const problem of local)
    errors[problem.field] =
      problem.problem === 'email'
        ? t('listeningAlerts.form.problems.email', { item: problem.item })
        : t(`listeningAlerts.form.problems.${problem.problem}`);
  const hasFieldErrors = Object.keys(errors).length > 0;

  useFocusFirstInvalid(formRef, failure ?? (local.length > 0 ? local : null));

  const set = (changes: Partial<AlertFormValues>) => setValues((current) => ({ ...current, ...changes }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems = localProblems(values);
    setLocal(problems);
    if (problems.length > 0) return;
    const fallbackName = t(`listeningAlerts.modes.${values.mode}`);
    const done = (saved: AlertRule) => {
      toast.show(t(rule ? 'listeningAlerts.rules.toasts.saved' : 'listeningAlerts.rules.toasts.created', { name: saved.name }));
      onSaved(saved);
      close();
    };
    if (rule) update.mutate({ id: rule.id, patch: alertPatchOf(values, fallbackName, rule) }, { onSuccess: done });
    else create.mutate({ watchlistId, input: alertInputOf(values, fallbackName) }, { onSuccess: done });
  };

  return (
    <form ref={formRef} className="form alert-rule-form" onSubmit={submit} noValidate>
      {failure || local.length ? (
        <FormRefusal
          title={t('listeningAlerts.form.notSaved')}
          failure={failure}
          fieldsMarked={hasFieldErrors ? t('listeningAlerts.form.fixFields') : undefined}
          otherMessages={server.other}
        />
      ) : null}
      <TextField
        id="alert-name"
        label={t('listeningAlerts.form.name')}
        hint={t('listeningAlerts.form.nameHint')}
        value={values.name}
        onChange={(name) => set({ name })}
        error={errors.name}
        maxLength={200}
      />
      <AlertModeFields values={values} set={set} errors={errors} timeZone={timeZone} />
      <AlertTargetFields values={values} set={set} errors={errors} secretSet={Boolean(rule?.webhook?.secretSet)} />
      <CheckboxField
        label={t('listeningAlerts.form.active')}
        hint={t('listeningAlerts.form.activeHint')}
        checked={values.active}
        onChange={(active) => set({ active })}
      />
      <div className="form-actions">
        <Button variant="secondary" onPress={close}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" isPending={save.isPending}>
          {rule ? t('listeningAlerts.form.save') : t('listeningAlerts.form.create')}
        </Button>
      </div>
    </form>
  );
}
