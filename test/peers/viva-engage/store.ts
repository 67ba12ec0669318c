import { randomBytes } from 'node:crypto';

/** The Viva Engage peer's state: one network, its users and groups, OAuth clients and tokens, files, messages. */

export type VeNetwork = { id: string; name: string; permalink: string };
export type VeUser = { id: string; networkId: string; name: string; fullName: string; email: string };
export type VeGroup = {
  id: string;
  networkId: string;
  name: string;
  fullName: string;
  privacy: 'public' | 'private';
  memberIds: Set<string>;
};
/** An app registration in a tenant (Microsoft Entra). */
export type VeClient = { clientId: string; clientSecret: string | null; redirectUris: string[]; tenant: string };
export type VeAccessToken = { token: string; userId: string; clientId: string; scopes: string[]; expiresAt: number; revoked: boolean };
export type VeRefreshToken = { token: string; userId: string; clientId: string; scopes: string[]; used: boolean };
export type VeAuthCode = {
  code: string;
  clientId: string;
  redirectUri: string;
  userId: string;
  scopes: string[];
  challenge: string | null;
  challengeMethod: 'S256' | 'plain';
  expiresAt: number;
  used: boolean;
};
export type VeFile = {
  id: string;
  networkId: string;
  groupId: string | null;
  uploaderId: string;
  filename: string;
  contentType: string;
  bytes: Buffer;
  createdAt: number;
};
export type VeMessage = {
  id: string;
  senderId: string;
  networkId: string;
  groupId: string;
  threadId: string;
  repliedToId: string | null;
  /** The text as stored (Yammer trims it and uses \n line endings). */
  body: string;
  fileIds: string[];
  createdAt: number;
  deleted: boolean;
};
export type RequestLog = { method: string; path: string; at: Date; outcome: number | 'cut-before-store' | 'cut-after-store' };

/** Yammer ids are 64-bit integers; these have 16 digits, like recent ones, and stay exact in a double. */
const FIRST_ID = 1_153_497_165_365_248;

export class VivaEngagePeerState {
  readonly network: VeNetwork = { id: '2091874', name: 'Stad Gent', permalink: 'stad.gent' };
  readonly users = new Map<string, VeUser>();
  readonly groups = new Map<string, VeGroup>();
  readonly clients = new Map<string, VeClient>();
  readonly accessTokens = new Map<string, VeAccessToken>();
  readonly refreshTokens = new Map<string, VeRefreshToken>();
  readonly codes = new Map<string, VeAuthCode>();
  readonly files = new Map<string, VeFile>();
  readonly messages = new Map<string, VeMessage>();
  /** Every request: method, path, status sent (or how the connection was cut). */
  readonly requests: RequestLog[] = [];
  /** POST /api/v1/messages.json received, whatever became of them. */
  postMessageRequests = 0;
  private lastId = FIRST_ID;

  constructor(readonly now: () => number) {}

  nextId(): string {
    this.lastId += 1;
    return String(this.lastId);
  }

  secret(bytes = 24): string {
    return randomBytes(bytes).toString('base64url');
  }

  /** A group's live messages, newest first. */
  messagesIn(groupId: string): VeMessage[] {
    return [...this.messages.values()].filter((m) => m.groupId === groupId && !m.deleted).sort((a, b) => compareIds(b.id, a.id));
  }

  webUrl(kind: 'messages' | 'files' | 'users', id: string): string {
    return `https://www.yammer.com/${this.network.permalink}/${kind}/${id}`;
  }
}

export function compareIds(a: string, b: string): number {
  return a.length === b.length ? (a < b ? -1 : a > b ? 1 : 0) : a.length - b.length;
}

/** Yammer's timestamp format: "2024/03/01 10:00:00 +0000". */
export function yammerTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '/')} ${iso.slice(11, 19)} +0000`;
}
