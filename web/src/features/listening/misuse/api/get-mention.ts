import { useQuery } from '@tanstack/react-query';
import { api, isApiError } from '../../../../api/client.js';
import type { Mention } from '../../types.js';
import { misuseKeys } from '../keys.js';

/** One stored mention, with the watchlists it matched, why, and the marks in its text. */
export function getMention(id: string, signal?: AbortSignal): Promise<Mention> {
  return api.get<Mention>(`/api/mentions/${encodeURIComponent(id)}`, undefined, signal);
}

/** One mention; a mention that is gone (404) or not for this person (403) is not asked again. */
export function useMention(id: string) {
  return useQuery({
    queryKey: misuseKeys.mention(id),
    queryFn: ({ signal }) => getMention(id, signal),
    enabled: Boolean(id),
    retry: (failures, error) =>
      !(isApiError(error) && (error.status === 404 || error.status === 403 || error.status === 400)) && failures < 2,
  });
}
