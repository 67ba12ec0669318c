import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../../api/client.js';
import { misuseKeys } from '../keys.js';
import type { DecisionInput, MentionClaim } from '../types.js';

/** Dismisses or confirms a speaking-for claim (again, if already decided), or reopens it; a confirmation needs a note. */
export function decideClaim({ id, input }: { id: string; input: DecisionInput }): Promise<MentionClaim> {
  return api.post<MentionClaim>(`/api/mention-claims/${encodeURIComponent(id)}/decision`, input);
}

/** Every list of the organisation's claims refreshes, the claims shown on a mention's page included. */
export function useDecideClaim() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: decideClaim,
    onSuccess: (claim) => queryClient.invalidateQueries({ queryKey: misuseKeys.claims(claim.organisationId) }),
  });
}
