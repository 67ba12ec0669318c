import { randomBytes } from 'node:crypto';

/**
 * The peer's state: members, organizations and their page roles, OAuth clients, codes and tokens,
 * images (initialized, uploaded), posts, and a log of every request.
 */

export type LiMember = { id: string; name: string };
export type LiOrganization = { id: number; localizedName: string; vanityName: string; locale: { language: string; country: string } };
/** A company page role (Organization Access Control): only these may post and read as the page. */
export type LiRole = 'ADMINISTRATOR' | 'CONTENT_ADMINISTRATOR' | 'DIRECT_SPONSORED_CONTENT_POSTER' | 'ANALYST';
export type LiRoleAssignment = { memberId: string; organizationId: number; role: LiRole; state: 'APPROVED' | 'REQUESTED' };
export type LiClient = { clientId: string; clientSecret: string; redirectUris: string[] };
export type LiAccessToken = { token: string; memberId: string; clientId: string; scopes: string[]; expiresAt: number; revoked: boolean };
export type LiRefreshToken = { token: string; memberId: string; clientId: string; scopes: string[]; expiresAt: number };
export type LiAuthCode = {
  code: string;
  clientId: string;
  redirectUri: string;
  memberId: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
};
export type LiImage = {
  urn: string;
  owner: string;
  uploadToken: string;
  uploadUrlExpiresAt: number;
  status: 'WAITING_UPLOAD' | 'AVAILABLE' | 'PROCESSING_FAILED';
  bytes: Buffer | null;
  mediaType: string | null;
};
export type LiPostContent = { media?: { id: string; altText?: string }; multiImage?: { images: Array<{ id: string; altText?: string }> } };
export type LiPost = {
  id: string;
  author: string;
  /** The member whose token made it. */
  createdBy: string;
  /** The commentary as the client sent it (little text). */
  submittedCommentary: string;
  /** The commentary as LinkedIn keeps and returns it (see little-text.ts). */
  commentary: string;
  /** The text a reader sees. */
  plainText: string;
  visibility: string;
  distribution: Record<string, unknown>;
  content: LiPostContent | null;
  lifecycleState: string;
  isReshareDisabledByAuthor: boolean;
  createdAt: number;
  lastModifiedAt: number;
  deleted: boolean;
};
export type RequestLog = {
  method: string;
  path: string;
  query: string;
  at: Date;
  headers: Record<string, string | string[] | undefined>;
  outcome: number | 'cut-before-store' | 'cut-after-store';
};

export class LinkedInPeerState {
  readonly members = new Map<string, LiMember>();
  readonly organizations = new Map<number, LiOrganization>();
  readonly roles: LiRoleAssignment[] = [];
  readonly clients = new Map<string, LiClient>();
  readonly accessTokens = new Map<string, LiAccessToken>();
  readonly refreshTokens = new Map<string, LiRefreshToken>();
  readonly codes = new Map<string, LiAuthCode>();
  readonly images = new Map<string, LiImage>();
  readonly posts = new Map<string, LiPost>();
  readonly requests: RequestLog[] = [];
  /** `POST /rest/posts` received, whatever became of them. */
  createPostRequests = 0;
  /** `POST /rest/posts` calls per member and UTC day (`memberId:day`), for the daily quota. */
  readonly dailyPostCalls = new Map<string, number>();
  private lastActivityId = 7_250_000_000_000_000_000n;
  private nextOrganizationId = 10_000_001;

  constructor(readonly now: () => number) {}

  secret(bytes = 24): string {
    return randomBytes(bytes).toString('base64url');
  }

  /** Activity ids as LinkedIn's: 19-digit numbers that grow with time. */
  nextActivityId(): string {
    this.lastActivityId += BigInt(1 + Math.floor(Math.random() * 1000));
    return this.lastActivityId.toString();
  }

  organizationId(): number {
    const id = this.nextOrganizationId;
    this.nextOrganizationId += 1 + Math.floor(Math.random() * 97);
    return id;
  }

  /** Whether the member holds an approved role on the page that lets them post and read as it. */
  canActAs(memberId: string, organizationId: number): boolean {
    return this.roles.some(
      (r) => r.memberId === memberId && r.organizationId === organizationId && r.state === 'APPROVED' && r.role !== 'ANALYST',
    );
  }

  /** An author's live posts, newest first. */
  postsOf(author: string): LiPost[] {
    return [...this.posts.values()].filter((p) => p.author === author && !p.deleted).sort((a, b) => b.createdAt - a.createdAt);
  }
}
