import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Publication } from '../../../api/types.js';

export const heldQueryKey = ['held-publications'] as const;

/** Held publications of an organisation and its sub-organisations, earliest planned first. */
export function getHeld(organisationId: string, signal?: AbortSignal): Promise<Publication[]> {
  return api.get<Publication[]>('/api/pauses/held', { organisationId }, signal);
}

export const heldQueryOptions = (organisationId: string) =>
  queryOptions({
    queryKey: [...heldQueryKey, organisationId],
    queryFn: ({ signal }) => getHeld(organisationId, signal),
  });

export function useHeld(organisationId: string | null) {
  return useQuery({ ...heldQueryOptions(organisationId ?? ''), enabled: Boolean(organisationId) });
}
