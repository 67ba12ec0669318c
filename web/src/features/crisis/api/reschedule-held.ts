import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { HeldActionInput, Publication } from '../../../api/types.js';
import { publicationsQueryKey } from '../../publishing/api/get-publications.js';
import { heldQueryKey } from './get-held.js';
import { pausesQueryKey } from './get-pauses.js';

/** Held → scheduled at a new time (ISO 8601 with offset, in the future). All or nothing. */
export async function rescheduleHeld(input: HeldActionInput): Promise<Publication[]> {
  return (await api.post<{ publications: Publication[] }>('/api/pauses/held/reschedule', input)).publications;
}

export function useRescheduleHeld() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: rescheduleHeld,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: pausesQueryKey });
      void queryClient.invalidateQueries({ queryKey: publicationsQueryKey });
      return queryClient.invalidateQueries({ queryKey: heldQueryKey });
    },
  });
}
