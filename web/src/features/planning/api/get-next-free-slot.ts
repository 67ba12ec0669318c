import { useMutation } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { NextFreeSlot } from '../types.js';

/**
 * The channel's first queue slot after `after` (default: now) with no post or publication on it.
 * Asked on demand (a button), so it is a mutation in TanStack terms: nothing to cache or refetch.
 */
export function getNextFreeSlot(input: { channelId: string; after?: string; excludePostId?: string }): Promise<NextFreeSlot> {
  return api.get<NextFreeSlot>(`/api/channels/${encodeURIComponent(input.channelId)}/next-free-slot`, {
    after: input.after,
    excludePostId: input.excludePostId,
  });
}

export function useNextFreeSlot() {
  return useMutation({ mutationFn: getNextFreeSlot });
}
