import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { ReviewStatus } from '../types.js';
import { postQueryKey } from '../../compose/api/get-post.js';
import { postsQueryKey } from '../../compose/api/get-posts.js';
import { reviewQueryKey } from './get-review.js';

export type DecisionInput = { decision: 'approve' | 'reject'; comment: string };

/** One approver's decision on the current step; the server checks that the step names the caller. */
export function decideOnPost(postId: string, input: DecisionInput): Promise<ReviewStatus> {
  return api.post<ReviewStatus>(`/api/posts/${encodeURIComponent(postId)}/decisions`, input);
}

export function useDecideOnPost() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ postId, input }: { postId: string; input: DecisionInput }) => decideOnPost(postId, input),
    onSuccess: (status) => {
      queryClient.setQueryData(reviewQueryKey(status.postId), status);
      void queryClient.invalidateQueries({ queryKey: postQueryKey(status.postId) });
      return queryClient.invalidateQueries({ queryKey: postsQueryKey });
    },
  });
}
