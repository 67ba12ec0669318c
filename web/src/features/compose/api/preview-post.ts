import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { PostInput, PostPreview } from '../../../api/types.js';

/** The server's preview (final text with UTM tags, count, limit issues, lint) of unsaved content. */
export function previewPost(id: string, draft: PostInput): Promise<PostPreview> {
  return api.post<PostPreview>(`/api/posts/${encodeURIComponent(id)}/preview`, draft);
}

/**
 * The preview of `draft` (already debounced by the caller). Keeps the previous answer on screen while
 * the next one loads, so the cards do not flicker while someone types.
 */
export function usePostPreview(id: string | null, draft: PostInput) {
  return useQuery({
    queryKey: ['posts', 'preview', id, draft],
    queryFn: () => previewPost(id ?? '', draft),
    enabled: id !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
  });
}
