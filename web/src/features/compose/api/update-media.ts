import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { ContentLanguage, MediaAsset } from '../../../api/types.js';
import { mediaQueryKey } from './get-media.js';

/** Sets a file's alternative texts, per language. */
export function updateMediaAltTexts(id: string, altTexts: Partial<Record<ContentLanguage, string>>): Promise<MediaAsset> {
  return api.patch<MediaAsset>(`/api/media/${encodeURIComponent(id)}`, { altTexts });
}

export function useUpdateMediaAltTexts() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, altTexts }: { id: string; altTexts: Partial<Record<ContentLanguage, string>> }) => updateMediaAltTexts(id, altTexts),
    onSuccess: (media) => {
      void queryClient.invalidateQueries({ queryKey: ['posts', 'preview'] });
      return queryClient.invalidateQueries({ queryKey: mediaQueryKey(media.organisationId) });
    },
  });
}
