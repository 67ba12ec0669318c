import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Organisation } from '../../../api/types.js';

export const organisationsQueryKey = ['organisations'] as const;

/** Every organisation the caller can read, flat (the tree is built from parentId). */
export function getOrganisations(): Promise<Organisation[]> {
  return api.get<Organisation[]>('/api/organisations');
}

export const organisationsQueryOptions = queryOptions({
  queryKey: organisationsQueryKey,
  queryFn: getOrganisations,
  staleTime: 60_000,
});

export function useOrganisations() {
  return useQuery(organisationsQueryOptions);
}
