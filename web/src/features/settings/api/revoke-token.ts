import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import { tokensQueryKey } from './get-tokens.js';

export function revokeToken(id: string): Promise<{ ok: true }> {
  return api.delete<{ ok: true }>(`/api/me/tokens/${encodeURIComponent(id)}`);
}

export function useRevokeToken() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: revokeToken, onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensQueryKey }) });
}
