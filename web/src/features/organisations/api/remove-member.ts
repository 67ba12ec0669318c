import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import { membersQueryKey } from './get-members.js';

export type RemoveMemberInput = { organisationId: string; membershipId: string };

export function removeMember({ organisationId, membershipId }: RemoveMemberInput): Promise<unknown> {
  return api.delete(`/api/organisations/${encodeURIComponent(organisationId)}/members/${encodeURIComponent(membershipId)}`);
}

export function useRemoveMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: removeMember,
    onSuccess: (_result, input) => queryClient.invalidateQueries({ queryKey: membersQueryKey(input.organisationId) }),
  });
}
