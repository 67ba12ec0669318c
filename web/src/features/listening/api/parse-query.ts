import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { QueryParseResult } from '../types.js';

/** The answer with the query it belongs to, so positions are read against the right text. */
export type CheckedQuery = QueryParseResult & { query: string };

/** Every error of a watch query with its [start, end) in the query; changes nothing (a POST for the body). */
export async function parseQuery(organisationId: string, query: string): Promise<CheckedQuery> {
  const result = await api.post<QueryParseResult>(`/api/organisations/${encodeURIComponent(organisationId)}/watchlists/parse`, { query });
  return { ...result, query };
}

/**
 * The editor's live check of an (already debounced) query. The previous answer stays on screen
 * while the next is asked; a blank query is not sent (there is nothing to point at yet).
 */
export function useParseQuery(organisationId: string, query: string) {
  return useQuery({
    queryKey: ['listening', organisationId, 'parse', query],
    queryFn: () => parseQuery(organisationId, query),
    enabled: Boolean(organisationId) && query.trim() !== '',
    placeholderData: keepPreviousData,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}
