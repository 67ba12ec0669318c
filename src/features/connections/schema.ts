import { jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ConnectionErrorCode, ConnectionErrorParams } from './error-text.js';

/** Channels' accounts (channel_connections), app registrations per instance, connections under way. */

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const channelConnections = pgTable('channel_connections', {
  channelId: uuid('channel_id').primaryKey(),
  apiBaseUrl: text('api_base_url').notNull(),
  credentialsSealed: text('credentials_sealed').notNull(),
  remoteAccountId: text('remote_account_id'),
  tokenExpiresAt: ts('token_expires_at'),
  connectedBy: uuid('connected_by'),
  connectedAt: ts('connected_at').notNull().defaultNow(),
  lastSuccessAt: ts('last_success_at'),
  /** The English sentence of the code below (or, written before codes existed, alone). */
  lastError: text('last_error'),
  lastErrorCode: text('last_error_code').$type<ConnectionErrorCode>(),
  lastErrorParams: jsonb('last_error_params').$type<ConnectionErrorParams>(),
  lastErrorAt: ts('last_error_at'),
  tokenIssuedAt: ts('token_issued_at'),
  renewingUntil: ts('renewing_until'),
});

export const oauthAppRegistrations = pgTable(
  'oauth_app_registrations',
  {
    network: text('network').notNull(),
    instanceUrl: text('instance_url').notNull(),
    redirectUri: text('redirect_uri').notNull(),
    clientId: text('client_id').notNull(),
    clientSecretSealed: text('client_secret_sealed').notNull(),
    scopes: text('scopes').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.network, t.instanceUrl, t.redirectUri] })],
);

export const connectionAttempts = pgTable('connection_attempts', {
  stateSha256: text('state_sha256').primaryKey(),
  channelId: uuid('channel_id').notNull(),
  userId: uuid('user_id').notNull(),
  network: text('network').notNull(),
  pendingSealed: text('pending_sealed').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  expiresAt: ts('expires_at').notNull(),
  usedAt: ts('used_at'),
});
