import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Post, PostInput } from '../../../api/types.js';
import { postQueryKey } from './get-post.js';
import { postsQueryKey } from './get-posts.js';

/** Saves a post's content; a change bumps its version (and sends a post in review back to review). */
export function updatePost(id: string, input: PostInput): Promise<Post> {
  return api.patch<Post>(`/api/posts/${encodeURIComponent(id)}`, input);
}

export function useUpdatePost() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: PostInput }) => updatePost(id, input),
    onSuccess: (post) => {
      queryClient.setQueryData(postQueryKey(post.id), post);
      void queryClient.invalidateQueries({ queryKey: ['review', post.id] });
      return queryClient.invalidateQueries({ queryKey: postsQueryKey });
    },
  });
}
