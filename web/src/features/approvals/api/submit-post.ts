import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { ReviewStatus } from '../types.js';
import { postQueryKey } from '../../compose/api/get-post.js';
import { postsQueryKey } from '../../compose/api/get-posts.js';
import { reviewQueryKey } from './get-review.js';

/** Draft → in review (or approved at once without a workflow); 422 lists what blocks it. */
export function submitPost(postId: string): Promise<ReviewStatus> {
  return api.post<ReviewStatus>(`/api/posts/${encodeURIComponent(postId)}/submit`);
}

export function useSubmitPost() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: submitPost,
    onSuccess: (status) => {
      queryClient.setQueryData(reviewQueryKey(status.postId), status);
      void queryClient.invalidateQueries({ queryKey: postQueryKey(status.postId) });
      return queryClient.invalidateQueries({ queryKey: postsQueryKey });
    },
  });
}
