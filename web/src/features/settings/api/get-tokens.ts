import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { ApiToken } from '../../../api/types.js';

export const tokensQueryKey = ['me', 'tokens'] as const;

/** The person's active API tokens (never the secret itself). */
export function getTokens(): Promise<ApiToken[]> {
  return api.get<ApiToken[]>('/api/me/tokens');
}

export const tokensQueryOptions = queryOptions({ queryKey: tokensQueryKey, queryFn: getTokens });

export function useTokens() {
  return useQuery(tokensQueryOptions);
}
