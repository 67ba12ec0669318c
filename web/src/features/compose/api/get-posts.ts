import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Post, PostState } from '../../../api/types.js';

export type PostFilters = { organisationId: string; state?: PostState };

export const postsQueryKey = ['posts'] as const;

/** Posts of one organisation, optionally in one state. */
export function getPosts(filters: PostFilters, signal?: AbortSignal): Promise<Post[]> {
  return api.get<Post[]>(`/api/organisations/${encodeURIComponent(filters.organisationId)}/posts`, { state: filters.state }, signal);
}

export const postsQueryOptions = (filters: PostFilters) =>
  queryOptions({
    queryKey: [...postsQueryKey, 'list', filters],
    queryFn: ({ signal }) => getPosts(filters, signal),
    placeholderData: keepPreviousData,
  });

/** Nothing is asked until an organisation is known. */
export function usePosts(filters: PostFilters | null) {
  return useQuery({ ...postsQueryOptions(filters ?? { organisationId: '' }), enabled: filters !== null });
}
