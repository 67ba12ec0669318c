import { useQuery } from '@tanstack/react-query';
import { api } from '../../../../api/client.js';
import { alertKeys } from '../keys.js';
import type { AlertRule } from '../types.js';

/** The alert rules of one watchlist, oldest first, each with its pending and recently failed deliveries. */
export function getAlertRules(watchlistId: string, signal?: AbortSignal): Promise<AlertRule[]> {
  return api.get<AlertRule[]>(`/api/watchlists/${encodeURIComponent(watchlistId)}/alerts`, undefined, signal);
}

/** Nothing is asked without a watchlist. */
export function useAlertRules(watchlistId: string) {
  return useQuery({
    queryKey: alertKeys.rules(watchlistId),
    queryFn: ({ signal }) => getAlertRules(watchlistId, signal),
    enabled: Boolean(watchlistId),
  });
}
