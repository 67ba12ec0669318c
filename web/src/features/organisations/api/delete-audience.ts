import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';

export function deleteAudience(id: string): Promise<unknown> {
  return api.delete(`/api/audiences/${encodeURIComponent(id)}`);
}

export function useDeleteAudience() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteAudience,
    onSuccess: () => queryClient.invalidateQueries({ predicate: (query) => query.queryKey.includes('audiences') }),
  });
}
