/** Shapes from docs/api-contract.md, shared by the feature api files. */

export const UI_LOCALES = ['nl', 'fr', 'en'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];

export const CONTENT_LANGUAGES = ['nl', 'fr', 'de', 'en'] as const;
export type ContentLanguage = (typeof CONTENT_LANGUAGES)[number];

export const ROLES = ['admin', 'editor_in_chief', 'communicator', 'spokesperson', 'analyst', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const NETWORKS = [
  'mastodon',
  'bluesky',
  'x',
  'facebook',
  'instagram',
  'threads',
  'linkedin',
  'youtube',
  'viva_engage',
  'website',
  'other',
] as const;
export type Network = (typeof NETWORKS)[number];

export const CHANNEL_STATUSES = ['active', 'dormant', 'archived'] as const;
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number];

export const FOLLOWER_UNITS = ['followers', 'fans', 'members', 'subscribers', 'videos'] as const;
export type FollowerUnit = (typeof FOLLOWER_UNITS)[number];

export type Visibility = 'public' | 'internal';

export type LocalisedNames = Partial<Record<ContentLanguage, string>>;

export type Membership = { id: string; organisationId: string; organisationName: string; role: Role };

export type Me = {
  user: { id: string; email: string; name: string; locale: UiLocale; isSuperadmin: boolean; totpEnabled: boolean };
  csrfToken: string | null;
  memberships: Membership[];
};

export type Organisation = {
  id: string;
  parentId: string | null;
  slug: string;
  name: string;
  names: LocalisedNames;
  shortName: string | null;
  website: string | null;
  timeZone: string;
  defaultLanguage: ContentLanguage;
  isDemo: boolean;
  createdAt: string;
  updatedAt: string;
  myRoles: Role[];
  channelCount: number;
};

export type OrganisationInput = {
  parentId: string | null;
  name: string;
  names?: LocalisedNames;
  shortName?: string | null;
  website?: string | null;
  timeZone?: string;
  defaultLanguage?: ContentLanguage;
  slug?: string;
};

export type OrganisationDetail = Organisation & { ancestors: { id: string; name: string }[] };

export type Member = {
  membershipId: string;
  userId: string;
  email: string;
  name: string;
  role: Role;
  organisationId: string;
  inherited: boolean;
  fromOrganisationName: string | null;
};

export type Audience = { id: string; organisationId: string; slug: string; name: string; names: LocalisedNames; inherited: boolean };

export type Channel = {
  id: string;
  organisationId: string;
  organisationName: string;
  network: Network;
  handle: string;
  displayName: string | null;
  profileUrl: string | null;
  languages: ContentLanguage[];
  audiences: { id: string; name: string; slug: string }[];
  purpose: string | null;
  visibility: Visibility;
  ownerTeam: string | null;
  status: ChannelStatus;
  followerCount: number | null;
  followerUnit: FollowerUnit;
  followersMeasuredOn: string | null;
  isDemo: boolean;
  createdAt: string;
  updatedAt: string;
};

export type ChannelInput = {
  organisationId: string;
  network: Network;
  handle: string;
  displayName?: string | null;
  profileUrl?: string | null;
  languages: ContentLanguage[];
  audienceIds?: string[];
  purpose?: string | null;
  visibility?: Visibility;
  ownerTeam?: string | null;
  status?: ChannelStatus;
  followerCount?: number | null;
  followerUnit?: FollowerUnit;
  followersMeasuredOn?: string | null;
};

export type ImportAction = 'create' | 'update' | 'unchanged' | 'error';

export type ImportReport = {
  dryRun: boolean;
  summary: { create: number; update: number; unchanged: number; errors: number };
  rows: {
    line: number;
    action: ImportAction;
    handle: string | null;
    network: string | null;
    organisation: string | null;
    changes?: Record<string, { from: unknown; to: unknown }>;
    errors?: { field: string; message: string }[];
  }[];
};

export type InventoryRow = {
  organisationId: string;
  organisationName: string;
  depth: number;
  networks: Network[];
  channelCount: number;
  audiences: string[];
  languages: ContentLanguage[];
  followers: {
    total: number;
    byNetwork: Partial<Record<Network, { count: number | null; unit: FollowerUnit; measuredOn: string | null }>>;
  };
  latestMeasuredOn: string | null;
  channels: {
    id: string;
    network: Network;
    handle: string;
    followerCount: number | null;
    followerUnit: FollowerUnit;
    followersMeasuredOn: string | null;
    audiences: string[];
    languages: ContentLanguage[];
    status: ChannelStatus;
  }[];
};

export type InventoryReport = {
  organisation: { id: string; name: string };
  generatedAt: string;
  networks: Network[];
  rows: InventoryRow[];
  totals: { organisations: number; channels: number; followers: number };
};

export type AuditEntry = {
  id: string | number;
  at: string;
  actorLabel: string;
  organisationId: string | null;
  organisationName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

export type AuditPage = { entries: AuditEntry[]; nextBefore: string | number | null };

export type AuditIntegrity = {
  checkedAt: string;
  rowsChecked: number;
  ok: boolean;
  firstBadId: string | number | null;
  detail: string | null;
};

export type ApiToken = { id: string; name: string; prefix: string; createdAt: string; lastUsedAt: string | null; expiresAt: string | null };

export type AuthProviders = { password: boolean; oidc: null | { label: string; loginUrl: string } };

/** Publishing (src/features/publishing/schemas.ts). */
export const PUBLICATION_STATES = [
  'draft',
  'in_review',
  'approved',
  'scheduled',
  'publishing',
  'published',
  'failed',
  'unconfirmed',
  'held',
  'cancelled',
] as const;
export type PublicationState = (typeof PUBLICATION_STATES)[number];

export const ATTEMPT_OUTCOMES = [
  'published',
  'rate_limited',
  'unavailable',
  'auth_expired',
  'rejected',
  'ambiguous',
  'found_on_reconcile',
  'absent_on_reconcile',
  'held_by_pause',
] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export type MediaRef = { fileName: string; mimeType: string; storageKey: string; altText: string };

export type Publication = {
  id: string;
  organisationId: string;
  channelId: string;
  postId: string | null;
  variantId: string | null;
  text: string;
  language: ContentLanguage | null;
  media: MediaRef[];
  contentSha256: string;
  /** IANA time zone the publication was planned in (its organisation's). */
  timeZone: string;
  dueAt: string;
  state: PublicationState;
  attemptsCount: number;
  claimedAt: string | null;
  remoteId: string | null;
  remoteUrl: string | null;
  publishedAt: string | null;
  failureReason: string | null;
  nextReconcileAt: string | null;
  reconcileCount: number;
  heldByPauseId: string | null;
  createdAt: string;
  updatedAt: string;
};

export type PublicationAttempt = {
  id: number;
  attemptId: string;
  startedAt: string;
  finishedAt: string | null;
  outcome: AttemptOutcome;
  httpStatus: number | null;
  requestId: string | null;
  detail: string | null;
};

export type PublicationDetail = Publication & { attempts: PublicationAttempt[] };

export const PAUSE_SCOPES = ['all', 'organisation', 'channels'] as const;
export type PauseScope = (typeof PAUSE_SCOPES)[number];

export type Pause = {
  id: string;
  scope: PauseScope;
  organisationId: string | null;
  organisationName: string | null;
  channelIds: string[];
  reason: string;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
  liftedAt: string | null;
  liftedBy: string | null;
  liftReason: string | null;
  heldCount: number;
};

export type PauseInput = { scope: PauseScope; organisationId?: string; channelIds?: string[]; reason: string };

export type HeldActionInput = { publicationIds: string[]; reason: string; dueAt?: string };

/** Compose (src/features/compose/schemas.ts). */
export const POST_STATES = ['draft', 'in_review', 'approved', 'scheduled', 'published', 'cancelled'] as const;
export type PostState = (typeof POST_STATES)[number];

export type LocalisedMessage = { nl: string; fr: string; en: string };
export type PostChannel = { channelId: string; textOverride: string | null; mediaIds: string[] };

export type Post = {
  id: string;
  organisationId: string;
  title: string;
  baseText: string;
  topic: string | null;
  state: PostState;
  plannedAt: string | null;
  timeZone: string;
  version: number;
  submittedAt: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
  texts: Partial<Record<ContentLanguage, string>>;
  channels: PostChannel[];
};

export type PostInput = {
  title?: string;
  baseText?: string;
  topic?: string | null;
  texts?: Partial<Record<ContentLanguage, string>>;
  channels?: PostChannel[];
};

export const LINT_RULES = [
  'alt_text_missing',
  'hashtag_not_camel_case',
  'too_many_hashtags',
  'too_many_links',
  'long_sentence',
  'all_caps',
  'emoji_bullets',
  'election_period_names',
] as const;
export type LintRule = (typeof LINT_RULES)[number];
export type RuleSetting = 'off' | 'warn' | 'block';

export type LintFinding = {
  rule: LintRule;
  severity: 'warn' | 'block';
  message: LocalisedMessage;
  start?: number;
  end?: number;
  mediaIndex?: number;
};
export type LimitIssue = { code: string; network: Network; mediaIndex?: number; limit?: number; actual?: number; message: LocalisedMessage };

export type ChannelPreview = {
  channelId: string;
  network: Network;
  handle: string;
  language: ContentLanguage;
  source: 'override' | 'language' | 'base';
  text: string;
  count: { count: number; max: number; remaining: number; over: boolean; rule: string };
  issues: LimitIssue[];
  findings: LintFinding[];
  media: { id: string; fileName: string; mimeType: string; byteSize: number; altText: string }[];
};
export type PostPreview = { postId: string; version: number; blocked: boolean; channels: ChannelPreview[] };

export type MediaAsset = {
  id: string;
  organisationId: string;
  fileName: string;
  mimeType: string;
  byteSize: number;
  sha256: string;
  altTexts: Partial<Record<ContentLanguage, string>>;
  createdAt: string;
};

export type ElectionPeriod = { from: string; to: string; names: string[] };
export type UtmTags = { source?: string; medium?: string; campaign?: string; content?: string };
export type ComposeSettings = {
  lint: {
    rules: Partial<Record<LintRule, RuleSetting>>;
    maxHashtags?: number;
    maxLinks?: number;
    maxSentenceWords?: number;
    electionPeriods?: ElectionPeriod[];
  };
  utm: { enabled?: boolean; medium?: string; campaign?: string; onlyHosts?: string[]; channels?: Record<string, false | UtmTags> };
};

/**
 * A field the server refused. `message` is in the interface language when the server gave a `code`
 * this version knows (translated as the error arrives); else it is the server's English, `lang: 'en'`.
 */
export type FieldError = {
  path: string;
  message: string;
  code?: string;
  params?: Readonly<Record<string, string | number>>;
  lang?: 'en';
};
