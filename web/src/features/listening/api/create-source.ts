import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { ListeningSource, SourceInput } from '../types.js';
import { listeningKeys } from './keys.js';

/** A 400 names the wrong field (`name`, `settings.url`, `settings.hashtags` …). */
export function createSource({ organisationId, input }: { organisationId: string; input: SourceInput }): Promise<ListeningSource> {
  return api.post<ListeningSource>(`/api/organisations/${encodeURIComponent(organisationId)}/listening-sources`, input);
}

export function useCreateSource() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createSource,
    onSuccess: (source) => queryClient.invalidateQueries({ queryKey: listeningKeys.sources(source.organisationId) }),
  });
}
