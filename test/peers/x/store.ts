import { randomBytes } from 'node:crypto';

/** The peer's state: users, OAuth 2.0 clients, codes and tokens, media upload sessions, tweets. */

export type XUser = { id: string; username: string; name: string; createdAt: Date };
export type XOAuthClient = { clientId: string; clientSecret: string | null; redirectUris: string[] };
export type XAccessToken = { token: string; userId: string; clientId: string; scopes: string[]; expiresAt: number; revoked: boolean };
export type XRefreshToken = { token: string; userId: string; clientId: string; scopes: string[]; used: boolean };
export type XAuthCode = {
  code: string;
  clientId: string;
  redirectUri: string;
  userId: string;
  scopes: string[];
  challenge: string;
  challengeMethod: 'S256' | 'plain';
  expiresAt: number;
  used: boolean;
};
export type XMedia = {
  id: string;
  mediaKey: string;
  ownerId: string;
  mediaType: string;
  category: string | null;
  totalBytes: number;
  segments: Map<number, Buffer>;
  finalized: boolean;
  altText: string | null;
  createdAt: number;
};
/** A URL entity of a tweet as `entities.urls[]` shows it; `media_key` marks the link X appends for media. */
export type XUrlEntity = { start: number; end: number; url: string; expanded_url: string; display_url: string; media_key?: string };
export type XTweet = {
  id: string;
  authorId: string;
  /** The text as the client sent it. */
  submittedText: string;
  /** The text as X returns it: links wrapped in t.co, a media link appended, `&<>` escaped. */
  text: string;
  urls: XUrlEntity[];
  mediaIds: string[];
  createdAt: number;
  deleted: boolean;
};
export type RequestLog = { method: string; path: string; at: Date; outcome: number | 'cut-before-store' | 'cut-after-store' };

/** Twitter's snowflake epoch (2010-11-04T01:42:54.657Z). */
const TWEPOCH = 1288834974657n;

export class XPeerState {
  readonly users = new Map<string, XUser>();
  readonly clients = new Map<string, XOAuthClient>();
  readonly accessTokens = new Map<string, XAccessToken>();
  readonly refreshTokens = new Map<string, XRefreshToken>();
  readonly codes = new Map<string, XAuthCode>();
  readonly media = new Map<string, XMedia>();
  readonly tweets = new Map<string, XTweet>();
  /** Every request: method, path, status sent (or how the connection was cut). */
  readonly requests: RequestLog[] = [];
  /** POST /2/tweets received, whatever became of them. */
  postTweetRequests = 0;
  private lastId = 0n;

  constructor(readonly now: () => number) {}

  /** Snowflake-shaped ids (time << 22 | sequence): strings that sort by creation time. */
  nextId(): string {
    let id = (BigInt(this.now()) - TWEPOCH) << 22n;
    if (id <= this.lastId) id = this.lastId + 1n;
    this.lastId = id;
    return id.toString();
  }

  secret(bytes = 24): string {
    return randomBytes(bytes).toString('base64url');
  }

  /** A user's live tweets, newest first. */
  tweetsOf(userId: string): XTweet[] {
    return [...this.tweets.values()].filter((t) => t.authorId === userId && !t.deleted).sort((a, b) => compareIds(b.id, a.id));
  }

  bytesOf(media: XMedia): Buffer {
    return Buffer.concat([...media.segments.entries()].sort(([a], [b]) => a - b).map(([, chunk]) => chunk));
  }
}

export function compareIds(a: string, b: string): number {
  return a.length === b.length ? (a < b ? -1 : a > b ? 1 : 0) : a.length - b.length;
}
