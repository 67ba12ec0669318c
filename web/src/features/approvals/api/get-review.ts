import { queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import { api } from '../../../api/client.js';
import type { ReviewStatus } from '../types.js';

export const reviewQueryKey = (postId: string) => ['review', postId] as const;

/** Where a post stands in review: current step, whom it waits for, every decision. */
export function getReview(postId: string, signal?: AbortSignal): Promise<ReviewStatus> {
  return api.get<ReviewStatus>(`/api/posts/${encodeURIComponent(postId)}/review`, undefined, signal);
}

export const reviewQueryOptions = (postId: string) =>
  queryOptions({ queryKey: reviewQueryKey(postId), queryFn: ({ signal }) => getReview(postId, signal) });

export function useReview(postId: string | null) {
  return useQuery({ ...reviewQueryOptions(postId ?? ''), enabled: postId !== null });
}

/** The review status of several posts at once (the approvals inbox). */
export function useReviews(postIds: string[]) {
  return useQueries({ queries: postIds.map((id) => reviewQueryOptions(id)) });
}
