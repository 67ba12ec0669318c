import { z } from 'zod';
import { REVIEW_STATUSES, SEARCHED_NETWORKS } from './impersonation-schema.js';
import type { EvidenceReason } from './lookalike/index.js';

/** HTTP shapes of impersonation candidates and scans (impersonation-routes.ts). Dates are ISO strings. */

export const ZReviewStatus = z.enum(REVIEW_STATUSES);

/** Who decided, and when; null while the item is new. */
export const ZDecision = z.object({
  status: z.enum(['dismissed', 'confirmed']),
  by: z.object({ id: z.string().uuid(), name: z.string() }).nullable(),
  at: z.string(),
  note: z.string().nullable(),
});

/** One reason a name is confusable (lookalike/reasons.ts), by `kind`. */
export const ZEvidenceReason = z.discriminatedUnion('kind', [
  z.object({
    /** A character or a pair of letters that passes for another: `"0"` for `"o"`, Cyrillic `"а"` (U+0430) for `"a"`, `"rn"` for `"m"`. */
    kind: z.literal('lookalike'),
    shown: z.string(),
    looksLike: z.string(),
    /** For a letter from outside the Latin alphabet only: its script and code point. */
    script: z.string().nullable(),
    codePoint: z.string().nullable(),
  }),
  z.object({ kind: z.literal('mixedScripts'), scripts: z.array(z.string()) }),
  z.object({ kind: z.literal('addedWord'), word: z.string() }),
  z.object({ kind: z.literal('editDistance'), count: z.number().int() }),
  z.object({ kind: z.literal('accentsAdded') }),
  z.object({ kind: z.literal('accentsDropped') }),
  z.object({ kind: z.literal('separators') }),
  z.object({ kind: z.literal('caseOrSpacing') }),
  z.object({ kind: z.literal('sameNameElsewhere'), where: z.enum(['instance', 'domain']) }),
  z.object({ kind: z.literal('sameDisplayName') }),
]) satisfies z.ZodType<EvidenceReason>;

export const ZCandidateEvidence = z.object({
  /** Which of the candidate's names: its handle or its display name. */
  field: z.enum(['handle', 'displayName']),
  candidate: z.string(),
  /** The official name it resembles (the channel's handle local part or display name). */
  official: z.string(),
  score: z.number(),
  /** `details` in the lookalike engine's English: `look-alike character: "0" for "o"`, `added word: official`, `edit distance: 1` … */
  reasons: z.array(z.string()),
  /** Why, as data to put in words in any language. */
  details: z.array(ZEvidenceReason),
});

export const ZImpersonationCandidate = z.object({
  id: z.string().uuid(),
  organisationId: z.string().uuid(),
  /** The official channel it imitates. */
  channel: z.object({ id: z.string().uuid(), network: z.enum(SEARCHED_NETWORKS), handle: z.string(), displayName: z.string().nullable() }),
  network: z.enum(SEARCHED_NETWORKS),
  /** Mastodon account id on the channel's instance; Bluesky DID. */
  remoteId: z.string(),
  handle: z.string(),
  displayName: z.string().nullable(),
  profileUrl: z.string().nullable(),
  avatarUrl: z.string().nullable(),
  /** 0..1, the best of the evidence; confusable from 0.6. */
  score: z.number(),
  evidence: z.array(ZCandidateEvidence),
  status: ZReviewStatus,
  decision: ZDecision.nullable(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
});
export type TImpersonationCandidate = z.infer<typeof ZImpersonationCandidate>;

export const ZCandidateQuery = z.object({
  status: ZReviewStatus.optional(),
  network: z.enum(SEARCHED_NETWORKS).optional(),
  channelId: z.string().uuid().optional(),
  /** Include the organisations below this one. Default false. */
  subtree: z.enum(['true', 'false']).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
export type TCandidateQuery = z.infer<typeof ZCandidateQuery>;

export const ZCandidatePage = z.object({
  /** Highest score first, then most recently seen. */
  candidates: z.array(ZImpersonationCandidate),
  total: z.number().int(),
});

/**
 * Deciding on a candidate or a claim, or reopening it (back to `new`, the decision set aside; the audit
 * log keeps it). A note is required to confirm (why it is misuse), optional otherwise; a reopening's
 * note is kept in the audit log only.
 */
export const ZDecisionInput = z.object({
  decision: z.enum(['dismiss', 'confirm', 'reopen']),
  note: z.string().trim().max(2000).optional(),
});
export type TDecisionInput = z.infer<typeof ZDecisionInput>;

export const ZScanRequest = z
  .object({
    /** Also the channels of the organisations below this one. Default false. */
    subtree: z.boolean().optional(),
  })
  .nullish();

export const ZScanQueued = z.object({
  /** False when the organisation has no Mastodon or Bluesky channel to search. */
  queued: z.boolean(),
  /** Channels the scan will search (Mastodon and Bluesky, not archived). */
  channels: z.number().int(),
});

export const ZChannelScanStatus = z.object({
  channelId: z.string().uuid(),
  organisationId: z.string().uuid(),
  network: z.enum(SEARCHED_NETWORKS),
  handle: z.string(),
  displayName: z.string().nullable(),
  /** null: never scanned. `running`: started after the last finish. */
  lastScan: z
    .object({
      requestedAt: z.string().nullable(),
      startedAt: z.string().nullable(),
      finishedAt: z.string().nullable(),
      running: z.boolean(),
      ok: z.boolean().nullable(),
      /** Plain English words, e.g. "the instance did not answer within 10 s"; null when it worked. */
      error: z.string().nullable(),
      /**
       * The same as a code (`instance_timeout`) with the values of its sentence (`{ seconds: 10 }`),
       * to say it in another language; null when it worked or the error predates codes.
       */
      errorCode: z.string().nullable(),
      errorParams: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
      queries: z.number().int(),
      accountsSeen: z.number().int(),
      candidates: z.number().int(),
      lastSuccessAt: z.string().nullable(),
    })
    .nullable(),
});
export type TChannelScanStatus = z.infer<typeof ZChannelScanStatus>;
