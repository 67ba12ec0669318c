import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { PublicationDetail } from '../../../api/types.js';
import { publicationsQueryKey } from './get-publications.js';

/** One publication with its attempt log (oldest attempt first, as the API returns it). */
export function getPublication(id: string, signal?: AbortSignal): Promise<PublicationDetail> {
  return api.get<PublicationDetail>(`/api/publications/${encodeURIComponent(id)}`, undefined, signal);
}

export const publicationQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...publicationsQueryKey, 'detail', id],
    queryFn: ({ signal }) => getPublication(id, signal),
  });

export function usePublication(id: string | null) {
  return useQuery({ ...publicationQueryOptions(id ?? ''), enabled: id !== null });
}
