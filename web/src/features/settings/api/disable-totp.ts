import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import { sessionQueryKey } from '../../auth/api/get-session.js';

/** Turns two-factor sign-in off; needs a current code so a borrowed session cannot do it. */
export function disableTotp(code: string): Promise<{ ok: true }> {
  return api.post<{ ok: true }>('/api/me/totp/disable', { code });
}

export function useDisableTotp() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: disableTotp, onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionQueryKey }) });
}
