import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Organisation, OrganisationInput } from '../../../api/types.js';
import { organisationsQueryKey } from './get-organisations.js';

export function updateOrganisation({ id, ...changes }: Partial<OrganisationInput> & { id: string }): Promise<Organisation> {
  return api.patch<Organisation>(`/api/organisations/${encodeURIComponent(id)}`, changes);
}

export function useUpdateOrganisation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateOrganisation,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: organisationsQueryKey }),
  });
}
