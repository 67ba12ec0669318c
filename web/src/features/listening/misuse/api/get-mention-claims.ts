import { useQuery } from '@tanstack/react-query';
import type { Mention } from '../../../../api/types.js';
import { misuseKeys } from '../keys.js';
import type { MentionClaim } from '../types.js';
import { getClaims } from './get-claims.js';

const PAGE_SIZE = 200;

/**
 * The speaking-for claims flagged on one mention. The API lists claims per organisation, newest
 * first, without a filter on the mention; a claim is always stored after its mention was (the
 * check reads mentions once their transaction has ended), so the pages are read until one reaches
 * claims older than the mention: none after that can be about it.
 */
export async function getMentionClaims(
  mention: Pick<Mention, 'id' | 'organisationId' | 'seenAt'>,
  signal?: AbortSignal,
): Promise<MentionClaim[]> {
  const seen = new Date(mention.seenAt).getTime();
  const found: MentionClaim[] = [];
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const page = await getClaims(mention.organisationId, { limit: PAGE_SIZE, offset }, signal);
    found.push(...page.claims.filter((claim) => claim.mention.id === mention.id));
    const last = page.claims[page.claims.length - 1];
    if (!last || offset + page.claims.length >= page.total || new Date(last.createdAt).getTime() < seen) return found;
  }
}

/** The claims on this mention (nothing is asked before the mention is known). */
export function useMentionClaims(mention: Mention | undefined) {
  return useQuery({
    queryKey: misuseKeys.mentionClaims(mention?.organisationId ?? '', mention?.id ?? ''),
    queryFn: ({ signal }) => getMentionClaims(mention as Mention, signal),
    enabled: mention !== undefined,
  });
}
