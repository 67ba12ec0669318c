import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { HeldActionInput, Publication } from '../../../api/types.js';
import { publicationsQueryKey } from '../../publishing/api/get-publications.js';
import { heldQueryKey } from './get-held.js';
import { pausesQueryKey } from './get-pauses.js';

/** Held → scheduled at the original time (or `dueAt`); a time already past goes out at once. All or nothing. */
export async function resumeHeld(input: HeldActionInput): Promise<Publication[]> {
  return (await api.post<{ publications: Publication[] }>('/api/pauses/held/resume', input)).publications;
}

export function useResumeHeld() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: resumeHeld,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: pausesQueryKey });
      void queryClient.invalidateQueries({ queryKey: publicationsQueryKey });
      return queryClient.invalidateQueries({ queryKey: heldQueryKey });
    },
  });
}
