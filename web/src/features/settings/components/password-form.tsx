import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.js';
import { Button } from '../../../ui/button.js';
import { TextField } from '../../../ui/field.js';
import { ErrorNotice } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { useChangePassword } from '../api/change-password.js';

export function PasswordForm() {
  const { t } = useTranslation();
  const toast = useToast();
  const change = useChangePassword();
  const [currentPassword, setCurrentPassword] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const failure = change.error;
  const fieldError = (field: string) => (isApiError(failure) ? failure.fieldProblem(field) : undefined);
  // The API names the field (422) when the current password is wrong; say so in the person's language.
  const wrongCurrent = isApiError(failure) && failure.fieldMessage('currentPassword') ? t('settings.password.wrongCurrent') : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (newPassword !== confirmation) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          toast.show(t('settings.password.changed'));
          setCurrentPassword('');
          setNewPassword('');
          setConfirmation('');
        },
      },
    );
  };

  const generalError = failure && !wrongCurrent && !(isApiError(failure) && failure.fields.length > 0);
  return (
    <section className="card" aria-labelledby="password-title">
      <h2 id="password-title">{t('settings.password.title')}</h2>
      <form className="form" onSubmit={submit}>
        {generalError ? <ErrorNotice error={failure} title={t('settings.notSaved')} /> : null}
        <div className="form-row">
          <TextField
            label={t('settings.password.current')}
            type="password"
            autoComplete="current-password"
            value={currentPassword}
            onChange={setCurrentPassword}
            required
            error={wrongCurrent}
          />
          <TextField
            label={t('settings.password.new')}
            type="password"
            autoComplete="new-password"
            hint={t('settings.password.newHint')}
            value={newPassword}
            onChange={setNewPassword}
            required
            error={fieldError('newPassword')}
          />
          <TextField
            label={t('settings.password.confirm')}
            type="password"
            autoComplete="new-password"
            value={confirmation}
            onChange={setConfirmation}
            required
            error={mismatch ? t('settings.password.mismatch') : undefined}
          />
        </div>
        <div className="form-actions">
          <Button type="submit" isPending={change.isPending}>
            {t('settings.password.submit')}
          </Button>
        </div>
      </form>
    </section>
  );
}
