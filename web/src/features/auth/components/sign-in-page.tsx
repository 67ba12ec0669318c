import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buildUrl, isApiError } from '../../../api/client.js';
import { LanguageSwitch } from '../../../app/language-switch.js';
import { changeLocale, hasChosenLocale } from '../../../i18n/index.js';
import { Button, buttonClass } from '../../../ui/button.js';
import { useErrorText } from '../../../ui/error-text.js';
import { TextField } from '../../../ui/field.js';
import { PageHeader } from '../../../ui/page-header.js';
import { useProviders } from '../api/get-providers.js';
import { useSignIn } from '../api/sign-in.js';
import { safeRedirect } from '../safe-redirect.js';

const route = getRouteApi('/sign-in');

/** Email and password, then (if the account has it) the authenticator code; or single sign-on. */
export function SignInPage() {
  const { t } = useTranslation();
  const search = route.useSearch();
  const navigate = useNavigate();
  const errorText = useErrorText();
  const signIn = useSignIn();
  const providers = useProviders();
  const [step, setStep] = useState<'password' | 'totp'>('password');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const codeRef = useRef<HTMLInputElement>(null);
  const target = safeRedirect(search.redirect);

  useEffect(() => {
    if (step === 'totp') codeRef.current?.focus();
  }, [step]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    signIn.mutate(
      { email: email.trim(), password, totp: step === 'totp' ? code.replace(/\s/g, '') : undefined },
      {
        onSuccess: (me) => {
          if (!hasChosenLocale() && me.user.locale) void changeLocale(me.user.locale, { remember: false });
          void navigate({ href: target, replace: true });
        },
        onError: (failure) => {
          if (isApiError(failure) && failure.code === 'totp_required') {
            if (step === 'password') setStep('totp');
            else setError(t('auth.totpWrong'));
          } else if (isApiError(failure) && failure.status === 401) {
            setError(t('auth.wrongCredentials'));
          } else {
            setError(errorText(failure));
          }
        },
      },
    );
  };

  const oidc = providers.data?.oidc;
  return (
    <main id="main" className="auth-page" tabIndex={-1}>
      <div className="auth-card">
        <div className="auth-brand">
          <span className="brand">
            <img src="/favicon.svg" alt="" className="brand-mark" />
            Kanaal
          </span>
          <LanguageSwitch tone="light" />
        </div>
        <PageHeader
          title={step === 'password' ? t('auth.title') : t('auth.totpTitle')}
          description={step === 'password' ? t('auth.intro') : t('auth.totpIntro')}
        />

        {search.error === 'sso' ? (
          <div className="notice notice--danger" role="alert">
            <p>{t('auth.ssoFailed')}</p>
          </div>
        ) : null}
        {error ? (
          <div className="notice notice--danger" role="alert">
            <p>{error}</p>
          </div>
        ) : null}

        <form className="form" onSubmit={submit}>
          {step === 'password' ? (
            <>
              <TextField
                label={t('auth.email')}
                type="email"
                name="email"
                autoComplete="username"
                required
                value={email}
                onChange={setEmail}
              />
              <TextField
                label={t('auth.password')}
                type="password"
                name="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={setPassword}
              />
            </>
          ) : (
            <TextField
              ref={codeRef}
              label={t('auth.totpCode')}
              hint={t('auth.totpHint')}
              name="totp"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9 ]{6,7}"
              maxLength={7}
              required
              value={code}
              onChange={setCode}
            />
          )}
          <Button type="submit" className="full-width" isPending={signIn.isPending}>
            {t('auth.submit')}
          </Button>
          {step === 'totp' ? (
            <Button
              variant="ghost"
              onPress={() => {
                setStep('password');
                setCode('');
                setError(null);
              }}
            >
              {t('auth.back')}
            </Button>
          ) : null}
        </form>

        {oidc && step === 'password' ? (
          <>
            <p className="divider">{t('auth.or')}</p>
            <a className={buttonClass('secondary', undefined, 'full-width')} href={buildUrl(oidc.loginUrl, { returnTo: target })}>
              {t('auth.sso', { provider: oidc.label })}
            </a>
          </>
        ) : null}
      </div>
    </main>
  );
}
