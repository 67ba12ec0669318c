import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { QueueSlots } from '../types.js';

export const queueSlotsQueryKey = ['queue-slots'] as const;

/** A channel's weekly queue slots, wall-clock times in its organisation's zone. */
export function getQueueSlots(channelId: string, signal?: AbortSignal): Promise<QueueSlots> {
  return api.get<QueueSlots>(`/api/channels/${encodeURIComponent(channelId)}/queue-slots`, undefined, signal);
}

export const queueSlotsQueryOptions = (channelId: string) =>
  queryOptions({ queryKey: [...queueSlotsQueryKey, channelId], queryFn: ({ signal }) => getQueueSlots(channelId, signal) });

export function useQueueSlots(channelId: string | null) {
  return useQuery({ ...queueSlotsQueryOptions(channelId ?? ''), enabled: Boolean(channelId) });
}
