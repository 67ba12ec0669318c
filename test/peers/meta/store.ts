import { randomBytes } from 'node:crypto';

/** What the Meta Graph peer holds: Pages, Instagram and Threads users, their tokens, posts and containers. */

/** `user`: a Facebook person, who signs in to Facebook Login and manages Pages (oauth-routes.ts). */
export type SubjectKind = 'page' | 'instagram' | 'threads' | 'user';

export type Subject = { id: string; kind: SubjectKind; name: string; username: string };

export type PeerToken = {
  token: string;
  subjectId: string;
  expiresAt: number | null;
  kind: 'short' | 'long';
  /** The app a token was issued to by an OAuth flow (oauth-routes.ts); absent on tokens made by the test. */
  clientId?: string;
  /** Permissions granted with it; absent: all. */
  scopes?: string[];
};

/** The three Meta products with their own sign-in and app id (Facebook Login, Instagram Login, Threads). */
export type OAuthProduct = 'facebook' | 'instagram' | 'threads';

/** An app registered with Meta for one product, with its valid OAuth redirect URIs. */
export type MetaApp = { clientId: string; clientSecret: string; product: OAuthProduct; redirectUris: string[] };

/** An authorization code from a sign-in page: bound to its app and redirect URI, valid once. */
export type AuthCode = {
  code: string;
  clientId: string;
  redirectUri: string;
  subjectId: string;
  scopes: string[];
  expiresAt: number;
  used: boolean;
};

/** A Facebook person's role on a Page, with the tasks Meta lists in `/me/accounts` (CREATE_CONTENT to post). */
export type PageRole = { userId: string; pageId: string; tasks: string[] };

export type PagePhoto = {
  id: string;
  pageId: string;
  bytes: Buffer;
  contentType: string;
  altText: string | null;
  caption: string;
  published: boolean;
  /** The feed post this photo belongs to, once attached or published. */
  postId: string | null;
};

export type PagePost = {
  id: string;
  pageId: string;
  message: string;
  link: string | null;
  createdAt: number;
  photoIds: string[];
};

export type ContainerStatus = 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED';

/** An Instagram or Threads media container (Threads calls them "media containers" too). */
export type Container = {
  id: string;
  network: 'instagram' | 'threads';
  ownerId: string;
  mediaType: 'IMAGE' | 'CAROUSEL' | 'TEXT';
  caption: string;
  imageUrl: string | null;
  bytes: Buffer | null;
  altText: string | null;
  isCarouselItem: boolean;
  children: string[];
  status: ContainerStatus;
  /** Status reads left before IN_PROGRESS becomes FINISHED. */
  pollsLeft: number;
  errorMessage: string | null;
  createdAt: number;
  /** The media made from it, once published. */
  mediaId: string | null;
};

/** A published Instagram media or Threads post. */
export type Published = {
  id: string;
  network: 'instagram' | 'threads';
  ownerId: string;
  mediaType: 'IMAGE' | 'CAROUSEL_ALBUM' | 'TEXT_POST';
  caption: string;
  createdAt: number;
  containerId: string;
  /** Leaf images, in order, with their alt text. */
  items: Array<{ bytes: Buffer; altText: string | null }>;
  shortcode: string;
};

export type RequestLog = { method: string; path: string; at: Date; outcome: number | 'cut-before-store' | 'cut-after-store' };

export class MetaPeerState {
  readonly subjects = new Map<string, Subject>();
  readonly tokens = new Map<string, PeerToken>();
  readonly photos = new Map<string, PagePhoto>();
  readonly posts = new Map<string, PagePost>();
  readonly containers = new Map<string, Container>();
  readonly published = new Map<string, Published>();
  readonly requests: RequestLog[] = [];
  /** OAuth (oauth-routes.ts): apps by client id, codes, and who manages which Page. */
  readonly apps = new Map<string, MetaApp>();
  readonly codes = new Map<string, AuthCode>();
  readonly pageRoles: PageRole[] = [];
  /** Create-post calls received (FB /feed and /photos with published, media_publish, threads_publish), whatever became of them. */
  publishRequests = 0;
  private counter = 0;

  constructor(readonly now: () => number) {}

  /** Numeric ids like Graph's (17–18 digits, increasing). */
  nextId(prefix = '1784'): string {
    this.counter += 1;
    return `${prefix}${String(1_000_000_000_000 + this.counter)}`;
  }

  secret(): string {
    return `EAAG${randomBytes(24).toString('base64url')}`;
  }

  postsOf(pageId: string): PagePost[] {
    return [...this.posts.values()].filter((p) => p.pageId === pageId).sort((a, b) => b.createdAt - a.createdAt || cmp(b.id, a.id));
  }

  publishedOf(ownerId: string): Published[] {
    return [...this.published.values()].filter((m) => m.ownerId === ownerId).sort((a, b) => b.createdAt - a.createdAt || cmp(b.id, a.id));
  }
}

function cmp(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Graph's timestamp format: `2024-05-01T09:30:00+0000`. */
export function graphTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');
}
