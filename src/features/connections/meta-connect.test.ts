import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildChannel, buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { type MetaPeer, startMetaPeer } from '../../../test/peers/meta/server.js';
import type { MetaApp } from '../../../test/peers/meta/store.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import type { OAuthApp, OAuthConnect } from '../../networks/connect.js';
import { ConnectorError } from '../../networks/connector.js';
import { facebookConnect, instagramConnect, pageKeyOf, threadsConnect } from '../../networks/meta/connect.js';
import { facebookConnector } from '../../networks/meta/facebook.js';
import { loadConnectedAccount } from './accounts.js';

const CALLBACK = 'http://localhost:0/api/connections/oauth/callback';
const DAY = 86_400_000;

// Until registry.ts lists the Meta connect methods (then these lines do nothing).

describe('connecting Facebook Pages, Instagram and Threads accounts by OAuth', () => {
  let meta: MetaPeer;
  let apps: Record<'facebook' | 'instagram' | 'threads', MetaApp>;
  let t: TestApp;
  let org: { id: string };
  let chief: TestUser;

  const configured = (app: MetaApp) => ({
    clientId: app.clientId,
    clientSecret: app.clientSecret,
    authorizeBaseUrl: meta.url,
    apiBaseUrl: meta.url,
  });

  beforeAll(async () => {
    meta = await startMetaPeer();
    apps = {
      facebook: meta.createApp({ product: 'facebook', redirectUris: [CALLBACK] }),
      instagram: meta.createApp({ product: 'instagram', redirectUris: [CALLBACK] }),
      threads: meta.createApp({ product: 'threads', redirectUris: [CALLBACK] }),
    };
    t = await createTestApp({
      env: {
        KANAAL_ALLOW_URLS: '127.0.0.1',
        KANAAL_OAUTH_APPS: JSON.stringify({
          facebook: configured(apps.facebook),
          instagram: configured(apps.instagram),
          threads: configured(apps.threads),
        }),
      },
    });
    org = await buildOrganisation(t.ctx.db);
    chief = await buildUser(t.ctx.db, { roles: [[org.id, 'editor_in_chief']] });
  });
  afterAll(async () => {
    await t?.close();
    await meta?.close();
  });
  beforeEach(() => {
    meta.settings.deny = false;
  });

  async function connect(channelId: string) {
    const started = await t.app.inject({
      method: 'POST',
      url: `/api/channels/${channelId}/connection/oauth`,
      headers: chief.headers,
      payload: { values: {} },
    });
    expect(started.statusCode, started.body).toBe(200);
    const atNetwork = await fetch(started.json().authorizeUrl, { redirect: 'manual' });
    expect(atNetwork.status, await atNetwork.clone().text()).toBe(302);
    const back = new URL(atNetwork.headers.get('location') ?? '');
    const reply = await t.app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: chief.headers });
    return new URL(reply.headers.location as string, 'http://kanaal').searchParams;
  }

  const statusOf = async (channelId: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/channels/${channelId}/connection`, headers: chief.headers })).json();
  const check = async (channelId: string) =>
    (await t.app.inject({ method: 'POST', url: `/api/channels/${channelId}/connection/check`, headers: chief.headers })).json();

  it('picks the Facebook Page the channel names among those the person manages, with a Page token that does not expire', async () => {
    const brugge = meta.createPage({ name: 'Brugge', username: 'brugge' });
    const gent = meta.createPage({ name: 'Stad Gent', username: 'stadgent' });
    const person = meta.createFacebookUser({ name: 'An Peeters', pages: [brugge.subject, gent.subject] });
    meta.settings.authorizeAs = person.id;

    const channel = await buildChannel(t.ctx.db, org.id, { network: 'facebook', handle: '@stadgent' });
    const result = await connect(channel.id);
    expect(result.get('connection'), result.get('message') ?? '').toBe('connected');
    const loaded = await loadConnectedAccount(t.ctx.db, t.ctx.keyring, channel.id);
    expect(loaded?.account.credentials).toEqual({ pageId: gent.subject.id, pageAccessToken: expect.any(String) });
    expect(loaded?.account.apiBaseUrl).toBe(meta.url);
    expect(await statusOf(channel.id)).toMatchObject({
      health: 'ok',
      connection: { remoteAccountId: gent.subject.id, tokenExpiresAt: null, canRefresh: false },
    });

    // Long after the user tokens of the sign-in would have run out, the Page token still posts.
    meta.advanceClock(3 * 3600_000);
    expect(await check(channel.id)).toMatchObject({ health: 'ok', connection: { lastError: null } });
    const account = loaded?.account;
    if (!account) throw new Error('not connected');
    const post = await facebookConnector.publish(account, { idempotencyKey: 'k1', text: 'Dag Gent', media: [] });
    expect(meta.state.posts.get(post.remoteId)).toMatchObject({ pageId: gent.subject.id, message: 'Dag Gent' });

    // A Page registered by its address (profile.php?id=…), as Pages without a username are.
    const byAddress = await buildChannel(t.ctx.db, org.id, {
      network: 'facebook',
      handle: `https://www.facebook.com/profile.php?id=${brugge.subject.id}`,
    });
    expect((await connect(byAddress.id)).get('connection')).toBe('connected');
    expect((await loadConnectedAccount(t.ctx.db, t.ctx.keyring, byAddress.id))?.account.credentials.pageId).toBe(brugge.subject.id);

    const other = await buildChannel(t.ctx.db, org.id, { network: 'facebook', handle: 'antwerpen' });
    const refused = await connect(other.id);
    expect(refused.get('connection')).toBe('failed');
    expect(refused.get('message')).toContain('this Facebook account manages Brugge (@brugge), Stad Gent (@stadgent) — not antwerpen');
    expect((await statusOf(other.id)).connection).toBeNull();
  });

  it('refuses a Page the person may not post on, and a refusal at Facebook', async () => {
    const page = meta.createPage({ name: 'Stad Oostende', username: 'oostende' });
    const analyst = meta.createFacebookUser({ name: 'Jan Analist', pages: [{ page: page.subject, tasks: ['ANALYZE'] }] });
    meta.settings.authorizeAs = analyst.id;
    const channel = await buildChannel(t.ctx.db, org.id, { network: 'facebook', handle: 'https://www.facebook.com/oostende/' });
    const refused = await connect(channel.id);
    expect(refused.get('connection')).toBe('failed');
    expect(refused.get('message')).toContain('may not post as Stad Oostende (@oostende)');

    meta.settings.deny = true;
    const denied = await connect(channel.id);
    expect(denied.get('connection')).toBe('denied');
    expect(denied.get('message')).toBe('Permissions error');
  });

  it('connects an Instagram account with a 60-day token that Kanaal can renew', async () => {
    const ig = meta.createInstagramUser({ username: 'stadgent', name: 'Stad Gent' });
    meta.settings.authorizeAs = ig.subject.id;
    const channel = await buildChannel(t.ctx.db, org.id, { network: 'instagram', handle: 'https://www.instagram.com/stadgent/' });
    const result = await connect(channel.id);
    expect(result.get('connection'), result.get('message') ?? '').toBe('connected');
    const loaded = await loadConnectedAccount(t.ctx.db, t.ctx.keyring, channel.id);
    // All 17 digits: the id comes as a JSON number too large for a double.
    expect(loaded?.account.credentials).toEqual({
      igUserId: ig.subject.id,
      accessToken: expect.any(String),
      expiresAt: expect.any(String),
    });
    expect(loaded?.account.credentials.accessToken).not.toBe(ig.accessToken);
    const status = await statusOf(channel.id);
    expect(status).toMatchObject({ health: 'ok', connection: { remoteAccountId: ig.subject.id, canRefresh: true } });
    const expiresIn = Date.parse(status.connection.tokenExpiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(59 * DAY);
    expect(expiresIn).toBeLessThan(61 * DAY);
    expect(Date.parse(String(loaded?.account.credentials.expiresAt))).toBe(Date.parse(status.connection.tokenExpiresAt));

    // The long-lived token outlives the hour of the one the code gave.
    meta.advanceClock(2 * 3600_000);
    expect(await check(channel.id)).toMatchObject({ health: 'ok', connection: { lastError: null } });
  });

  it('connects a Threads profile with a 60-day token, and refuses another profile than the channel', async () => {
    const th = meta.createThreadsUser({ username: 'stadgent', name: 'Stad Gent' });
    meta.settings.authorizeAs = th.subject.id;
    const channel = await buildChannel(t.ctx.db, org.id, { network: 'threads', handle: '@stadgent' });
    const result = await connect(channel.id);
    expect(result.get('connection'), result.get('message') ?? '').toBe('connected');
    const loaded = await loadConnectedAccount(t.ctx.db, t.ctx.keyring, channel.id);
    expect(loaded?.account.credentials).toEqual({
      threadsUserId: th.subject.id,
      accessToken: expect.any(String),
      expiresAt: expect.any(String),
    });
    const status = await statusOf(channel.id);
    expect(status).toMatchObject({ health: 'ok', connection: { remoteAccountId: th.subject.id, canRefresh: true } });
    expect(Date.parse(status.connection.tokenExpiresAt) - Date.now()).toBeGreaterThan(59 * DAY);

    const brugge = await buildChannel(t.ctx.db, org.id, { network: 'threads', handle: '@brugge' });
    const refused = await connect(brugge.id);
    expect(refused.get('connection')).toBe('failed');
    expect(refused.get('message')).toContain('You signed in as @stadgent');
  });

  describe('token exchanges against the peer, without Kanaal', () => {
    async function codeFor(method: OAuthConnect, app: OAuthApp) {
      const begun = await method.begin({
        app,
        registrations: { find: async () => null, save: async () => undefined },
        redirectUri: CALLBACK,
        values: {},
        state: 'xyz',
      });
      const location = (await fetch(begun.authorizeUrl, { redirect: 'manual' })).headers.get('location') ?? '';
      const back = new URL(location);
      expect(back.searchParams.get('state')).toBe('xyz');
      return { code: back.searchParams.get('code') ?? '', pending: begun.pending };
    }
    const failure = (promise: Promise<unknown>) =>
      promise.then(
        () => {
          throw new Error('expected a failure');
        },
        (error: unknown) => {
          expect(error).toBeInstanceOf(ConnectorError);
          return error as ConnectorError;
        },
      );

    it('uses a code once, and says what Meta refused', async () => {
      const page = meta.createPage({ name: 'Gentse Feesten', username: 'gentsefeesten' });
      meta.settings.authorizeAs = meta.createFacebookUser({ name: 'Els', pages: [page.subject] }).id;
      const app = { ...configured(apps.facebook), redirectUri: CALLBACK };
      const { code, pending } = await codeFor(facebookConnect, app);
      const done = await facebookConnect.complete({ app, pending, code, handle: '@gentsefeesten' });
      expect(done.credentials.pageId).toBe(page.subject.id);
      const again = await failure(facebookConnect.complete({ app, pending, code, handle: '@gentsefeesten' }));
      expect(again).toMatchObject({ kind: 'rejected', message: 'exchanging the code: This authorization code has been used.' });

      const fresh = await codeFor(facebookConnect, app);
      const badSecret = await failure(facebookConnect.complete({ app: { ...app, clientSecret: 'wrong' }, ...fresh, handle: 'x' }));
      expect(badSecret).toMatchObject({ kind: 'rejected', message: 'exchanging the code: Error validating client secret.' });
      const otherRedirect = await failure(
        facebookConnect.complete({ app, pending: { redirectUri: `${CALLBACK}/x` }, code: fresh.code, handle: 'x' }),
      );
      expect(otherRedirect.message).toContain('redirect_uri is identical');

      meta.settings.authorizeAs = meta.createInstagramUser({ username: 'feesten' }).subject.id;
      const igApp = { ...configured(apps.instagram), redirectUri: CALLBACK };
      const ig = await codeFor(instagramConnect, igApp);
      // Instagram's own error shape ({error_type, code, error_message}) is read as well.
      const igBadSecret = await failure(instagramConnect.complete({ app: { ...igApp, clientSecret: 'wrong' }, ...ig, handle: 'x' }));
      expect(igBadSecret).toMatchObject({ kind: 'rejected', message: 'exchanging the code: Error validating client secret.' });

      const unset = await failure(
        threadsConnect.begin({
          app: null,
          registrations: { find: async () => null, save: async () => undefined },
          redirectUri: CALLBACK,
          values: {},
          state: 's',
        }),
      );
      expect(unset.message).toContain('KANAAL_OAUTH_APPS.threads');
    });

    it('reads a Page out of the handles people register', () => {
      expect(pageKeyOf('@StadGent')).toBe('stadgent');
      expect(pageKeyOf('https://www.facebook.com/stadgent/')).toBe('stadgent');
      expect(pageKeyOf('facebook.com/stadgent')).toBe('stadgent');
      expect(pageKeyOf('https://www.facebook.com/profile.php?id=61550000000001')).toBe('61550000000001');
      expect(pageKeyOf('https://www.facebook.com/pages/Stad-Gent/123456789')).toBe('123456789');
      expect(pageKeyOf('Stad Gent')).toBe('stad gent');
    });
  });
});
