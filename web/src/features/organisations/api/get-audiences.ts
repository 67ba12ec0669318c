import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Audience } from '../../../api/types.js';

export const audiencesQueryKey = (organisationId: string) => ['organisations', organisationId, 'audiences'] as const;

/** The audiences usable for an organisation: its own plus its ancestors' (marked inherited). */
export function getAudiences(organisationId: string): Promise<Audience[]> {
  return api.get<Audience[]>(`/api/organisations/${encodeURIComponent(organisationId)}/audiences`);
}

export const audiencesQueryOptions = (organisationId: string) =>
  queryOptions({ queryKey: audiencesQueryKey(organisationId), queryFn: () => getAudiences(organisationId), staleTime: 60_000 });

export function useAudiences(organisationId: string | undefined) {
  return useQuery({ ...audiencesQueryOptions(organisationId ?? ''), enabled: Boolean(organisationId) });
}
