import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.js';
import { UI_LOCALES, type UiLocale } from '../../../api/types.js';
import { useMe } from '../../../app/me-context.js';
import { useUpdateMe } from '../../auth/api/update-me.js';
import { changeLocale } from '../../../i18n/index.js';
import { Button } from '../../../ui/button.js';
import { SelectField, TextField } from '../../../ui/field.js';
import { ErrorNotice } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';

const NAMES: Record<UiLocale, string> = { nl: 'Nederlands', fr: 'Français', en: 'English' };

export function ProfileForm() {
  const { t } = useTranslation();
  const me = useMe();
  const toast = useToast();
  const update = useUpdateMe();
  const [name, setName] = useState(me.user.name);
  const [locale, setLocale] = useState<UiLocale>(me.user.locale);
  const failure = update.error;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { name: name.trim(), locale },
      {
        onSuccess: () => {
          void changeLocale(locale);
          toast.show(t('settings.profile.saved', { lng: locale }));
        },
      },
    );
  };

  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">{t('settings.profile.title')}</h2>
      <form className="form" onSubmit={submit}>
        {failure && !(isApiError(failure) && failure.fields.length > 0) ? (
          <ErrorNotice error={failure} title={t('settings.notSaved')} />
        ) : null}
        <div className="form-row">
          <TextField
            label={t('settings.profile.name')}
            value={name}
            onChange={setName}
            required
            autoComplete="name"
            error={isApiError(failure) ? failure.fieldProblem('name') : undefined}
          />
          <div className="field">
            <span className="field-label">{t('settings.profile.email')}</span>
            <span className="readonly-value">{me.user.email}</span>
            <span className="field-hint">{t('settings.profile.emailHint')}</span>
          </div>
          <SelectField
            label={t('settings.profile.language')}
            value={locale}
            onChange={(value) => setLocale(value as UiLocale)}
            options={UI_LOCALES.map((code) => ({ value: code, label: NAMES[code] }))}
            hint={t('settings.profile.languageHint')}
          />
        </div>
        <div className="form-actions">
          <Button type="submit" isPending={update.isPending}>
            {t('settings.profile.save')}
          </Button>
        </div>
      </form>
    </section>
  );
}
