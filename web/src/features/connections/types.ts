import type { ChannelStatus, Network } from '../../api/types.js';

/** The API's shapes for a channel's connection: its account, its health and how to connect it (src/features/connections/schemas.ts). */

export const CONNECTION_HEALTHS = ['unsupported', 'not_connected', 'expired', 'failing', 'expiring', 'ok'] as const;
export type ConnectionHealth = (typeof CONNECTION_HEALTHS)[number];
/** What the OAuth callback tells the health page (`?connection=`). */
export const CONNECTION_OUTCOMES = ['connected', 'denied', 'expired', 'failed'] as const;
export type ConnectionOutcome = (typeof CONNECTION_OUTCOMES)[number];
export type ConnectField = { name: string; secret: boolean; required: boolean; type: 'text' | 'url' };
export type ConnectMethod = { kind: 'oauth'; fields: ConnectField[]; configured: boolean } | { kind: 'form'; fields: ConnectField[] };
export type ChannelConnection = {
  apiBaseUrl: string;
  remoteAccountId: string | null;
  connectedAt: string;
  connectedBy: { id: string; name: string } | null;
  tokenExpiresAt: string | null;
  canRefresh: boolean;
  lastSuccessAt: string | null;
  /** Plain words (English), null when the last call worked. */
  lastError: string | null;
  /** The same as a code and its values, to say it in the interface language (features/connections/connection-errors). */
  lastErrorCode: string | null;
  lastErrorParams: Record<string, string | number> | null;
  lastErrorAt: string | null;
};
export type ConnectionStatus = {
  channelId: string;
  organisationId: string;
  network: Network;
  handle: string;
  displayName: string | null;
  channelStatus: ChannelStatus;
  health: ConnectionHealth;
  method: ConnectMethod | null;
  connection: ChannelConnection | null;
};
export type OAuthStarted = { authorizeUrl: string; expiresAt: string };
