import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Pause } from '../../../api/types.js';
import { pausesQueryKey } from './get-pauses.js';

/** Lifts an active pause. Held posts stay held until someone resumes, reschedules or cancels them. */
export function liftPause({ id, reason }: { id: string; reason: string }): Promise<Pause> {
  return api.post<Pause>(`/api/pauses/${encodeURIComponent(id)}/lift`, { reason });
}

export function useLiftPause() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: liftPause,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: pausesQueryKey }),
  });
}
