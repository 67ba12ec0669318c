import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Publication, PublicationState } from '../../../api/types.js';

export type PublicationFilters = { organisationId: string; state?: PublicationState };

export const publicationsQueryKey = ['publications'] as const;

/** Publications of an organisation, optionally in one state. */
export function getPublications(filters: PublicationFilters, signal?: AbortSignal): Promise<Publication[]> {
  return api.get<Publication[]>('/api/publications', { organisationId: filters.organisationId, state: filters.state }, signal);
}

export const publicationsQueryOptions = (filters: PublicationFilters) =>
  queryOptions({
    queryKey: [...publicationsQueryKey, 'list', filters],
    queryFn: ({ signal }) => getPublications(filters, signal),
    placeholderData: keepPreviousData,
  });

/** Nothing is asked until an organisation is known. */
export function usePublications(filters: PublicationFilters | null) {
  return useQuery({ ...publicationsQueryOptions(filters ?? { organisationId: '' }), enabled: filters !== null });
}
