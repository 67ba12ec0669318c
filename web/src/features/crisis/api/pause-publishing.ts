import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Pause, PauseInput } from '../../../api/types.js';
import { publicationsQueryKey } from '../../publishing/api/get-publications.js';
import { heldQueryKey } from './get-held.js';
import { pausesQueryKey } from './get-pauses.js';

/** Pauses publishing for a scope; answers once nothing in scope can leave any more. */
export function pausePublishing(input: PauseInput): Promise<Pause> {
  return api.post<Pause>('/api/pauses', input);
}

export function usePausePublishing() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: pausePublishing,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: heldQueryKey });
      void queryClient.invalidateQueries({ queryKey: publicationsQueryKey });
      return queryClient.invalidateQueries({ queryKey: pausesQueryKey });
    },
  });
}
