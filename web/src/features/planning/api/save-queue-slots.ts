import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { QueueSlot, QueueSlots } from '../types.js';
import { queueSlotsQueryKey } from './get-queue-slots.js';

/** Replaces a channel's queue slots (needs the right to edit the channel register). */
export function saveQueueSlots(input: { channelId: string; slots: QueueSlot[] }): Promise<QueueSlots> {
  return api.put<QueueSlots>(`/api/channels/${encodeURIComponent(input.channelId)}/queue-slots`, { slots: input.slots });
}

export function useSaveQueueSlots() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: saveQueueSlots,
    onSuccess: (saved) => queryClient.setQueryData([...queueSlotsQueryKey, saved.channelId], saved),
  });
}
