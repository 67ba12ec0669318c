import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import { sessionQueryKey } from '../../auth/api/get-session.js';

/** Turns two-factor sign-in on, proving the authenticator works with a current code. */
export function enableTotp(code: string): Promise<{ ok: true }> {
  return api.post<{ ok: true }>('/api/me/totp/enable', { code });
}

export function useEnableTotp() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: enableTotp, onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionQueryKey }) });
}
