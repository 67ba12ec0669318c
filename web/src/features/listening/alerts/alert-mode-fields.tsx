import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../../i18n/format.js';
import { FieldErrorText, SelectField, TextField } from '../../../ui/field.js';
import { type AlertFieldName, type AlertFormValues, readNumber, SPIKE_DEFAULTS } from './alert-form.js';
import { hourLabel } from './alert-words.js';
import { ALERT_MODES } from './types.js';

type AlertModeFieldsProps = {
  values: AlertFormValues;
  set: (changes: Partial<AlertFormValues>) => void;
  errors: Partial<Record<AlertFieldName, string>>;
  timeZone: string;
};

const HOURS = Array.from({ length: 24 }, (_, hour) => hour);

/**
 * When a rule sends: the four modes, each with its meaning beside it; the hour of a daily digest;
 * and for a spike its three numbers, with the rule (factor × the usual number, the baseline, the
 * quiet window) spelled out with the numbers as typed, as the API documents it (alert-schemas.ts).
 */
export function AlertModeFields({ values, set, errors, timeZone }: AlertModeFieldsProps) {
  const { t } = useTranslation();
  const groupId = useId();
  const format = useFormatters();
  const minutes = Number(values.windowMinutes) || SPIKE_DEFAULTS.windowMinutes;
  const minimum = Number(values.minimumCount) || SPIKE_DEFAULTS.minimumCount;
  const factorValue = readNumber(values.factor);
  const factor = Number.isFinite(factorValue) && factorValue > 0 ? factorValue : SPIKE_DEFAULTS.factor;
  // The example's usual number: 4 per window.
  const threshold = Math.max(minimum, Math.ceil(factor * 4));

  return (
    <>
      <fieldset className="field" aria-describedby={errors.mode ? `${groupId}-error` : undefined}>
        <legend>{t('listeningAlerts.form.mode')}</legend>
        <div className="choice-list alert-modes">
          {ALERT_MODES.map((mode) => (
            <div key={mode} className="alert-mode">
              <label className="choice">
                <input
                  type="radio"
                  name={`${groupId}-mode`}
                  value={mode}
                  checked={values.mode === mode}
                  onChange={() => set({ mode })}
                  aria-describedby={`${groupId}-${mode}-help`}
                />
                {t(`listeningAlerts.modes.${mode}`)}
              </label>
              <p id={`${groupId}-${mode}-help`} className="field-hint">
                {t(`listeningAlerts.modeHelp.${mode}`)}
              </p>
            </div>
          ))}
        </div>
        <FieldErrorText id={`${groupId}-error`}>{errors.mode}</FieldErrorText>
      </fieldset>

      {values.mode === 'digest_daily' ? (
        <SelectField
          id="alert-digestHour"
          label={t('listeningAlerts.form.digestHour')}
          hint={t('listeningAlerts.form.digestHourHint', { timeZone })}
          value={values.digestHour}
          onChange={(digestHour) => set({ digestHour })}
          options={HOURS.map((hour) => ({ value: String(hour), label: hourLabel(hour) }))}
          error={errors.digestHour}
        />
      ) : null}

      {values.mode === 'spike' ? (
        <fieldset className="field alert-spike">
          <legend>{t('listeningAlerts.form.spike')}</legend>
          <div className="form-row">
            <TextField
              id="alert-factor"
              inputMode="decimal"
              label={t('listeningAlerts.form.factor')}
              hint={t('listeningAlerts.form.factorHint')}
              value={values.factor}
              onChange={(value) => set({ factor: value })}
              error={errors.factor}
              required
            />
            <TextField
              id="alert-minimumCount"
              type="number"
              inputMode="numeric"
              min={1}
              max={100_000}
              label={t('listeningAlerts.form.minimumCount')}
              hint={t('listeningAlerts.form.minimumCountHint')}
              value={values.minimumCount}
              onChange={(minimumCount) => set({ minimumCount })}
              error={errors.minimumCount}
              required
            />
            <TextField
              id="alert-windowMinutes"
              type="number"
              inputMode="numeric"
              min={15}
              max={1440}
              label={t('listeningAlerts.form.windowMinutes')}
              hint={t('listeningAlerts.form.windowMinutesHint')}
              value={values.windowMinutes}
              onChange={(windowMinutes) => set({ windowMinutes })}
              error={errors.windowMinutes}
              required
            />
          </div>
          <div className="spike-explained">
            <p>
              {t('listeningAlerts.form.spikeExplained', {
                window: minutes,
                minimum: format.number(minimum),
                factor: format.number(factor),
              })}
            </p>
            <p>{t('listeningAlerts.form.baselineExplained', { window: minutes })}</p>
            <p>{t('listeningAlerts.form.quietExplained', { window: minutes })}</p>
            <p>{t('listeningAlerts.form.spikeExample', { window: minutes, threshold: format.number(threshold) })}</p>
          </div>
        </fieldset>
      ) : null}
    </>
  );
}
