import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { ListeningSource } from '../types.js';
import { listeningKeys } from './keys.js';

/** The organisation's listening sources, with their state. */
export function getSources(organisationId: string, signal?: AbortSignal): Promise<ListeningSource[]> {
  return api.get<ListeningSource[]>(`/api/organisations/${encodeURIComponent(organisationId)}/listening-sources`, undefined, signal);
}

export const sourcesQueryOptions = (organisationId: string) =>
  queryOptions({ queryKey: listeningKeys.sources(organisationId), queryFn: ({ signal }) => getSources(organisationId, signal) });

/** Nothing is asked without an organisation. */
export function useSources(organisationId: string) {
  return useQuery({ ...sourcesQueryOptions(organisationId), enabled: Boolean(organisationId) });
}
