/**
 * Shapes of the misuse API (src/features/listening/impersonation-schemas.ts and claims-schemas.ts):
 * impersonation candidates and their scans, and speaking-for claims. Dates are ISO strings.
 */

/** `new` is shown as "open": nobody has decided yet. */
export const REVIEW_STATUSES = ['new', 'confirmed', 'dismissed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export type SearchedNetwork = 'mastodon' | 'bluesky';

/** Who decided, when, and why; null while the item is new. */
export type Decision = {
  status: 'dismissed' | 'confirmed';
  by: { id: string; name: string } | null;
  at: string;
  note: string | null;
};

/** One reason a name is confusable, as data the interface puts in words (src/features/listening/lookalike/reasons.ts). */
export type EvidenceReason =
  /** A character or a pair of letters that passes for another: "0" for "o", Cyrillic "а" (U+0430) for "a", "rn" for "m". */
  | { kind: 'lookalike'; shown: string; looksLike: string; script: string | null; codePoint: string | null }
  | { kind: 'mixedScripts'; scripts: string[] }
  | { kind: 'addedWord'; word: string }
  | { kind: 'editDistance'; count: number }
  | { kind: 'accentsAdded' }
  | { kind: 'accentsDropped' }
  | { kind: 'separators' }
  | { kind: 'caseOrSpacing' }
  | { kind: 'sameNameElsewhere'; where: 'instance' | 'domain' }
  | { kind: 'sameDisplayName' };

/** One lookalike verdict: which of the candidate's names resembles which official name, and why. */
export type CandidateEvidence = {
  field: 'handle' | 'displayName';
  candidate: string;
  /** The official name it resembles (the channel's handle local part or display name). */
  official: string;
  score: number;
  /** Why, as data; the API also sends them in the engine's English (`reasons`), which the interface does not show. */
  details: EvidenceReason[];
};

export type ImpersonationCandidate = {
  id: string;
  organisationId: string;
  /** The official channel it imitates. */
  channel: { id: string; network: SearchedNetwork; handle: string; displayName: string | null };
  network: SearchedNetwork;
  /** Mastodon account id on the channel's instance; Bluesky DID. */
  remoteId: string;
  handle: string;
  displayName: string | null;
  profileUrl: string | null;
  avatarUrl: string | null;
  /** 0..1, the best of the evidence; confusable from 0.6. */
  score: number;
  evidence: CandidateEvidence[];
  status: ReviewStatus;
  decision: Decision | null;
  firstSeenAt: string;
  lastSeenAt: string;
};

export type CandidateQuery = {
  status?: ReviewStatus;
  network?: SearchedNetwork;
  channelId?: string;
  subtree?: 'true' | 'false';
  limit?: number;
  offset?: number;
};

/** Highest score first, then most recently seen. */
export type CandidatePage = { candidates: ImpersonationCandidate[]; total: number };

/** A note is required to confirm (why it is misuse), optional otherwise. Reopening sets the decision aside (the audit log keeps it). */
export type DecisionInput = { decision: 'dismiss' | 'confirm' | 'reopen'; note?: string };

export type ScanQueued = {
  /** False when the organisation has no Mastodon or Bluesky channel to search. */
  queued: boolean;
  /** Channels the scan will search. */
  channels: number;
};

export type ChannelScan = {
  requestedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** Started after the last finish. */
  running: boolean;
  ok: boolean | null;
  /** Plain words (English, from the server), e.g. "the instance did not answer within 10 s"; null when it worked. */
  error: string | null;
  /** The same as a code and its values, to say it in the interface language (scan-errors/). */
  errorCode: string | null;
  errorParams: Record<string, string | number> | null;
  queries: number;
  accountsSeen: number;
  candidates: number;
  lastSuccessAt: string | null;
};

export type ChannelScanStatus = {
  channelId: string;
  organisationId: string;
  network: SearchedNetwork;
  handle: string;
  displayName: string | null;
  /** null: never scanned. */
  lastScan: ChannelScan | null;
};

export type ClaimLanguage = 'nl' | 'fr' | 'de' | 'en';

export type MentionClaim = {
  id: string;
  /** The organisation whose listening stored the mention. */
  organisationId: string;
  /** The organisation the post claims to speak for (this one or one below it). */
  namedOrganisation: { id: string; name: string };
  /** Set when the post named one of its channels. */
  namedChannel: { id: string; network: string; handle: string } | null;
  /** The phrase matched ("namens", "au nom de", "official statement" …), and its language. */
  phrase: string;
  phraseLanguage: ClaimLanguage;
  /** What in the post named the organisation: a name, an acronym or a handle, as in the registry. */
  reference: string;
  excerpt: string;
  author: string | null;
  authorDisplayName: string | null;
  mention: { id: string; kind: string; url: string | null; text: string; occurredAt: string };
  status: ReviewStatus;
  decision: Decision | null;
  createdAt: string;
};

export type ClaimQuery = {
  status?: ReviewStatus;
  namedOrganisationId?: string;
  /** Only the claims flagged on this mention. */
  mentionId?: string;
  subtree?: 'true' | 'false';
  limit?: number;
  offset?: number;
};

/** Newest first. */
export type ClaimPage = { claims: MentionClaim[]; total: number };
