import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Organisation, OrganisationInput } from '../../../api/types.js';
import { organisationsQueryKey } from './get-organisations.js';

/** Creates a root organisation (superadmin) or a child of `parentId` (admin on the parent). */
export function createOrganisation(input: OrganisationInput): Promise<Organisation> {
  return api.post<Organisation>('/api/organisations', input);
}

export function useCreateOrganisation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createOrganisation,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: organisationsQueryKey }),
  });
}
