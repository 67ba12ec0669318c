import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { ConnectionStatus } from '../types.js';

export const channelHealthQueryKey = ['channel-health'] as const;

/**
 * Connection health of every channel the person may see (archived channels left out), or of one
 * organisation's own channels (the API does not include sub-organisations).
 */
export function getChannelHealth(organisationId?: string, signal?: AbortSignal): Promise<ConnectionStatus[]> {
  return api.get<ConnectionStatus[]>('/api/channel-health', { organisationId }, signal);
}

export const channelHealthQueryOptions = (organisationId?: string) =>
  queryOptions({
    queryKey: [...channelHealthQueryKey, 'list', organisationId ?? 'all'],
    queryFn: ({ signal }) => getChannelHealth(organisationId, signal),
  });

export function useChannelHealth(organisationId?: string) {
  return useQuery(channelHealthQueryOptions(organisationId));
}
