import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, inArray, isNull, ne, sql } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import type { Db } from '../../db/client.js';
import { accessibleOrganisationIds, type Caller, requireAccess } from '../../kit/access.js';
import { actorOf, recordAudit } from '../../kit/audit.js';
import { users } from '../../kit/auth/schema.js';
import { seal, unseal } from '../../kit/crypto.js';
import { assertReachableUrl, UnsafeUrlError } from '../../kit/safe-fetch.js';
import { AppError, badRequest, forbidden, notFound, unprocessable } from '../../kit/errors.js';
import type { ConnectMethod, FormField, NewConnection, OAuthApp } from '../../networks/connect.js';
import { type ConnectedAccount, ConnectorError } from '../../networks/connector.js';
import { connectMethodFor, connectorFor } from '../../networks/registry.js';
import { channels, type Network } from '../registry/schema.js';

type ChannelRow = typeof channels.$inferSelect;
import { loadConnectedAccount, noteConnectionOutcome, saveChannelConnection } from './accounts.js';
import { connectionProblemOf } from './error-text.js';
import { healthOf } from './health.js';
import { appRegistrations } from './registrations.js';
import { channelConnections, connectionAttempts } from './schema.js';
import type { TConnectionStatus } from './schemas.js';

/** How long a person has to come back from the network's sign-in page. */
const ATTEMPT_LIFETIME_MS = 15 * 60_000;

export const CALLBACK_PATH = '/api/connections/oauth/callback';

async function loadChannel(db: Db, channelId: string): Promise<ChannelRow> {
  const [channel] = await db.select().from(channels).where(eq(channels.id, channelId));
  if (!channel) throw notFound('Channel');
  return channel;
}

function methodSummary(method: ConnectMethod | null, ctx: AppContext, network: Network): TConnectionStatus['method'] {
  if (!method) return null;
  const fields = method.fields.map((f) => ({ ...f }));
  if (method.kind === 'form') return { kind: 'form', fields };
  return { kind: 'oauth', fields, configured: method.registersPerInstance || oauthAppOf(ctx, network) !== null };
}

function oauthAppOf(ctx: AppContext, network: Network): OAuthApp | null {
  const configured = ctx.config.oauthApps[network as keyof typeof ctx.config.oauthApps];
  return configured ? { ...configured, redirectUri: redirectUri(ctx) } : null;
}

const redirectUri = (ctx: AppContext) => `${ctx.config.publicUrl}${CALLBACK_PATH}`;

/** Statuses of the given channels, with who connected each (one query for all). */
async function statusesOf(ctx: AppContext, list: ChannelRow[]): Promise<TConnectionStatus[]> {
  if (list.length === 0) return [];
  const found = await ctx.db
    .select({ connection: channelConnections, connectedByName: users.name })
    .from(channelConnections)
    .leftJoin(users, eq(users.id, channelConnections.connectedBy))
    .where(
      inArray(
        channelConnections.channelId,
        list.map((c) => c.id),
      ),
    );
  const byChannel = new Map(found.map((f) => [f.connection.channelId, f]));
  return list.map((channel) => {
    const method = connectMethodFor(channel.network);
    const canRefresh = Boolean(connectorFor(channel.network)?.refresh);
    const row = byChannel.get(channel.id);
    const c = row?.connection;
    return {
      channelId: channel.id,
      organisationId: channel.organisationId,
      network: channel.network,
      handle: channel.handle,
      displayName: channel.displayName,
      channelStatus: channel.status,
      health: healthOf({ supported: method !== null && connectorFor(channel.network) !== null, canRefresh, connection: c ?? null }),
      method: methodSummary(method, ctx, channel.network),
      connection: c
        ? {
            apiBaseUrl: c.apiBaseUrl,
            remoteAccountId: c.remoteAccountId,
            connectedAt: c.connectedAt.toISOString(),
            connectedBy: c.connectedBy ? { id: c.connectedBy, name: row?.connectedByName ?? '' } : null,
            tokenExpiresAt: c.tokenExpiresAt?.toISOString() ?? null,
            canRefresh,
            lastSuccessAt: c.lastSuccessAt?.toISOString() ?? null,
            lastError: c.lastError,
            lastErrorCode: c.lastErrorCode,
            lastErrorParams: c.lastErrorParams,
            lastErrorAt: c.lastErrorAt?.toISOString() ?? null,
          }
        : null,
    };
  });
}

export async function getConnectionStatus(ctx: AppContext, caller: Caller, channelId: string): Promise<TConnectionStatus> {
  const channel = await loadChannel(ctx.db, channelId);
  await requireAccess(ctx.db, caller, channel.organisationId, 'publishing.read');
  const [status] = await statusesOf(ctx, [channel]);
  if (!status) throw notFound('Channel');
  return status;
}

/** Every channel the caller may see (optionally one organisation), archived ones left out. */
export async function listChannelHealth(ctx: AppContext, caller: Caller, query: { organisationId?: string }): Promise<TConnectionStatus[]> {
  let organisationIds: string[];
  if (query.organisationId) {
    await requireAccess(ctx.db, caller, query.organisationId, 'publishing.read');
    organisationIds = [query.organisationId];
  } else {
    organisationIds = await accessibleOrganisationIds(ctx.db, caller, 'publishing.read');
  }
  if (organisationIds.length === 0) return [];
  const list = await ctx.db
    .select()
    .from(channels)
    .where(and(inArray(channels.organisationId, organisationIds), ne(channels.status, 'archived')))
    .orderBy(channels.network, channels.handle);
  return statusesOf(ctx, list);
}

/** A network's refusal in words a person can act on, as a 422 (or 429). */
function connectFailure(error: unknown, network: Network): AppError {
  if (!(error instanceof ConnectorError)) throw error;
  const prefix: Record<ConnectorError['kind'], string> = {
    rejected: `${network} refused`,
    auth_expired: `${network} did not accept these credentials`,
    rate_limited: `${network} asks to wait before trying again`,
    unavailable: `${network} could not be reached`,
    ambiguous: `${network} did not answer clearly`,
  };
  const message = `${prefix[error.kind]}: ${error.message}`;
  return error.kind === 'rate_limited'
    ? new AppError(429, 'rate_limited', message, undefined, error.details.retryAfterSeconds ?? 60)
    : unprocessable(message);
}

/** `@Name@Host/` → `name@host`; accounts are compared on this. */
function normalHandle(handle: string): string {
  const plain = handle.trim().toLowerCase().replace(/^@/, '').replace(/\/+$/, '');
  // A profile address (LinkedIn pages are often registered as one): its last path segment.
  return /^https?:\/\//.test(plain) ? (plain.split('/').pop() ?? plain).replace(/^@/, '') : plain;
}

/**
 * The account signed in at the network must be the registry's account: connecting another one
 * would let Kanaal speak as the wrong organisation. A Mastodon server may show accounts under
 * another domain than its API address, so `name@a` and `name@b` are the same name only when the
 * servers differ in address alone; the local part must always agree.
 */
function sameAccount(registry: string, verified: string): boolean {
  const a = normalHandle(registry);
  const b = normalHandle(verified);
  if (a === b) return true;
  const [localA] = a.split('@');
  const [localB] = b.split('@');
  return a.includes('@') && b.includes('@') && localA === localB;
}

/** Checks the new credentials with the network, then seals and stores them. */
async function finishConnection(ctx: AppContext, caller: Caller, channel: ChannelRow, connection: NewConnection): Promise<TConnectionStatus> {
  const connector = connectorFor(channel.network);
  if (!connector) throw unprocessable(`Kanaal cannot publish to ${channel.network} yet.`);
  const account: ConnectedAccount = {
    channelId: channel.id,
    network: channel.network,
    apiBaseUrl: connection.apiBaseUrl,
    handle: channel.handle,
    credentials: connection.credentials,
  };
  let identity: Awaited<ReturnType<typeof connector.verify>>;
  // A session opened while verifying (Bluesky) is kept, so the first post needs no new login.
  let credentials = connection.credentials;
  try {
    identity = await connector.verify(account, {
      timeoutMs: 15_000,
      allow: ctx.config.allowUrls,
      onCredentials: (renewed) => {
        credentials = renewed;
      },
    });
  } catch (error) {
    throw connectFailure(error, channel.network);
  }
  if (connectMethodFor(channel.network)?.accountIsChannel !== false && !sameAccount(channel.handle, identity.handle)) {
    throw unprocessable(
      `You signed in as ${identity.handle}, but this channel is ${channel.handle}. Sign in at ${channel.network} as ${channel.handle} and try again.`,
      [{ path: 'account', message: `signed in as ${identity.handle}` }],
    );
  }
  await ctx.db.transaction((tx) =>
    saveChannelConnection(tx, ctx.keyring, actorOf(caller), {
      channelId: channel.id,
      apiBaseUrl: connection.apiBaseUrl,
      credentials,
      remoteAccountId: identity.remoteAccountId,
      tokenExpiresAt: connection.tokenExpiresAt ?? null,
    }),
  );
  await noteConnectionOutcome(ctx.db, channel.id, null);
  return getConnectionStatus(ctx, caller, channel.id);
}

const stateHash = (state: string) => createHash('sha256').update(state).digest('hex');

/** Starts an OAuth connection: returns where to send the browser. */
export async function beginOAuthConnection(
  ctx: AppContext,
  caller: Caller,
  channelId: string,
  input: { values: Record<string, string>; lang?: string },
): Promise<{ authorizeUrl: string; expiresAt: string }> {
  const channel = await loadChannel(ctx.db, channelId);
  await requireAccess(ctx.db, caller, channel.organisationId, 'channels.connect');
  const method = connectMethodFor(channel.network);
  if (method?.kind !== 'oauth') throw unprocessable(`${channel.network} channels are not connected by signing in at the network.`);
  const values = await checkedValues(ctx, method.fields, input.values);
  const state = randomBytes(32).toString('base64url');
  let begun: Awaited<ReturnType<typeof method.begin>>;
  try {
    begun = await method.begin({
      app: oauthAppOf(ctx, channel.network),
      registrations: appRegistrations(ctx.db, ctx.keyring, channel.network),
      redirectUri: redirectUri(ctx),
      values,
      state,
      lang: input.lang,
      allow: ctx.config.allowUrls,
    });
  } catch (error) {
    throw connectFailure(error, channel.network);
  }
  const hash = stateHash(state);
  const expiresAt = new Date(Date.now() + ATTEMPT_LIFETIME_MS);
  await ctx.db.delete(connectionAttempts).where(sql`${connectionAttempts.expiresAt} < now() - interval '1 day'`);
  await ctx.db.insert(connectionAttempts).values({
    stateSha256: hash,
    channelId,
    userId: caller.userId,
    network: channel.network,
    pendingSealed: seal(ctx.keyring, JSON.stringify(begun.pending), hash),
    expiresAt,
  });
  return { authorizeUrl: begun.authorizeUrl, expiresAt: expiresAt.toISOString() };
}

export type CallbackResult = { channelId: string | null; outcome: 'connected' | 'denied' | 'expired' | 'failed'; message?: string };

/**
 * The network sent the browser back. The attempt is used up first (a code and state work once),
 * and only the person who started it can finish it.
 */
export async function completeOAuthConnection(
  ctx: AppContext,
  caller: Caller,
  query: { state?: string; code?: string; error?: string; error_description?: string },
): Promise<CallbackResult> {
  if (!query.state) return { channelId: null, outcome: 'expired' };
  const hash = stateHash(query.state);
  const [attempt] = await ctx.db
    .update(connectionAttempts)
    .set({ usedAt: sql`now()` })
    .where(and(eq(connectionAttempts.stateSha256, hash), isNull(connectionAttempts.usedAt), gt(connectionAttempts.expiresAt, sql`now()`)))
    .returning();
  if (!attempt) return { channelId: null, outcome: 'expired' };
  if (attempt.userId !== caller.userId) throw forbidden('This connection was started by someone else.');
  if (query.error || !query.code) {
    return { channelId: attempt.channelId, outcome: 'denied', message: query.error_description ?? query.error ?? 'no code came back' };
  }
  const channel = await loadChannel(ctx.db, attempt.channelId);
  await requireAccess(ctx.db, caller, channel.organisationId, 'channels.connect');
  const method = connectMethodFor(channel.network);
  if (method?.kind !== 'oauth') return { channelId: channel.id, outcome: 'failed', message: 'this network no longer connects by OAuth' };
  try {
    const pending = JSON.parse(unseal(ctx.keyring, attempt.pendingSealed, hash)) as Record<string, unknown>;
    const connection = await method.complete({ app: oauthAppOf(ctx, channel.network), pending, code: query.code, handle: channel.handle }).catch((error: unknown) => {
      throw connectFailure(error, channel.network);
    });
    await finishConnection(ctx, caller, channel, connection);
    return { channelId: channel.id, outcome: 'connected' };
  } catch (error) {
    if (error instanceof AppError) return { channelId: channel.id, outcome: 'failed', message: error.message };
    throw error;
  }
}

/**
 * What the person typed, trimmed and checked against the method's fields: required ones present
 * (400 naming `values.<field>`), addresses http(s) and not pointing into private networks — network
 * SDKs call them with their own HTTP clients, so they are checked here first.
 */
async function checkedValues(ctx: AppContext, fields: readonly FormField[], values: Record<string, string>): Promise<Record<string, string>> {
  const trimmed = Object.fromEntries(fields.map((f) => [f.name, values[f.name]?.trim() ?? '']));
  const problems = fields.flatMap((field) => {
    const value = trimmed[field.name] ?? '';
    if (field.required && value === '') return [{ path: `values.${field.name}`, message: 'required' }];
    if (value !== '' && field.type === 'url' && !URL.canParse(value)) return [{ path: `values.${field.name}`, message: 'not a web address' }];
    if (value !== '' && field.type === 'url' && !/^https?:$/.test(new URL(value).protocol)) {
      return [{ path: `values.${field.name}`, message: 'must start with https://' }];
    }
    return [];
  });
  if (problems.length > 0) throw badRequest('Some fields are missing or wrong.', problems);
  for (const field of fields.filter((f) => f.type === 'url' && trimmed[f.name])) {
    try {
      await assertReachableUrl(trimmed[field.name] ?? '', { allow: ctx.config.allowUrls });
    } catch (error) {
      const message = error instanceof UnsafeUrlError ? error.message : error instanceof Error ? error.message : String(error);
      throw badRequest('This address cannot be used.', [{ path: `values.${field.name}`, message }]);
    }
  }
  return trimmed;
}

/** Connects with what the person typed (Bluesky app password, webhook address and secret). */
export async function connectWithForm(ctx: AppContext, caller: Caller, channelId: string, values: Record<string, string>): Promise<TConnectionStatus> {
  const channel = await loadChannel(ctx.db, channelId);
  await requireAccess(ctx.db, caller, channel.organisationId, 'channels.connect');
  const method = connectMethodFor(channel.network);
  if (method?.kind !== 'form') throw unprocessable(`${channel.network} channels are connected by signing in at the network.`);
  const checked = await checkedValues(ctx, method.fields, values);
  let connection: NewConnection;
  try {
    connection = await method.connect(checked, { handle: channel.handle, allow: ctx.config.allowUrls });
  } catch (error) {
    throw connectFailure(error, channel.network);
  }
  return finishConnection(ctx, caller, channel, connection);
}

/** Checks the stored credentials with the network now and notes the outcome. */
export async function checkConnection(ctx: AppContext, caller: Caller, channelId: string): Promise<TConnectionStatus> {
  const channel = await loadChannel(ctx.db, channelId);
  await requireAccess(ctx.db, caller, channel.organisationId, 'channels.connect');
  const loaded = await loadConnectedAccount(ctx.db, ctx.keyring, channelId).catch(() => null);
  const connector = connectorFor(channel.network);
  if (!loaded || !connector) throw unprocessable('This channel is not connected.');
  try {
    await connector.verify(loaded.account, { timeoutMs: 15_000, allow: ctx.config.allowUrls });
    await noteConnectionOutcome(ctx.db, channelId, null);
  } catch (error) {
    await noteConnectionOutcome(ctx.db, channelId, connectionProblemOf(error, 'check'));
  }
  return getConnectionStatus(ctx, caller, channelId);
}

/** Forgets the channel's account (and its tokens). Publications due later will fail until reconnected. */
export async function disconnectChannel(ctx: AppContext, caller: Caller, channelId: string): Promise<TConnectionStatus> {
  const channel = await loadChannel(ctx.db, channelId);
  await requireAccess(ctx.db, caller, channel.organisationId, 'channels.connect');
  await ctx.db.transaction(async (tx) => {
    const [removed] = await tx.delete(channelConnections).where(eq(channelConnections.channelId, channelId)).returning();
    if (!removed) throw unprocessable('This channel is not connected.');
    await recordAudit(tx, actorOf(caller), {
      organisationId: channel.organisationId,
      action: 'disconnect',
      entity: 'channel',
      entityId: channel.id,
      before: { apiBaseUrl: removed.apiBaseUrl, remoteAccountId: removed.remoteAccountId },
    });
  });
  return getConnectionStatus(ctx, caller, channelId);
}
