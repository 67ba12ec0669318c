import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { MediaAsset } from '../../../api/types.js';

export const mediaQueryKey = (organisationId: string) => ['media', organisationId] as const;

/** The organisation's media library. */
export function getMedia(organisationId: string, signal?: AbortSignal): Promise<MediaAsset[]> {
  return api.get<MediaAsset[]>(`/api/organisations/${encodeURIComponent(organisationId)}/media`, undefined, signal);
}

export const mediaQueryOptions = (organisationId: string) =>
  queryOptions({ queryKey: mediaQueryKey(organisationId), queryFn: ({ signal }) => getMedia(organisationId, signal) });

export function useMedia(organisationId: string | null) {
  return useQuery({ ...mediaQueryOptions(organisationId ?? ''), enabled: Boolean(organisationId) });
}
