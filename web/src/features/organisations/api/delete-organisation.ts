import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import { organisationsQueryKey } from './get-organisations.js';

/** Deletes an organisation; the API answers 409 while it still has sub-organisations or channels. */
export function deleteOrganisation(id: string): Promise<unknown> {
  return api.delete(`/api/organisations/${encodeURIComponent(id)}`);
}

export function useDeleteOrganisation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteOrganisation,
    onSuccess: (_result, id) => {
      queryClient.removeQueries({ queryKey: [...organisationsQueryKey, id] });
      return queryClient.invalidateQueries({ queryKey: organisationsQueryKey });
    },
  });
}
