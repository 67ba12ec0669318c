import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.js';
import { useFormatters } from '../../../i18n/format.js';
import { Button } from '../../../ui/button.js';
import { useErrorText } from '../../../ui/error-text.js';
import { TextField } from '../../../ui/field.js';
import { ErrorNotice, Skeleton } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { useListeningSettings } from '../api/get-listening-settings.js';
import { useUpdateListeningSettings } from '../api/update-listening-settings.js';

/** How long mentions are kept: a number of days for those who manage listening, a sentence for the others. */
export function RetentionPanel({ organisationId, mayManage }: { organisationId: string; mayManage: boolean }) {
  const { t } = useTranslation();
  const format = useFormatters();
  const toast = useToast();
  const errorText = useErrorText();
  const settings = useListeningSettings(organisationId);
  const update = useUpdateListeningSettings();
  const [days, setDays] = useState('');
  const [problem, setProblem] = useState<string | undefined>();

  useEffect(() => {
    if (settings.data) setDays(String(settings.data.retentionDays));
  }, [settings.data]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = days.trim();
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 3650) {
      setProblem(t('listening.retention.problem'));
      return;
    }
    setProblem(undefined);
    update.mutate(
      { organisationId, retentionDays: Number(value) },
      {
        onSuccess: (saved) =>
          toast.show(t('listening.retention.saved', { count: saved.retentionDays, days: format.number(saved.retentionDays) })),
      },
    );
  };
  const serverProblem = isApiError(update.error) ? update.error.fieldMessage('retentionDays') : undefined;

  return (
    <section className="card retention-panel" aria-labelledby="retention-title">
      <h2 id="retention-title">{t('listening.retention.title')}</h2>
      {settings.isPending ? (
        <Skeleton lines={2} />
      ) : settings.isError ? (
        <ErrorNotice error={settings.error} onRetry={() => void settings.refetch()} />
      ) : mayManage ? (
        <form className="form retention-form" onSubmit={submit} noValidate>
          <TextField
            id="retention-days"
            type="number"
            inputMode="numeric"
            min={1}
            max={3650}
            label={t('listening.retention.days')}
            hint={t('listening.retention.hint')}
            value={days}
            onChange={setDays}
            error={problem ?? serverProblem}
            required
          />
          {update.error && !serverProblem ? <p className="field-error">{errorText(update.error)}</p> : null}
          <div className="form-actions">
            <Button type="submit" isPending={update.isPending}>
              {t('listening.retention.save')}
            </Button>
          </div>
        </form>
      ) : (
        <p>{t('listening.retention.readOnly', { count: settings.data.retentionDays, days: format.number(settings.data.retentionDays) })}</p>
      )}
    </section>
  );
}
