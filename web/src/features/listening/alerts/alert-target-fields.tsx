import { useTranslation } from 'react-i18next';
import { CheckboxField, TextAreaField, TextField } from '../../../ui/field.js';
import type { AlertFieldName, AlertFormValues } from './alert-form.js';

type AlertTargetFieldsProps = {
  values: AlertFormValues;
  set: (changes: Partial<AlertFormValues>) => void;
  errors: Partial<Record<AlertFieldName, string>>;
  /** Editing a rule whose webhook already has a secret: empty keeps it, and a new one can be asked for. */
  secretSet: boolean;
};

/** Where a rule sends: e-mail addresses, a signed webhook (address, optional secret), and in Kanaal itself. */
export function AlertTargetFields({ values, set, errors, secretSet }: AlertTargetFieldsProps) {
  const { t } = useTranslation();
  return (
    <fieldset className="field alert-targets" aria-describedby="alert-targets-hint">
      <legend>{t('listeningAlerts.form.targets')}</legend>
      <div id="alert-targets-hint" className="field-hint">
        {t('listeningAlerts.form.targetsHint')}
      </div>
      <TextAreaField
        id="alert-emails"
        label={t('listeningAlerts.form.emails')}
        hint={t('listeningAlerts.form.emailsHint')}
        value={values.emails}
        onChange={(emails) => set({ emails })}
        error={errors.emails}
        rows={3}
        autoComplete="off"
        spellCheck={false}
      />
      <CheckboxField
        label={t('listeningAlerts.form.webhookOn')}
        hint={t('listeningAlerts.form.webhookOnHint')}
        checked={values.webhookOn}
        onChange={(webhookOn) => set({ webhookOn })}
      />
      {values.webhookOn ? (
        <div className="alert-webhook">
          <TextField
            id="alert-webhook-url"
            type="url"
            inputMode="url"
            label={t('listeningAlerts.form.webhookUrl')}
            hint={t('listeningAlerts.form.webhookUrlHint')}
            value={values.webhookUrl}
            onChange={(webhookUrl) => set({ webhookUrl })}
            error={errors.webhookUrl}
            required
            maxLength={2000}
            autoComplete="off"
          />
          <TextField
            id="alert-webhook-secret"
            label={t('listeningAlerts.form.webhookSecret')}
            hint={t(secretSet ? 'listeningAlerts.form.webhookSecretKeepHint' : 'listeningAlerts.form.webhookSecretHint')}
            value={values.webhookSecret}
            onChange={(webhookSecret) => set({ webhookSecret })}
            error={errors.webhookSecret}
            className="mono"
            maxLength={500}
            autoComplete="off"
            spellCheck={false}
          />
          {secretSet ? (
            <CheckboxField
              label={t('listeningAlerts.form.regenerate')}
              hint={t('listeningAlerts.form.regenerateHint')}
              checked={values.regenerateSecret}
              onChange={(regenerateSecret) => set({ regenerateSecret })}
            />
          ) : null}
        </div>
      ) : null}
      <CheckboxField
        label={t('listeningAlerts.form.inApp')}
        hint={t('listeningAlerts.form.inAppHint')}
        checked={values.inApp}
        onChange={(inApp) => set({ inApp })}
      />
    </fieldset>
  );
}
