import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client.js';
import { useMe } from '../../../app/me-context.js';
import { Badge } from '../../../ui/badge.js';
import { Button } from '../../../ui/button.js';
import { TextField } from '../../../ui/field.js';
import { ErrorNotice } from '../../../ui/states.js';
import { useToast } from '../../../ui/toast.js';
import { useDisableTotp } from '../api/disable-totp.js';
import { useEnableTotp } from '../api/enable-totp.js';
import { useSetupTotp } from '../api/setup-totp.js';
import { CopyButton } from './copy-button.js';

const cleanCode = (code: string) => code.replace(/\s/g, '');

/** Two-factor sign-in with an authenticator app: set up (QR code + secret, confirm with a code) or turn off. */
export function TwoFactorPanel() {
  const { t } = useTranslation();
  const me = useMe();
  const toast = useToast();
  const setup = useSetupTotp();
  const enable = useEnableTotp();
  const disable = useDisableTotp();
  const [code, setCode] = useState('');
  const enabled = me.user.totpEnabled;
  const active = enabled ? disable : enable;
  const codeError =
    isApiError(active.error) && (active.error.status === 422 || active.error.status === 400)
      ? t('settings.twoFactor.wrongCode')
      : undefined;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const onSuccess = () => {
      setCode('');
      setup.reset();
      toast.show(enabled ? t('settings.twoFactor.disabled') : t('settings.twoFactor.enabled'));
    };
    if (enabled) disable.mutate(cleanCode(code), { onSuccess });
    else enable.mutate(cleanCode(code), { onSuccess });
  };

  const codeField = (
    <TextField
      label={t('settings.twoFactor.code')}
      hint={t('settings.twoFactor.codeHint')}
      inputMode="numeric"
      autoComplete="one-time-code"
      pattern="[0-9 ]{6,7}"
      maxLength={7}
      value={code}
      onChange={setCode}
      required
      error={codeError}
    />
  );

  return (
    <section className="card" aria-labelledby="two-factor-title">
      <div className="card-header">
        <h2 id="two-factor-title">{t('settings.twoFactor.title')}</h2>
        {enabled ? (
          <Badge tone="success" dot>
            {t('settings.twoFactor.statusOn')}
          </Badge>
        ) : (
          <Badge tone="warning" dot>
            {t('settings.twoFactor.statusOff')}
          </Badge>
        )}
      </div>
      <p className="muted">{t('settings.twoFactor.intro')}</p>

      {active.error && !codeError ? <ErrorNotice error={active.error} /> : null}

      {enabled ? (
        <form className="form" onSubmit={submit}>
          <p>{t('settings.twoFactor.disableIntro')}</p>
          {codeField}
          <div className="form-actions">
            <Button type="submit" variant="danger" isPending={disable.isPending}>
              {t('settings.twoFactor.disable')}
            </Button>
          </div>
        </form>
      ) : setup.data ? (
        <form className="form" onSubmit={submit}>
          <ol className="stack" style={{ paddingLeft: 'var(--space-5)' }}>
            <li>
              <p>{t('settings.twoFactor.step1')}</p>
              <img
                className="qr"
                src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(setup.data.qrSvg)}`}
                alt={t('settings.twoFactor.qrAlt')}
              />
            </li>
            <li>
              <p>{t('settings.twoFactor.step2')}</p>
              <div className="secret-box">
                <span className="visually-hidden">{t('settings.twoFactor.secret')}: </span>
                <code>{setup.data.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
                <CopyButton value={setup.data.secret} label={t('settings.twoFactor.copySecret')} />
              </div>
            </li>
            <li>
              <p>{t('settings.twoFactor.step3')}</p>
              {codeField}
            </li>
          </ol>
          <div className="form-actions">
            <Button variant="secondary" onPress={() => setup.reset()}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" isPending={enable.isPending}>
              {t('settings.twoFactor.enable')}
            </Button>
          </div>
        </form>
      ) : (
        <>
          {setup.error ? <ErrorNotice error={setup.error} /> : null}
          <Button onPress={() => setup.mutate()} isPending={setup.isPending}>
            {t('settings.twoFactor.setup')}
          </Button>
        </>
      )}
    </section>
  );
}
