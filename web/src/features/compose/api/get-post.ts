import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Post } from '../../../api/types.js';
import { postsQueryKey } from './get-posts.js';

export const postQueryKey = (id: string) => [...postsQueryKey, 'one', id] as const;

export function getPost(id: string, signal?: AbortSignal): Promise<Post> {
  return api.get<Post>(`/api/posts/${encodeURIComponent(id)}`, undefined, signal);
}

export const postQueryOptions = (id: string) => queryOptions({ queryKey: postQueryKey(id), queryFn: ({ signal }) => getPost(id, signal) });

export function usePost(id: string | null) {
  return useQuery({ ...postQueryOptions(id ?? ''), enabled: id !== null });
}
