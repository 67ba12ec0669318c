import type { QueryClient } from '@tanstack/react-query';
import type { ConnectionStatus } from '../types.js';
import { channelHealthQueryKey } from './get-channel-health.js';

/**
 * After a connect, check or disconnect the API answers with the channel's new status: put it in
 * every cached list at once (the table changes without waiting), then refetch to be sure.
 */
export function storeConnectionStatus(queryClient: QueryClient, status: ConnectionStatus): Promise<void> {
  queryClient.setQueriesData<ConnectionStatus[] | ConnectionStatus>({ queryKey: channelHealthQueryKey }, (cached) => {
    if (Array.isArray(cached)) return cached.map((row) => (row.channelId === status.channelId ? status : row));
    return cached?.channelId === status.channelId ? status : cached;
  });
  return queryClient.invalidateQueries({ queryKey: channelHealthQueryKey });
}
