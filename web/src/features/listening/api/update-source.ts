import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { ListeningSource, SourcePatch } from '../types.js';
import { listeningKeys } from './keys.js';

/** Changes a source; new settings make its reader start again from scratch. */
export function updateSource({ id, patch }: { id: string; patch: SourcePatch }): Promise<ListeningSource> {
  return api.patch<ListeningSource>(`/api/listening-sources/${encodeURIComponent(id)}`, patch);
}

/** Puts the answer in the cached list at once (the active switch moves without waiting), then refetches. */
export function useUpdateSource() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateSource,
    onSuccess: (source) => {
      const key = listeningKeys.sources(source.organisationId);
      queryClient.setQueryData<ListeningSource[]>(key, (list) => list?.map((row) => (row.id === source.id ? source : row)));
      return queryClient.invalidateQueries({ queryKey: key });
    },
  });
}
