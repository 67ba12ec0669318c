import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { LiveTestResult } from '../types.js';

export type LiveTestInput = { query: string; limit?: number; sourceId?: string };

/** Runs an unsaved query on the organisation's latest stored mentions (a 400 when the query has errors). */
export function testQuery(organisationId: string, input: LiveTestInput): Promise<LiveTestResult> {
  return api.post<LiveTestResult>(`/api/organisations/${encodeURIComponent(organisationId)}/watchlists/test`, input);
}

/** The live test of a query that parsed without errors; `null` asks nothing. */
export function useLiveTest(organisationId: string, input: LiveTestInput | null) {
  return useQuery({
    queryKey: ['listening', organisationId, 'live-test', input],
    queryFn: () => testQuery(organisationId, input as LiveTestInput),
    enabled: Boolean(organisationId) && input !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}
