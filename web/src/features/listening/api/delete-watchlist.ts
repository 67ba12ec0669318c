import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Watchlist } from '../types.js';
import { listeningKeys } from './keys.js';

/** Removes a watchlist with its matches; the mentions themselves stay. */
export function deleteWatchlist(watchlist: Pick<Watchlist, 'id' | 'organisationId'>): Promise<{ ok: true }> {
  return api.delete<{ ok: true }>(`/api/watchlists/${encodeURIComponent(watchlist.id)}`);
}

export function useDeleteWatchlist() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: deleteWatchlist,
    onSuccess: (_answer, watchlist) => {
      queryClient.removeQueries({ queryKey: listeningKeys.watchlist(watchlist.id) });
      return queryClient.invalidateQueries({ queryKey: listeningKeys.organisation(watchlist.organisationId) });
    },
  });
}
