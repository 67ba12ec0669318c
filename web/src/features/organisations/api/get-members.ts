import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Member } from '../../../api/types.js';

export const membersQueryKey = (organisationId: string) => ['organisations', organisationId, 'members'] as const;

/** Members of the organisation and of its ancestors (marked inherited). */
export function getMembers(organisationId: string): Promise<Member[]> {
  return api.get<Member[]>(`/api/organisations/${encodeURIComponent(organisationId)}/members`);
}

export const membersQueryOptions = (organisationId: string) =>
  queryOptions({ queryKey: membersQueryKey(organisationId), queryFn: () => getMembers(organisationId) });

export function useMembers(organisationId: string, enabled = true) {
  return useQuery({ ...membersQueryOptions(organisationId), enabled });
}
