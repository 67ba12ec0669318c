import { z } from 'zod';
import { ZDecision, ZReviewStatus } from './impersonation-schemas.js';

/** HTTP shapes of speaking-for claims (claims-routes.ts). Dates are ISO strings. */

export const ZMentionClaim = z.object({
  id: z.string().uuid(),
  /** The organisation whose listening stored the mention. */
  organisationId: z.string().uuid(),
  /** The organisation the post claims to speak for (this one or one below it). */
  namedOrganisation: z.object({ id: z.string().uuid(), name: z.string() }),
  /** Set when the post named one of its channels (handle or display name). */
  namedChannel: z.object({ id: z.string().uuid(), network: z.string(), handle: z.string() }).nullable(),
  /** The phrase matched, as listed in claims-phrases.ts ("namens", "au nom de", "official statement" …), and its language. */
  phrase: z.string(),
  phraseLanguage: z.enum(['nl', 'fr', 'de', 'en']),
  /** What in the post named the organisation: a name, an acronym or a handle, as in the registry. */
  reference: z.string(),
  excerpt: z.string(),
  author: z.string().nullable(),
  authorDisplayName: z.string().nullable(),
  mention: z.object({
    id: z.string().uuid(),
    kind: z.string(),
    url: z.string().nullable(),
    text: z.string(),
    occurredAt: z.string(),
  }),
  status: ZReviewStatus,
  decision: ZDecision.nullable(),
  createdAt: z.string(),
});
export type TMentionClaim = z.infer<typeof ZMentionClaim>;

export const ZClaimQuery = z.object({
  status: ZReviewStatus.optional(),
  /** Only claims to speak for this organisation. */
  namedOrganisationId: z.string().uuid().optional(),
  /** Only the claims flagged on this mention (its detail page). */
  mentionId: z.string().uuid().optional(),
  /** Include the claims found by the listening of the organisations below this one. Default false. */
  subtree: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type TClaimQuery = z.infer<typeof ZClaimQuery>;

export const ZClaimPage = z.object({
  /** Newest first. */
  claims: z.array(ZMentionClaim),
  total: z.number().int(),
});
