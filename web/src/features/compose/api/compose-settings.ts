import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { ComposeSettings } from '../../../api/types.js';

export const composeSettingsQueryKey = (organisationId: string) => ['compose-settings', organisationId] as const;

/** An organisation's lint and UTM settings (approvals.manage to change them). */
export function getComposeSettings(organisationId: string): Promise<ComposeSettings> {
  return api.get<ComposeSettings>(`/api/organisations/${encodeURIComponent(organisationId)}/compose-settings`);
}

export function putComposeSettings(organisationId: string, settings: ComposeSettings): Promise<ComposeSettings> {
  return api.put<ComposeSettings>(`/api/organisations/${encodeURIComponent(organisationId)}/compose-settings`, settings);
}

export const composeSettingsQueryOptions = (organisationId: string) =>
  queryOptions({ queryKey: composeSettingsQueryKey(organisationId), queryFn: () => getComposeSettings(organisationId) });

export function useComposeSettings(organisationId: string | null) {
  return useQuery({ ...composeSettingsQueryOptions(organisationId ?? ''), enabled: Boolean(organisationId) });
}

export function usePutComposeSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ organisationId, settings }: { organisationId: string; settings: ComposeSettings }) => putComposeSettings(organisationId, settings),
    onSuccess: (settings, { organisationId }) => {
      queryClient.setQueryData(composeSettingsQueryKey(organisationId), settings);
      return queryClient.invalidateQueries({ queryKey: ['posts', 'preview'] });
    },
  });
}
