import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from '../../../api/client.js';
import type { Me, UiLocale } from '../../../api/types.js';
import { sessionQueryKey } from './get-session.js';

export type UpdateMeInput = { name?: string; locale?: UiLocale };

/** Changes the signed-in person's name or interface language. */
export async function updateMe(input: UpdateMeInput): Promise<Me> {
  const me = await api.patch<Me>('/api/me', input);
  if (me.csrfToken) setCsrfToken(me.csrfToken);
  return me;
}

export function useUpdateMe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateMe,
    onSuccess: (me) => {
      // PATCH /api/me may not echo the CSRF token; keep the one we have.
      const previous = queryClient.getQueryData<Me | null>(sessionQueryKey);
      queryClient.setQueryData(sessionQueryKey, { ...me, csrfToken: me.csrfToken ?? previous?.csrfToken ?? null });
    },
  });
}
