import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Pause } from '../../../api/types.js';

export const pausesQueryKey = ['pauses'] as const;

/** How often the banner asks, so a pause set by someone else shows up within seconds. */
export const PAUSE_POLL_MS = 15_000;

/** Pauses the caller can see, newest first: active ones (`active: true`) or lifted ones (`false`). */
export function getPauses(active: boolean, signal?: AbortSignal): Promise<Pause[]> {
  return api.get<Pause[]>('/api/pauses', { active }, signal);
}

export const activePausesQueryOptions = queryOptions({
  queryKey: [...pausesQueryKey, { active: true }],
  queryFn: ({ signal }) => getPauses(true, signal),
  refetchInterval: PAUSE_POLL_MS,
  staleTime: 5_000,
});

export const liftedPausesQueryOptions = queryOptions({
  queryKey: [...pausesQueryKey, { active: false }],
  queryFn: ({ signal }) => getPauses(false, signal),
});

export function useActivePauses() {
  return useQuery(activePausesQueryOptions);
}

export function useLiftedPauses() {
  return useQuery(liftedPausesQueryOptions);
}
