import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { ConnectionStatus } from '../types.js';
import { channelHealthQueryKey } from './get-channel-health.js';

/** One channel's connection status. */
export function getConnection(channelId: string, signal?: AbortSignal): Promise<ConnectionStatus> {
  return api.get<ConnectionStatus>(`/api/channels/${encodeURIComponent(channelId)}/connection`, undefined, signal);
}

export const connectionQueryOptions = (channelId: string) =>
  queryOptions({
    queryKey: [...channelHealthQueryKey, 'channel', channelId],
    queryFn: ({ signal }) => getConnection(channelId, signal),
  });

/** Nothing is asked without a channel id. */
export function useConnection(channelId: string | undefined) {
  return useQuery({ ...connectionQueryOptions(channelId ?? ''), enabled: Boolean(channelId), retry: false });
}
