import { useInfiniteQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { MentionPage, MentionQuery } from '../types.js';
import { listeningKeys } from './keys.js';

const PAGE_SIZE = 25;

/** One page of mentions, newest first; `cursor` is the previous page's `nextCursor`. */
export function getMentions(query: MentionQuery, cursor?: string, signal?: AbortSignal): Promise<MentionPage> {
  return api.get<MentionPage>('/api/mentions', { ...query, limit: PAGE_SIZE, cursor }, signal);
}

/** The stream of mentions for the filters, page after page ("Load more"). */
export function useMentions(query: MentionQuery | null) {
  return useInfiniteQuery({
    queryKey: [...listeningKeys.mentions(query?.organisationId ?? ''), query],
    queryFn: ({ pageParam, signal }) => getMentions(query as MentionQuery, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    enabled: query !== null && Boolean(query.organisationId),
  });
}
