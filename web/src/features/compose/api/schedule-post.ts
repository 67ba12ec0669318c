import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Post } from '../../../api/types.js';
import { postsQueryKey } from './get-posts.js';

/** Approved → scheduled at `plannedAt` (ISO 8601 with the organisation's offset). */
export function schedulePost(id: string, plannedAt: string): Promise<Post & { publicationIds: string[] }> {
  return api.post(`/api/posts/${encodeURIComponent(id)}/schedule`, { plannedAt });
}

export function useSchedulePost() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, plannedAt }: { id: string; plannedAt: string }) => schedulePost(id, plannedAt),
    onSuccess: (post) => {
      void queryClient.invalidateQueries({ queryKey: ['review', post.id] });
      void queryClient.invalidateQueries({ queryKey: ['publications'] });
      return queryClient.invalidateQueries({ queryKey: postsQueryKey });
    },
  });
}
