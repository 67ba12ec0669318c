import { useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Watchlist } from '../types.js';
import { listeningKeys } from './keys.js';

export function getWatchlist(id: string, signal?: AbortSignal): Promise<Watchlist> {
  return api.get<Watchlist>(`/api/watchlists/${encodeURIComponent(id)}`, undefined, signal);
}

/** One watchlist; nothing is asked without an id (a new one). */
export function useWatchlist(id: string | undefined) {
  return useQuery({
    queryKey: listeningKeys.watchlist(id ?? ''),
    queryFn: ({ signal }) => getWatchlist(id ?? '', signal),
    enabled: Boolean(id),
    retry: false,
  });
}
