import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Watchlist, WatchlistInput } from '../types.js';
import { listeningKeys } from './keys.js';

/** Renames, changes the query, or (de)activates; new mentions are matched against the change at once. */
export function updateWatchlist({ id, patch }: { id: string; patch: Partial<WatchlistInput> }): Promise<Watchlist> {
  return api.patch<Watchlist>(`/api/watchlists/${encodeURIComponent(id)}`, patch);
}

export function useUpdateWatchlist() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateWatchlist,
    onSuccess: (watchlist) => {
      queryClient.setQueryData(listeningKeys.watchlist(watchlist.id), watchlist);
      const key = listeningKeys.watchlists(watchlist.organisationId);
      queryClient.setQueryData<Watchlist[]>(key, (list) => list?.map((row) => (row.id === watchlist.id ? watchlist : row)));
      return queryClient.invalidateQueries({ queryKey: key });
    },
  });
}
