import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Role } from '../../../api/types.js';
import { membersQueryKey } from './get-members.js';

export type AddMemberInput = { organisationId: string; email: string; role: Role; name?: string };

/** Gives someone a role on the organisation (the account is created if the address is new). */
export function addMember({ organisationId, ...body }: AddMemberInput): Promise<unknown> {
  return api.post(`/api/organisations/${encodeURIComponent(organisationId)}/members`, body);
}

export function useAddMember() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: addMember,
    onSuccess: (_result, input) => queryClient.invalidateQueries({ queryKey: membersQueryKey(input.organisationId) }),
  });
}
