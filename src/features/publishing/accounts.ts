import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { AuditActor } from '../../kit/audit.js';
import { recordAudit } from '../../kit/audit.js';
import { type SecretKeyring, seal, unseal } from '../../kit/crypto.js';
import type { ConnectedAccount, ConnectorCredentials } from '../../networks/connector.js';
import { channels } from '../registry/schema.js';
import { channelConnections } from './schema.js';

/**
 * The account behind a channel (`channel_connections`): its API address and its credentials,
 * sealed with the channel id as associated data so a sealed value copied to another channel does
 * not open. Credentials never leave this module unsealed except inside a ConnectedAccount.
 */

export type ConnectionInput = {
  channelId: string;
  apiBaseUrl: string;
  credentials: ConnectorCredentials;
  remoteAccountId?: string | null;
  tokenExpiresAt?: Date | null;
};

/** Connects (or reconnects) a channel's account; audited without the credentials. */
export async function saveChannelConnection(tx: DbOrTx, keyring: SecretKeyring, actor: AuditActor, input: ConnectionInput): Promise<void> {
  const [channel] = await tx.select().from(channels).where(eq(channels.id, input.channelId));
  if (!channel) throw new Error(`channel ${input.channelId} does not exist`);
  const values = {
    apiBaseUrl: input.apiBaseUrl,
    credentialsSealed: seal(keyring, JSON.stringify(input.credentials), input.channelId),
    remoteAccountId: input.remoteAccountId ?? null,
    tokenExpiresAt: input.tokenExpiresAt ?? null,
    connectedBy: actor.userId,
    connectedAt: new Date(),
    lastError: null,
    lastErrorAt: null,
  };
  await tx
    .insert(channelConnections)
    .values({ channelId: input.channelId, ...values })
    .onConflictDoUpdate({ target: channelConnections.channelId, set: values });
  await recordAudit(tx, actor, {
    organisationId: channel.organisationId,
    action: 'connect',
    entity: 'channel',
    entityId: channel.id,
    after: { apiBaseUrl: input.apiBaseUrl, remoteAccountId: input.remoteAccountId ?? null },
  });
}

export type LoadedAccount = {
  account: ConnectedAccount;
  /** Identifies the account for rate limiting: one instance/PDS and one remote account. */
  rateKey: string;
};

/**
 * The channel's account with its credentials opened, or null when the channel is not connected.
 * Throws when the sealed value does not open (another key, or copied from another channel).
 */
export async function loadConnectedAccount(db: DbOrTx, keyring: SecretKeyring, channelId: string): Promise<LoadedAccount | null> {
  const [found] = await db
    .select({ connection: channelConnections, network: channels.network, handle: channels.handle })
    .from(channelConnections)
    .innerJoin(channels, eq(channels.id, channelConnections.channelId))
    .where(eq(channelConnections.channelId, channelId));
  if (!found) return null;
  const credentials = JSON.parse(unseal(keyring, found.connection.credentialsSealed, channelId)) as ConnectorCredentials;
  const { connection } = found;
  return {
    account: { channelId, network: found.network, apiBaseUrl: connection.apiBaseUrl, handle: found.handle, credentials },
    rateKey: `${connection.apiBaseUrl.replace(/\/+$/, '')}#${connection.remoteAccountId ?? channelId}`,
  };
}

/** Stores credentials a connector renewed (refresh), sealed again. */
export async function storeRefreshedCredentials(
  db: DbOrTx,
  keyring: SecretKeyring,
  channelId: string,
  credentials: ConnectorCredentials,
): Promise<void> {
  await db
    .update(channelConnections)
    .set({ credentialsSealed: seal(keyring, JSON.stringify(credentials), channelId) })
    .where(eq(channelConnections.channelId, channelId));
}

/** Notes the last success or error of a call made with the channel's account (for the channel screen). */
export async function noteConnectionOutcome(db: DbOrTx, channelId: string, error: string | null): Promise<void> {
  await db
    .update(channelConnections)
    .set(error === null ? { lastSuccessAt: sql`now()` } : { lastError: error.slice(0, 1000), lastErrorAt: sql`now()` })
    .where(eq(channelConnections.channelId, channelId));
}
