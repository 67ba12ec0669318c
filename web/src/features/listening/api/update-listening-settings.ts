import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { ListeningSettings } from '../types.js';
import { listeningKeys } from './keys.js';

/** Sets the retention period (1 to 3650 days); the daily purge removes older mentions. */
export function updateListeningSettings({ organisationId, retentionDays }: ListeningSettings): Promise<ListeningSettings> {
  return api.put<ListeningSettings>(`/api/organisations/${encodeURIComponent(organisationId)}/listening-settings`, { retentionDays });
}

export function useUpdateListeningSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateListeningSettings,
    onSuccess: (settings) => queryClient.setQueryData(listeningKeys.settings(settings.organisationId), settings),
  });
}
