import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Me, UiLocale } from '../api/types.js';
import { sessionQueryKey } from '../features/auth/api/get-session.js';
import { useUpdateMe } from '../features/auth/api/update-me.js';
import { changeLocale } from '../i18n/index.js';
import { useUiLocale } from '../i18n/use-ui-locale.js';

/** The interface language and a switch that remembers it on this device and, when signed in, on the account. */
export function useLanguage(): { locale: UiLocale; setLocale: (locale: UiLocale) => void } {
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
  const locale = useUiLocale();
  return { locale, setLocale };
}
