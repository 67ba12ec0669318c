import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { ListeningSettings } from '../types.js';
import { listeningKeys } from './keys.js';

export function getListeningSettings(organisationId: string, signal?: AbortSignal): Promise<ListeningSettings> {
  return api.get<ListeningSettings>(`/api/organisations/${encodeURIComponent(organisationId)}/listening-settings`, undefined, signal);
}

/** How long the organisation keeps mentions. */
export function useListeningSettings(organisationId: string) {
  return useQuery({
    queryKey: listeningKeys.settings(organisationId),
    queryFn: ({ signal }) => getListeningSettings(organisationId, signal),
    enabled: Boolean(organisationId),
  });
}
