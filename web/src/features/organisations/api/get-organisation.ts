import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { OrganisationDetail } from '../../../api/types.js';
import { organisationsQueryKey } from './get-organisations.js';

export function getOrganisation(id: string): Promise<OrganisationDetail> {
  return api.get<OrganisationDetail>(`/api/organisations/${encodeURIComponent(id)}`);
}

export const organisationQueryOptions = (id: string) =>
  queryOptions({ queryKey: [...organisationsQueryKey, id], queryFn: () => getOrganisation(id), staleTime: 30_000 });

export function useOrganisation(id: string | undefined) {
  return useQuery({ ...organisationQueryOptions(id ?? ''), enabled: Boolean(id) });
}
