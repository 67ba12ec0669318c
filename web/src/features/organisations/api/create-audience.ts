import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Audience, LocalisedNames } from '../../../api/types.js';

export type CreateAudienceInput = { organisationId: string; name: string; names?: LocalisedNames; slug?: string };

export function createAudience({ organisationId, ...body }: CreateAudienceInput): Promise<Audience> {
  return api.post<Audience>(`/api/organisations/${encodeURIComponent(organisationId)}/audiences`, body);
}

export function useCreateAudience() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createAudience,
    // Sub-organisations inherit the catalogue, so refresh every cached catalogue.
    onSuccess: () => queryClient.invalidateQueries({ predicate: (query) => query.queryKey.includes('audiences') }),
  });
}
