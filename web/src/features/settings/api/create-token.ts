import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { ApiToken } from '../../../api/types.js';
import { tokensQueryKey } from './get-tokens.js';

export type CreateTokenInput = { name: string; expiresInDays?: number };

/** Creates a token for scripts; the answer holds the secret, which is shown only this once. */
export function createToken(input: CreateTokenInput): Promise<ApiToken & { token: string }> {
  return api.post<ApiToken & { token: string }>('/api/me/tokens', input);
}

export function useCreateToken() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: createToken, onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensQueryKey }) });
}
