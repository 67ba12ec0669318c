import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../../api/client.js';
import { misuseKeys } from '../keys.js';
import type { CandidatePage, CandidateQuery, ReviewStatus } from '../types.js';

const PAGE_SIZE = 50;

/** One page of an organisation's impersonation candidates, best score first. */
export function getCandidates(organisationId: string, query: CandidateQuery, signal?: AbortSignal): Promise<CandidatePage> {
  return api.get<CandidatePage>(`/api/organisations/${encodeURIComponent(organisationId)}/impersonation-candidates`, query, signal);
}

/** The candidates with this status (all without one), page after page ("Load more"). */
export function useCandidates(organisationId: string, status: ReviewStatus | undefined) {
  return useInfiniteQuery({
    queryKey: misuseKeys.candidateList(organisationId, status),
    queryFn: ({ pageParam, signal }) => getCandidates(organisationId, { status, limit: PAGE_SIZE, offset: pageParam }, signal),
    initialPageParam: 0,
    getNextPageParam: (page, pages) => {
      const loaded = pages.reduce((sum, one) => sum + one.candidates.length, 0);
      return page.candidates.length > 0 && loaded < page.total ? loaded : undefined;
    },
    enabled: Boolean(organisationId),
  });
}
