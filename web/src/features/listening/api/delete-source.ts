import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { ListeningSource } from '../types.js';
import { listeningKeys } from './keys.js';

/** Removes a source; the mentions it brought stay until retention removes them. */
export function deleteSource(source: Pick<ListeningSource, 'id' | 'organisationId'>): Promise<{ ok: true }> {
  return api.delete<{ ok: true }>(`/api/listening-sources/${encodeURIComponent(source.id)}`);
}

export function useDeleteSource() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteSource,
    onSuccess: (_answer, source) => queryClient.invalidateQueries({ queryKey: listeningKeys.organisation(source.organisationId) }),
  });
}
