import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Watchlist } from '../types.js';
import { listeningKeys } from './keys.js';

/** The organisation's watchlists with how many kept mentions each matched. */
export function getWatchlists(organisationId: string, signal?: AbortSignal): Promise<Watchlist[]> {
  return api.get<Watchlist[]>(`/api/organisations/${encodeURIComponent(organisationId)}/watchlists`, undefined, signal);
}

export const watchlistsQueryOptions = (organisationId: string) =>
  queryOptions({ queryKey: listeningKeys.watchlists(organisationId), queryFn: ({ signal }) => getWatchlists(organisationId, signal) });

export function useWatchlists(organisationId: string) {
  return useQuery({ ...watchlistsQueryOptions(organisationId), enabled: Boolean(organisationId) });
}
