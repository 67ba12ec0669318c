import { useQuery } from '@tanstack/react-query';
import type { Mention } from '../../types.js';
import { misuseKeys } from '../keys.js';
import type { MentionClaim } from '../types.js';
import { getClaims } from './get-claims.js';

/** The speaking-for claims flagged on one mention (there are a few at most: one per organisation named). */
export async function getMentionClaims(mention: Pick<Mention, 'id' | 'organisationId'>, signal?: AbortSignal): Promise<MentionClaim[]> {
  const page = await getClaims(mention.organisationId, { mentionId: mention.id, limit: 200, offset: 0 }, signal);
  return page.claims;
}

/** The claims on this mention (nothing is asked before the mention is known). */
export function useMentionClaims(mention: Mention | undefined) {
  return useQuery({
    queryKey: misuseKeys.mentionClaims(mention?.organisationId ?? '', mention?.id ?? ''),
    queryFn: ({ signal }) => getMentionClaims(mention as Mention, signal),
    enabled: mention !== undefined,
  });
}
