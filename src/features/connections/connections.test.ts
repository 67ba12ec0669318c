import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { type MastodonPeer, startMastodonPeer } from '../../../test/peers/mastodon/server.js';
import { startWebhookPeer } from '../../../test/peers/webhook.js';
import { startXPeer, type XPeer } from '../../../test/peers/x/server.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { SYSTEM_ACTOR } from '../../kit/audit.js';
import { unseal } from '../../kit/crypto.js';
import { rows } from '../../kit/sql.js';
import { loadConnectedAccount, saveChannelConnection } from './accounts.js';
import { drainDuePublications } from '../publishing/jobs.js';
import { publications } from '../publishing/schema.js';
import { schedulePublication } from '../publishing/service.js';
import { callerOf } from '../publishing/test-fixtures.js';
import { renewExpiringTokens } from './jobs.js';
import { channelConnections } from './schema.js';

describe('connecting channels by OAuth, renewing tokens, channel health', () => {
  let t: TestApp;
  let mastodon: MastodonPeer;
  let x: XPeer;
  let org: { id: string };
  let chief: TestUser;
  let communicator: TestUser;
  let otherChief: TestUser;

  beforeAll(async () => {
    mastodon = await startMastodonPeer();
    x = await startXPeer();
    const xClient = x.createClient({ redirectUris: ['http://localhost:0/api/connections/oauth/callback'], secret: true });
    t = await createTestApp({
      env: {
        KANAAL_ALLOW_URLS: '127.0.0.1',
        KANAAL_OAUTH_APPS: JSON.stringify({
          x: { clientId: xClient.clientId, clientSecret: xClient.clientSecret, authorizeBaseUrl: x.url, apiBaseUrl: x.url },
        }),
      },
    });
    org = await buildOrganisation(t.ctx.db);
    chief = await buildUser(t.ctx.db, { roles: [[org.id, 'editor_in_chief']] });
    communicator = await buildUser(t.ctx.db, { roles: [[org.id, 'communicator']] });
    otherChief = await buildUser(t.ctx.db, { roles: [[org.id, 'editor_in_chief']] });
  });
  afterAll(async () => {
    await mastodon?.close();
    await x?.close();
    await t?.close();
  });

  const start = (channelId: string, user: TestUser, body: object = {}) =>
    t.app.inject({ method: 'POST', url: `/api/channels/${channelId}/connection/oauth`, headers: user.headers, payload: body });

  /** Follows the network's authorize page (which approves at once) back to Kanaal's callback. */
  async function comeBack(authorizeUrl: string, user: TestUser) {
    const atNetwork = await fetch(authorizeUrl, { redirect: 'manual' });
    expect(atNetwork.status).toBe(302);
    const back = new URL(atNetwork.headers.get('location') ?? '');
    const reply = await t.app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: user.headers });
    expect(reply.statusCode, reply.body).toBe(302);
    return { location: new URL(reply.headers.location as string, 'http://kanaal'), callbackUrl: `${back.pathname}${back.search}` };
  }

  const status = async (channelId: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/channels/${channelId}/connection`, headers: chief.headers })).json();

  it('connects a Mastodon channel: one app registration per instance, state used once, token sealed', async () => {
    const first = mastodon.createAccount({ username: 'stadgent' });
    const channel = await buildChannel(t.ctx.db, org.id, { network: 'mastodon', handle: `@stadgent@${mastodon.domain}` });
    expect((await status(channel.id)).health).toBe('not_connected');
    expect((await start(channel.id, communicator, { values: { instanceUrl: mastodon.url } })).statusCode).toBe(403);
    const missing = await start(channel.id, chief);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields).toEqual([{ path: 'values.instanceUrl', message: 'required' }]);

    mastodon.settings.authorizeAs = 'stadgent';
    const appsBefore = mastodon.state.apps.size;
    const started = await start(channel.id, chief, { values: { instanceUrl: mastodon.url } });
    expect(started.statusCode, started.body).toBe(200);
    const { location, callbackUrl } = await comeBack(started.json().authorizeUrl, chief);
    expect(location.pathname).toBe('/channels/health');
    expect(Object.fromEntries(location.searchParams)).toEqual({ connection: 'connected', channel: channel.id });

    const connected = await status(channel.id);
    expect(connected).toMatchObject({ health: 'ok', connection: { remoteAccountId: first.account.id, tokenExpiresAt: null, canRefresh: false } });
    expect(connected.connection.connectedBy.id).toBe(chief.user.id);
    const [row] = await t.ctx.db.select().from(channelConnections).where(eq(channelConnections.channelId, channel.id));
    expect(row?.credentialsSealed).not.toContain('access');
    const loaded = await loadConnectedAccount(t.ctx.db, t.ctx.keyring, channel.id);
    expect(mastodon.state.tokens.get(String(loaded?.account.credentials.accessToken))?.accountId).toBe(first.account.id);

    // The same state cannot connect twice.
    const replayed = await t.app.inject({ method: 'GET', url: callbackUrl, headers: chief.headers });
    expect(new URL(replayed.headers.location as string, 'http://kanaal').searchParams.get('connection')).toBe('expired');

    // A second channel on the same instance reuses the registration.
    mastodon.createAccount({ username: 'gentinfo' });
    const second = await buildChannel(t.ctx.db, org.id, { network: 'mastodon', handle: `@gentinfo@${mastodon.domain}` });
    mastodon.settings.authorizeAs = 'gentinfo';
    const again = await comeBack((await start(second.id, chief, { values: { instanceUrl: mastodon.url } })).json().authorizeUrl, chief);
    expect(again.location.searchParams.get('connection')).toBe('connected');
    expect(mastodon.state.apps.size).toBe(appsBefore + 1);
  });

  it('refuses an account other than the registry’s, and an attempt someone else started', async () => {
    mastodon.createAccount({ username: 'impostor' });
    const channel = await buildChannel(t.ctx.db, org.id, { network: 'mastodon', handle: `@brugge@${mastodon.domain}` });
    mastodon.settings.authorizeAs = 'impostor';
    const wrong = await comeBack((await start(channel.id, chief, { values: { instanceUrl: mastodon.url } })).json().authorizeUrl, chief);
    expect(wrong.location.searchParams.get('connection')).toBe('failed');
    expect(wrong.location.searchParams.get('message')).toContain('You signed in as @impostor@');
    expect((await status(channel.id)).health).toBe('not_connected');

    mastodon.createAccount({ username: 'brugge' });
    mastodon.settings.authorizeAs = 'brugge';
    const started = (await start(channel.id, chief, { values: { instanceUrl: mastodon.url } })).json();
    const atNetwork = await fetch(started.authorizeUrl, { redirect: 'manual' });
    const back = new URL(atNetwork.headers.get('location') ?? '');
    const stolen = await t.app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: otherChief.headers });
    expect(stolen.statusCode).toBe(403);
    expect((await status(channel.id)).health).toBe('not_connected');
  });

  it('connects X with PKCE, renews at half-life with the rotated refresh token, and shows a failed renewal', async () => {
    const gent = x.createUser({ username: 'stadgent_x', name: 'Stad Gent' });
    const channel = await buildChannel(t.ctx.db, org.id, { network: 'x', handle: '@stadgent_x' });
    x.settings.authorizeAs = 'stadgent_x';
    const started = await start(channel.id, chief);
    expect(started.statusCode, started.body).toBe(200);
    expect(new URL(started.json().authorizeUrl).searchParams.get('code_challenge_method')).toBe('S256');
    const { location } = await comeBack(started.json().authorizeUrl, chief);
    expect(location.searchParams.get('connection'), location.searchParams.get('message') ?? '').toBe('connected');
    const connected = await status(channel.id);
    expect(connected).toMatchObject({ health: 'ok', connection: { remoteAccountId: gent.user.id, canRefresh: true } });
    const expiresIn = Date.parse(connected.connection.tokenExpiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(7000_000);
    expect(expiresIn).toBeLessThanOrEqual(7200_000);

    const before = (await loadConnectedAccount(t.ctx.db, t.ctx.keyring, channel.id))?.account.credentials;
    expect(await renewExpiringTokens(t.ctx)).toEqual({ renewed: 0, failed: 0, skipped: 0 });
    // Past half its life, the token is renewed and X's rotated refresh token replaces the spent one.
    await t.ctx.db
      .update(channelConnections)
      .set({ tokenIssuedAt: sql`now() - interval '61 minutes'`, tokenExpiresAt: sql`now() + interval '59 minutes'` })
      .where(eq(channelConnections.channelId, channel.id));
    expect(await renewExpiringTokens(t.ctx)).toMatchObject({ renewed: 1, failed: 0 });
    const after = (await loadConnectedAccount(t.ctx.db, t.ctx.keyring, channel.id))?.account.credentials;
    expect(after?.refreshToken).not.toBe(before?.refreshToken);
    expect(after?.accessToken).not.toBe(before?.accessToken);
    expect(x.state.refreshTokens.get(String(before?.refreshToken))?.used).toBe(true);
    expect(Date.parse((await status(channel.id)).connection.tokenExpiresAt) - Date.now()).toBeGreaterThan(7000_000);

    // An access token refused while publishing: the worker renews once, stores it, and sends.
    const renewedBefore = (await loadConnectedAccount(t.ctx.db, t.ctx.keyring, channel.id))?.account.credentials;
    const publication = await t.ctx.db.transaction((tx) =>
      schedulePublication(tx, callerOf(chief), { channelId: channel.id, text: 'Het stadhuis is open.', dueAt: new Date(Date.now() - 1000) }),
    );
    x.faults.add({ kind: 'expiredToken', method: 'POST', path: '/2/tweets' });
    expect(await drainDuePublications(t.ctx)).toBe(1);
    const [sent] = await t.ctx.db.select().from(publications).where(eq(publications.id, publication.id));
    expect(sent?.state).toBe('published');
    expect(x.state.tweetsOf(gent.user.id)).toHaveLength(1);
    const renewedAfter = (await loadConnectedAccount(t.ctx.db, t.ctx.keyring, channel.id))?.account.credentials;
    expect(renewedAfter?.refreshToken).not.toBe(renewedBefore?.refreshToken);

    // A refresh token X no longer accepts: the health page says so, with the expiry.
    await t.ctx.db
      .update(channelConnections)
      .set({ tokenIssuedAt: sql`now() - interval '61 minutes'`, tokenExpiresAt: sql`now() + interval '59 minutes'` })
      .where(eq(channelConnections.channelId, channel.id));
    x.state.refreshTokens.clear();
    expect(await renewExpiringTokens(t.ctx)).toMatchObject({ renewed: 0, failed: 1 });
    const failing = await status(channel.id);
    expect(failing.health).toBe('failing');
    expect(failing.connection.lastError).toMatch(
      /^the access could not be renewed \(.+\); reconnect the channel before \d{4}-\d\d-\d\d \d\d:\d\d UTC$/,
    );
    expect(failing.connection.lastErrorCode).toBe('renewal_failed');
    expect(failing.connection.lastErrorParams).toEqual({ message: expect.any(String), expiresAt: failing.connection.tokenExpiresAt });
  });

  it('records why a check failed as a code with the network’s words next to the English, and a success clears all of it', async () => {
    mastodon.createAccount({ username: 'antwerpen' });
    const channel = await buildChannel(t.ctx.db, org.id, { network: 'mastodon', handle: `@antwerpen@${mastodon.domain}` });
    mastodon.settings.authorizeAs = 'antwerpen';
    const { location } = await comeBack(
      (await start(channel.id, chief, { values: { instanceUrl: mastodon.url } })).json().authorizeUrl,
      chief,
    );
    expect(location.searchParams.get('connection')).toBe('connected');
    const check = async () => {
      const res = await t.app.inject({ method: 'POST', url: `/api/channels/${channel.id}/connection/check`, headers: chief.headers });
      expect(res.statusCode, res.body).toBe(200);
      return res.json();
    };
    const stored = async () => {
      const [row] = await t.ctx.db.select().from(channelConnections).where(eq(channelConnections.channelId, channel.id));
      return [row?.lastError, row?.lastErrorCode, row?.lastErrorParams];
    };
    const verifyPath = '/api/v1/accounts/verify_credentials';

    mastodon.faults.add({ kind: 'expiredToken', method: 'GET', path: verifyPath });
    const refused = await check();
    const english = 'the network no longer accepts the channel’s access (The access token expired); reconnect the channel';
    const problem = { lastErrorCode: 'credentials_refused', lastErrorParams: { message: 'The access token expired' } };
    expect(refused).toMatchObject({ health: 'failing', connection: { lastError: english, ...problem } });
    expect(await stored()).toEqual([english, problem.lastErrorCode, problem.lastErrorParams]);
    // The list the health page reads carries them too.
    const listed = await t.app.inject({
      method: 'GET',
      url: `/api/channel-health?organisationId=${org.id}`,
      headers: communicator.headers,
    });
    expect(listed.json().find((s: { channelId: string }) => s.channelId === channel.id).connection).toMatchObject(problem);

    mastodon.faults.add({ kind: 'status429', method: 'GET', path: verifyPath, retryAfterSeconds: 42 });
    expect((await check()).connection).toMatchObject({
      lastError: 'the network asks Kanaal to wait 42 s before calling again (Too many requests)',
      lastErrorCode: 'rate_limited_wait',
      lastErrorParams: { seconds: 42, message: 'Too many requests' },
    });

    const worked = await check();
    expect(worked).toMatchObject({
      health: 'ok',
      connection: { lastError: null, lastErrorCode: null, lastErrorParams: null, lastErrorAt: null },
    });
    expect(worked.connection.lastSuccessAt).not.toBeNull();
    expect(await stored()).toEqual([null, null, null]);
  });

  it('never drops a stored refresh token when the same account reconnects without one', async () => {
    const channel = await buildChannel(t.ctx.db, org.id, { network: 'x', handle: '@kept' });
    const save = (credentials: Record<string, unknown>, remoteAccountId: string) =>
      t.ctx.db.transaction((tx) =>
        saveChannelConnection(tx, t.ctx.keyring, SYSTEM_ACTOR, { channelId: channel.id, apiBaseUrl: x.url, credentials, remoteAccountId }),
      );
    const credentials = async () => {
      const [row] = await t.ctx.db.select().from(channelConnections).where(eq(channelConnections.channelId, channel.id));
      return JSON.parse(unseal(t.ctx.keyring, row?.credentialsSealed ?? '', channel.id));
    };
    await save({ accessToken: 'a1', refreshToken: 'r1' }, '42');
    await save({ accessToken: 'a2' }, '42');
    expect(await credentials()).toEqual({ accessToken: 'a2', refreshToken: 'r1' });
    await save({ accessToken: 'a3', refreshToken: 'r3' }, '42');
    expect(await credentials()).toEqual({ accessToken: 'a3', refreshToken: 'r3' });
    // Another account's refresh token is not this one's to keep.
    await save({ accessToken: 'b1' }, '99');
    expect(await credentials()).toEqual({ accessToken: 'b1' });
  });

  it('connects a webhook channel with its address and shared secret, checked by a signed ping', async () => {
    const receiver = await startWebhookPeer({ secret: 'k'.repeat(40) });
    try {
      const channel = await buildChannel(t.ctx.db, org.id, { network: 'website', handle: 'stad.gent/nieuws' });
      const connect = (values: Record<string, string>) =>
        t.app.inject({ method: 'POST', url: `/api/channels/${channel.id}/connection/form`, headers: chief.headers, payload: { values } });
      expect((await connect({ url: receiver.url, secret: 'short' })).json().error.message).toContain('at least 32 characters');
      const refused = await connect({ url: receiver.url, secret: 'w'.repeat(40) });
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.message).toContain('did not accept these credentials');
      const connected = await connect({ url: receiver.url, secret: 'k'.repeat(40) });
      expect(connected.statusCode, connected.body).toBe(200);
      expect(connected.json()).toMatchObject({ health: 'ok', connection: { apiBaseUrl: receiver.url } });
    } finally {
      await receiver.close();
    }
  });

  it('lists every visible channel with its health, and disconnects with an audit entry', async () => {
    const youtube = await buildChannel(t.ctx.db, org.id, { network: 'youtube', handle: '@gentyt' });
    const list = await t.app.inject({ method: 'GET', url: `/api/channel-health?organisationId=${org.id}`, headers: communicator.headers });
    expect(list.statusCode).toBe(200);
    const byHandle = new Map(list.json().map((s: { handle: string; health: string }) => [s.handle, s.health]));
    expect(byHandle.get('@gentyt')).toBe('unsupported');
    expect(byHandle.get('@stadgent_x')).toBe('failing');
    expect(byHandle.get(`@stadgent@${mastodon.domain}`)).toBe('ok');
    const mastodonChannel = list.json().find((s: { handle: string }) => s.handle === `@stadgent@${mastodon.domain}`);
    expect(mastodonChannel.method).toMatchObject({ kind: 'oauth', fields: [{ name: 'instanceUrl', required: true }], configured: true });
    expect(list.json().find((s: { channelId: string }) => s.channelId === youtube.id).method).toBeNull();

    expect((await t.app.inject({ method: 'DELETE', url: `/api/channels/${mastodonChannel.channelId}/connection`, headers: communicator.headers })).statusCode).toBe(403);
    const gone = await t.app.inject({ method: 'DELETE', url: `/api/channels/${mastodonChannel.channelId}/connection`, headers: chief.headers });
    expect(gone.json().health).toBe('not_connected');
    const audit = await rows(t.ctx.db, sql`SELECT actor_user_id FROM audit_log WHERE action = 'disconnect' AND entity_id = ${mastodonChannel.channelId}`);
    expect(audit).toEqual([{ actor_user_id: chief.user.id }]);
  });
});
