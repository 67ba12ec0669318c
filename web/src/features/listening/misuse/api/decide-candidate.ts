import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../../api/client.js';
import { misuseKeys } from '../keys.js';
import type { DecisionInput, ImpersonationCandidate } from '../types.js';

/** Dismisses or confirms a candidate (again, if already decided), or reopens it; a confirmation needs a note. */
export function decideCandidate({ id, input }: { id: string; input: DecisionInput }): Promise<ImpersonationCandidate> {
  return api.post<ImpersonationCandidate>(`/api/impersonation-candidates/${encodeURIComponent(id)}/decision`, input);
}

/** The candidate moves to another status: every list of the organisation's candidates refreshes. */
export function useDecideCandidate() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: decideCandidate,
    onSuccess: (candidate) => queryClient.invalidateQueries({ queryKey: misuseKeys.candidates(candidate.organisationId) }),
  });
}
