import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { RescheduleResult } from '../types.js';
import { calendarQueryKey } from './get-calendar.js';

/**
 * Moves a post to `plannedAt`: a wall-clock 'YYYY-MM-DDTHH:MM' read by the server in the post's
 * organisation's time zone (so a time skipped by daylight saving is refused, not shifted).
 */
export function reschedulePost(input: { postId: string; plannedAt: string }): Promise<RescheduleResult> {
  return api.post<RescheduleResult>('/api/calendar/reschedule', input);
}

export function useReschedulePost() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: reschedulePost,
    onSettled: () => queryClient.invalidateQueries({ queryKey: calendarQueryKey }),
  });
}
