import { randomBytes } from 'node:crypto';

/** What the peer keeps, in memory; tests read it directly (`peer.state`). */

export type PeerAccount = {
  id: string;
  username: string;
  displayName: string;
  createdAt: Date;
  note: string;
  locked: boolean;
  bot: boolean;
  /** Default posting language, used when a status is posted without one. */
  language: string;
  /** Set for an account of another instance known here (shown as `username@domain`); absent for local accounts. */
  domain?: string;
};

export type PeerApp = {
  id: string;
  name: string;
  website: string | null;
  redirectUris: string[];
  scopes: string[];
  clientId: string;
  clientSecret: string;
};

export type PeerToken = {
  token: string;
  appId: string;
  /** Null for an app-only token (client_credentials). */
  accountId: string | null;
  scopes: string[];
  createdAt: Date;
  revoked: boolean;
};

export type AuthorizationCode = {
  code: string;
  appId: string;
  accountId: string;
  redirectUri: string;
  scopes: string[];
  codeChallenge: string | null;
  expiresAt: number;
  used: boolean;
};

export type PeerMedia = {
  id: string;
  accountId: string;
  type: 'image' | 'gifv' | 'video' | 'audio' | 'unknown';
  fileName: string;
  mimeType: string;
  bytes: Buffer;
  description: string | null;
  focus: { x: number; y: number } | null;
  statusId: string | null;
  /** GET /api/v1/media/:id calls left before the file counts as processed (0 = processed). */
  pollsUntilProcessed: number;
  createdAt: Date;
};

export type PeerStatus = {
  id: string;
  accountId: string;
  appId: string | null;
  text: string;
  content: string;
  spoilerText: string;
  visibility: 'public' | 'unlisted' | 'private' | 'direct';
  sensitive: boolean;
  language: string | null;
  inReplyToId: string | null;
  inReplyToAccountId: string | null;
  mediaIds: string[];
  createdAt: Date;
  deletedAt: Date | null;
  /** The Idempotency-Key it was created with, if any (for inspection only). */
  idempotencyKey: string | null;
};

export type RequestLogEntry = {
  method: string;
  path: string;
  at: Date;
  idempotencyKey: string | null;
  /** The status sent, or what a fault did instead of replying. */
  outcome: number | 'cut-before-store' | 'cut-after-store';
};

export class PeerState {
  readonly accounts = new Map<string, PeerAccount>();
  readonly apps = new Map<string, PeerApp>();
  readonly tokens = new Map<string, PeerToken>();
  readonly codes = new Map<string, AuthorizationCode>();
  readonly media = new Map<string, PeerMedia>();
  /** Every status ever stored, deleted ones included (see `deletedAt`). */
  readonly statuses = new Map<string, PeerStatus>();
  /** `idempotency:status:<account id>:<key>` → status id and expiry (epoch ms), as Mastodon keeps it in Redis. */
  readonly idempotency = new Map<string, { statusId: string; expiresAt: number }>();
  readonly requests: RequestLogEntry[] = [];
  private sequence = 0;

  constructor(private readonly now: () => number) {}

  /** Snowflake-like ids as Mastodon makes them: milliseconds in the high bits, so ids sort by time. */
  nextId(): string {
    this.sequence = (this.sequence + 1) & 0xffff;
    return ((BigInt(this.now()) << 16n) | BigInt(this.sequence)).toString();
  }

  secret(): string {
    return randomBytes(32).toString('base64url');
  }

  accountByUsername(username: string): PeerAccount | undefined {
    const wanted = username.replace(/^@/, '').toLowerCase();
    return [...this.accounts.values()].find((a) => !a.domain && a.username.toLowerCase() === wanted);
  }

  /** Live (not deleted) statuses of one account, newest first. */
  statusesOf(accountId: string): PeerStatus[] {
    return [...this.statuses.values()].filter((s) => s.accountId === accountId && !s.deletedAt).sort((a, b) => compareIds(b.id, a.id));
  }

  /** How many `POST /api/v1/statuses` requests arrived, whatever became of them. */
  get postStatusRequests(): number {
    return this.requests.filter((r) => r.method === 'POST' && r.path === '/api/v1/statuses').length;
  }
}

export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isId(value: string): boolean {
  return /^\d{1,30}$/.test(value);
}
