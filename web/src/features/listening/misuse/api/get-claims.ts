import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../../api/client.js';
import { misuseKeys } from '../keys.js';
import type { ClaimPage, ClaimQuery, ReviewStatus } from '../types.js';

const PAGE_SIZE = 50;

/** One page of the speaking-for claims found by an organisation's listening, newest first. */
export function getClaims(organisationId: string, query: ClaimQuery, signal?: AbortSignal): Promise<ClaimPage> {
  return api.get<ClaimPage>(`/api/organisations/${encodeURIComponent(organisationId)}/mention-claims`, query, signal);
}

/** The claims with this status (all without one), page after page ("Load more"). */
export function useClaims(organisationId: string, status: ReviewStatus | undefined) {
  return useInfiniteQuery({
    queryKey: misuseKeys.claimList(organisationId, status),
    queryFn: ({ pageParam, signal }) => getClaims(organisationId, { status, limit: PAGE_SIZE, offset: pageParam }, signal),
    initialPageParam: 0,
    getNextPageParam: (page, pages) => {
      const loaded = pages.reduce((sum, one) => sum + one.claims.length, 0);
      return page.claims.length > 0 && loaded < page.total ? loaded : undefined;
    },
    enabled: Boolean(organisationId),
  });
}
