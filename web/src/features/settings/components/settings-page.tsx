import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../ui/page-header.js';
import { ApiTokensPanel } from './api-tokens-panel.js';
import { PasswordForm } from './password-form.js';
import { ProfileForm } from './profile-form.js';
import { TwoFactorPanel } from './two-factor-panel.js';

/** Profile, password, two-factor sign-in and API tokens of the signed-in person. */
export function SettingsPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={t('settings.title')} description={t('settings.description')} />
      <div className="stack">
        <ProfileForm />
        <PasswordForm />
        <TwoFactorPanel />
        <ApiTokensPanel />
      </div>
    </>
  );
}
