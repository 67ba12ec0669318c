import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import type { DbOrTx } from '../../db/client.js';
import type { AuditActor } from '../../kit/audit.js';
import { recordAudit } from '../../kit/audit.js';
import { type SecretKeyring, seal, unseal } from '../../kit/crypto.js';
import type { ConnectedAccount, Connector, ConnectorCredentials, ConnectorOptions } from '../../networks/connector.js';
import { channels } from '../registry/schema.js';
import { type ConnectionErrorParams, type ConnectionProblem, connectionErrorText } from './error-text.js';
import { channelConnections } from './schema.js';

/**
 * The account behind a channel (`channel_connections`): its API address and its credentials,
 * sealed with the channel id as associated data so a sealed value copied to another channel does
 * not open. Credentials never leave this module unsealed except inside a ConnectedAccount.
 */

/** A connection's problem fields when there is none: a new account, or a call that worked. */
const NO_ERROR = { lastError: null, lastErrorCode: null, lastErrorParams: null, lastErrorAt: null };

export type ConnectionInput = {
  channelId: string;
  apiBaseUrl: string;
  credentials: ConnectorCredentials;
  remoteAccountId?: string | null;
  tokenExpiresAt?: Date | null;
};

/**
 * A refresh token is hard to get back (a person must sign in at the network again), so a stored one
 * is never dropped because a reconnect or a renewal came without one.
 */
export function keepRefreshToken(previous: ConnectorCredentials | null, next: ConnectorCredentials): ConnectorCredentials {
  const kept = previous?.refreshToken;
  if (typeof kept !== 'string' || kept === '') return next;
  if (typeof next.refreshToken === 'string' && next.refreshToken !== '') return next;
  return { ...next, refreshToken: kept };
}

/** Credentials carry their expiry as `expiresAt` (ISO) where the network's tokens expire. */
export function expiryOf(credentials: ConnectorCredentials): Date | null {
  const value = credentials.expiresAt;
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

async function storedCredentials(tx: DbOrTx, keyring: SecretKeyring, channelId: string): Promise<ConnectorCredentials | null> {
  const [row] = await tx.select({ sealed: channelConnections.credentialsSealed }).from(channelConnections).where(eq(channelConnections.channelId, channelId));
  if (!row) return null;
  try {
    return JSON.parse(unseal(keyring, row.sealed, channelId)) as ConnectorCredentials;
  } catch {
    return null; // sealed with a key that is gone: nothing to keep
  }
}

/** Connects (or reconnects) a channel's account; audited without the credentials. */
export async function saveChannelConnection(tx: DbOrTx, keyring: SecretKeyring, actor: AuditActor, input: ConnectionInput): Promise<void> {
  const [channel] = await tx.select().from(channels).where(eq(channels.id, input.channelId));
  if (!channel) throw new Error(`channel ${input.channelId} does not exist`);
  const previous = await storedCredentials(tx, keyring, input.channelId);
  // The same account again: keep its refresh token. Another account: its token is not ours to keep.
  const sameAccount = previous !== null && input.remoteAccountId != null && (await connectedAccountId(tx, input.channelId)) === input.remoteAccountId;
  const credentials = sameAccount ? keepRefreshToken(previous, input.credentials) : input.credentials;
  const tokenExpiresAt = input.tokenExpiresAt ?? expiryOf(credentials);
  const values = {
    apiBaseUrl: input.apiBaseUrl,
    credentialsSealed: seal(keyring, JSON.stringify(credentials), input.channelId),
    remoteAccountId: input.remoteAccountId ?? null,
    tokenExpiresAt,
    tokenIssuedAt: tokenExpiresAt ? new Date() : null,
    connectedBy: actor.userId,
    connectedAt: new Date(),
    ...NO_ERROR,
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
    after: { apiBaseUrl: input.apiBaseUrl, remoteAccountId: input.remoteAccountId ?? null, tokenExpiresAt: tokenExpiresAt?.toISOString() ?? null },
  });
}

async function connectedAccountId(tx: DbOrTx, channelId: string): Promise<string | null> {
  const [row] = await tx.select({ id: channelConnections.remoteAccountId }).from(channelConnections).where(eq(channelConnections.channelId, channelId));
  return row?.id ?? null;
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

/**
 * Stores credentials a connector renewed (refresh), sealed again, with their new expiry. Runs in
 * one transaction with a row lock so two renewals cannot interleave and lose a rotated token.
 */
export async function storeRefreshedCredentials(
  db: DbOrTx,
  keyring: SecretKeyring,
  channelId: string,
  credentials: ConnectorCredentials,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`SELECT 1 FROM channel_connections WHERE channel_id = ${channelId}::uuid FOR UPDATE`);
    const kept = keepRefreshToken(await storedCredentials(tx, keyring, channelId), credentials);
    const expiresAt = expiryOf(kept);
    await tx
      .update(channelConnections)
      .set({
        credentialsSealed: seal(keyring, JSON.stringify(kept), channelId),
        ...(expiresAt ? { tokenExpiresAt: expiresAt, tokenIssuedAt: sql`now()` } : {}),
      })
      .where(eq(channelConnections.channelId, channelId));
  });
}

/**
 * Stores credentials a connector renewed on its own during a call (ConnectorOptions.onCredentials).
 * Never throws: the call's outcome matters more than the session, and the next call logs in again.
 */
export async function storeCredentialsRenewedDuringCall(
  ctx: Pick<AppContext, 'db' | 'keyring' | 'log'>,
  channelId: string,
  credentials: ConnectorCredentials | undefined,
): Promise<void> {
  if (!credentials) return;
  try {
    await storeRefreshedCredentials(ctx.db, ctx.keyring, channelId, credentials);
  } catch (error) {
    ctx.log.warn({ err: error, channelId }, 'storing credentials renewed during a call failed');
  }
}

/** A network's words can be a whole error page: each value is kept to the sentence's 1000 characters. */
function storedParams(params: ConnectionErrorParams): ConnectionErrorParams {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [name, typeof value === 'string' ? value.slice(0, 1000) : value]),
  );
}

/**
 * Notes the last success or problem of a call made with the channel's account (for the channel
 * screen): a problem as its code and values next to its English sentence; a success clears all of
 * them, so a stored problem is always the latest news.
 */
export async function noteConnectionOutcome(db: DbOrTx, channelId: string, problem: ConnectionProblem | null): Promise<void> {
  await db
    .update(channelConnections)
    .set(
      problem === null
        ? { lastSuccessAt: sql`now()`, ...NO_ERROR }
        : {
            lastError: connectionErrorText(problem).slice(0, 1000),
            lastErrorCode: problem.code,
            lastErrorParams: storedParams(problem.params),
            lastErrorAt: sql`now()`,
          },
    )
    .where(eq(channelConnections.channelId, channelId));
}

/**
 * Renews a channel's credentials with its connector, one renewal at a time per channel across
 * processes (a lease on the row, not a transaction: the network call may take seconds and PGlite
 * has a single connection). Returns the new credentials, or null when another process holds the
 * lease (its result will be in the database shortly). Throws the connector's error.
 */
export async function renewCredentials(
  db: DbOrTx,
  keyring: SecretKeyring,
  channelId: string,
  connector: Connector,
  options: ConnectorOptions = {},
): Promise<ConnectorCredentials | null> {
  if (!connector.refresh) return null;
  const leased = await db
    .update(channelConnections)
    .set({ renewingUntil: sql`now() + interval '2 minutes'` })
    .where(and(eq(channelConnections.channelId, channelId), or(isNull(channelConnections.renewingUntil), lt(channelConnections.renewingUntil, sql`now()`))))
    .returning({ channelId: channelConnections.channelId });
  if (leased.length === 0) return null;
  try {
    const loaded = await loadConnectedAccount(db, keyring, channelId);
    if (!loaded) return null;
    const credentials = await connector.refresh(loaded.account, options);
    await storeRefreshedCredentials(db, keyring, channelId, credentials);
    return credentials;
  } finally {
    await db.update(channelConnections).set({ renewingUntil: null }).where(eq(channelConnections.channelId, channelId));
  }
}
