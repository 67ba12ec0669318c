import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Audience, LocalisedNames } from '../../../api/types.js';

export type UpdateAudienceInput = { id: string; name?: string; names?: LocalisedNames; slug?: string };

export function updateAudience({ id, ...changes }: UpdateAudienceInput): Promise<Audience> {
  return api.patch<Audience>(`/api/audiences/${encodeURIComponent(id)}`, changes);
}

export function useUpdateAudience() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateAudience,
    onSuccess: () => queryClient.invalidateQueries({ predicate: (query) => query.queryKey.includes('audiences') }),
  });
}
