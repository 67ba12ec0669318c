import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from '../../../api/client.js';
import type { Me } from '../../../api/types.js';
import { sessionQueryKey } from './get-session.js';

export type SignInInput = { email: string; password: string; totp?: string };

/** Starts a session. Fails with ApiError code `totp_required` when a second factor is needed. */
export async function signIn(input: SignInInput): Promise<Me> {
  const me = await api.post<Me>('/api/session', input);
  setCsrfToken(me.csrfToken);
  return me;
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: signIn,
    onSuccess: (me) => {
      queryClient.clear();
      queryClient.setQueryData(sessionQueryKey, me);
    },
  });
}
