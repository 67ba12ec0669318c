import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Watchlist, WatchlistInput } from '../types.js';
import { listeningKeys } from './keys.js';

/** A 400 names `query` (with the position) or `name`; a 409 a name already in use. */
export function createWatchlist({ organisationId, input }: { organisationId: string; input: WatchlistInput }): Promise<Watchlist> {
  return api.post<Watchlist>(`/api/organisations/${encodeURIComponent(organisationId)}/watchlists`, input);
}

export function useCreateWatchlist() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createWatchlist,
    onSuccess: (watchlist) => {
      queryClient.setQueryData(listeningKeys.watchlist(watchlist.id), watchlist);
      return queryClient.invalidateQueries({ queryKey: listeningKeys.watchlists(watchlist.organisationId) });
    },
  });
}
