import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Post, PostInput } from '../../../api/types.js';
import { postsQueryKey } from './get-posts.js';

/** Creates a draft in an organisation. */
export function createPost(organisationId: string, input: PostInput): Promise<Post> {
  return api.post<Post>(`/api/organisations/${encodeURIComponent(organisationId)}/posts`, input);
}

export function useCreatePost() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ organisationId, input }: { organisationId: string; input: PostInput }) => createPost(organisationId, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: postsQueryKey }),
  });
}
