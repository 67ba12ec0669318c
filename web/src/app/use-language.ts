import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me, UiLocale } from '../api/types.js';
import { sessionQueryKey } from '../features/auth/api/get-session.js';
import { useUpdateMe } from '../features/auth/api/update-me.js';
import { changeLocale, DEFAULT_LOCALE, isUiLocale } from '../i18n/index.js';

/** The interface language and a switch that remembers it on this device and, when signed in, on the account. */
export function useLanguage(): { locale: UiLocale; setLocale: (locale: UiLocale) => void } {
  const { i18n } = useTranslation();
  const queryClient = useQueryClient();
  const updateMe = useUpdateMe();
  const { mutate } = updateMe;
  const setLocale = useCallback(
    (locale: UiLocale) => {
      void changeLocale(locale);
      const me = queryClient.getQueryData<Me | null>(sessionQueryKey);
      // Saving on the account is a convenience: if it fails, the device still remembers the choice.
      if (me && me.user.locale !== locale) mutate({ locale }, { onError: () => undefined });
    },
    [queryClient, mutate],
  );
  const locale = isUiLocale(i18n.resolvedLanguage) ? i18n.resolvedLanguage : DEFAULT_LOCALE;
  return { locale, setLocale };
}
