import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { HeldActionInput, Publication } from '../../../api/types.js';
import { publicationsQueryKey } from '../../publishing/api/get-publications.js';
import { heldQueryKey } from './get-held.js';
import { pausesQueryKey } from './get-pauses.js';

/** Held → cancelled: these posts will never be sent. All or nothing. */
export async function cancelHeld(input: HeldActionInput): Promise<Publication[]> {
  return (await api.post<{ publications: Publication[] }>('/api/pauses/held/cancel', input)).publications;
}

export function useCancelHeld() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: cancelHeld,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: pausesQueryKey });
      void queryClient.invalidateQueries({ queryKey: publicationsQueryKey });
      return queryClient.invalidateQueries({ queryKey: heldQueryKey });
    },
  });
}
