import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { Channel, ChannelStatus, ContentLanguage, Network } from '../../../api/types.js';

export type ChannelFilters = {
  organisationId?: string;
  /** Include sub-organisations (the API's default is true). */
  subtree?: boolean;
  network?: Network;
  status?: ChannelStatus;
  language?: ContentLanguage;
  q?: string;
};

export const channelsQueryKey = ['channels'] as const;

/** Channels of the organisations the caller can read, narrowed by the filters. */
export function getChannels(filters: ChannelFilters = {}, signal?: AbortSignal): Promise<Channel[]> {
  return api.get<Channel[]>(
    '/api/channels',
    {
      organisationId: filters.organisationId,
      subtree: filters.organisationId ? (filters.subtree ?? true) : undefined,
      network: filters.network,
      status: filters.status,
      language: filters.language,
      q: filters.q,
    },
    signal,
  );
}

export const channelsQueryOptions = (filters: ChannelFilters = {}) =>
  queryOptions({
    queryKey: [...channelsQueryKey, filters],
    queryFn: ({ signal }) => getChannels(filters, signal),
    placeholderData: keepPreviousData,
  });

export function useChannels(filters: ChannelFilters = {}) {
  return useQuery(channelsQueryOptions(filters));
}
