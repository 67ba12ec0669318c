import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { AuthProviders } from '../../../api/types.js';

/** Which sign-in methods this installation offers (no session needed). */
export function getProviders(): Promise<AuthProviders> {
  return api.get<AuthProviders>('/api/auth/providers');
}

export const providersQueryOptions = queryOptions({
  queryKey: ['auth', 'providers'],
  queryFn: getProviders,
  staleTime: Number.POSITIVE_INFINITY,
  retry: false,
});

export function useProviders() {
  return useQuery(providersQueryOptions);
}
