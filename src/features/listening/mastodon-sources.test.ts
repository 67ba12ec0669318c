import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { type MastodonStreamingPeer, startMastodonStreamingPeer } from '../../../test/peers/mastodon-streaming.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { SYSTEM_ACTOR } from '../../kit/audit.js';
import { rows } from '../../kit/sql.js';
import { saveChannelConnection } from '../connections/accounts.js';
import { startListeningStreams } from './stream-loop.js';

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The one Mastodon call own-mention listening makes, as Mastodon answers it: GET
 * /api/v1/notifications?types[]=mention&since_id=… with the account's token, newest first.
 */
function startNotificationsServer(
  token: string,
): Promise<{ url: string; notifications: unknown[]; asked: string[]; close(): Promise<void> }> {
  const notifications: Array<{ id: string; type: string; status: unknown }> = [];
  const asked: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://peer');
    asked.push(`${url.pathname}${url.search}`);
    if (req.headers.authorization !== `Bearer ${token}`)
      return res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"The access token is invalid"}');
    if (url.pathname !== '/api/v1/notifications') return res.writeHead(404).end();
    const since = url.searchParams.get('since_id');
    const types = url.searchParams.getAll('types[]');
    const list = notifications
      .filter((n) => (since === null || BigInt(n.id) > BigInt(since)) && (types.length === 0 || types.includes(n.type)))
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(list));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        notifications,
        asked,
        close: () => new Promise<void>((done) => server.close(() => done())),
      }),
    ),
  );
}

const status = (id: string, acct: string, content: string) => ({
  id,
  uri: `https://elders.example/users/${acct}/statuses/${id}`,
  url: `https://elders.example/@${acct}/${id}`,
  created_at: new Date().toISOString(),
  content,
  spoiler_text: '',
  language: 'nl',
  visibility: 'public',
  account: { id: '1', username: acct, acct: `${acct}@elders.example`, display_name: acct, url: '' },
  tags: [],
  reblog: null,
});

describe('Mastodon sources: hashtag streams that resume, own-account mentions', () => {
  let t: TestApp;
  let peer: MastodonStreamingPeer;
  let org: { id: string };
  let admin: TestUser;

  beforeAll(async () => {
    peer = await startMastodonStreamingPeer({ tokens: ['stream-token'], heartbeatMs: 1000 });
    t = await createTestApp({ env: { KANAAL_ALLOW_URLS: '127.0.0.1' } });
    org = await buildOrganisation(t.ctx.db);
    admin = await buildUser(t.ctx.db, { roles: [[org.id, 'admin']] });
  });
  afterAll(async () => {
    await t?.close();
    await peer?.close();
  });

  const texts = async () =>
    (await rows<{ text: string }>(t.ctx.db, sql`SELECT text FROM mentions WHERE organisation_id = ${org.id}::uuid ORDER BY text`)).map(
      (r) => r.text,
    );

  it('follows a hashtag with the channel’s token and, after a restart, fetches what was posted meanwhile', async () => {
    const channel = await buildChannel(t.ctx.db, org.id, { network: 'mastodon', handle: '@stad@stad.example' });
    await saveChannelConnection(t.ctx.db, t.ctx.keyring, SYSTEM_ACTOR, {
      channelId: channel.id,
      apiBaseUrl: peer.url,
      credentials: { accessToken: 'stream-token' },
    });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/organisations/${org.id}/listening-sources`,
      headers: admin.headers,
      payload: { kind: 'mastodon', name: '#gent', settings: { instanceUrl: peer.url, hashtags: ['#Gent'], channelId: channel.id } },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().settings.hashtags).toEqual(['Gent']);

    const streams = startListeningStreams(t.ctx, { refreshMs: 3_600_000 });
    await waitFor(async () => peer.subscriptions().some((subs) => subs.some((s) => s.tag?.toLowerCase() === 'gent')), 'the subscription');
    peer.post({ acct: 'jan', content: '<p>Nieuw fietspad in <a href="#">#gent</a></p>', tags: ['gent'] });
    peer.post({ acct: 'jan', content: '<p>Over iets anders</p>', tags: ['brugge'] });
    await waitFor(async () => (await texts()).length === 1, 'the streamed status');
    await streams.stop();

    peer.post({ acct: 'an@elders.example', content: '<p>Markt op zondag #gent</p>', tags: ['gent'] });
    peer.post({ acct: 'piet', content: '<p>Wegenwerken #Gent</p>', tags: ['Gent'] });
    const again = startListeningStreams(t.ctx, { refreshMs: 3_600_000 });
    await waitFor(async () => (await texts()).length === 3, 'the statuses posted while stopped');
    await again.stop();
    expect(await texts()).toEqual(['Markt op zondag #gent', 'Nieuw fietspad in #gent', 'Wegenwerken #Gent']);
    expect(peer.requests.some((r) => r.startsWith('GET /api/v1/timelines/tag/Gent?min_id='))).toBe(true);
    expect(peer.upgrades.every((u) => u.authorization === 'Bearer stream-token')).toBe(true);
  });

  it('reads mentions of a connected Mastodon channel from its notifications, from the last one seen', async () => {
    const other = await buildOrganisation(t.ctx.db);
    const chief = await buildUser(t.ctx.db, { roles: [[other.id, 'editor_in_chief']] });
    const server = await startNotificationsServer('own-token');
    try {
      const channel = await buildChannel(t.ctx.db, other.id, { network: 'mastodon', handle: '@gemeente@stad.example' });
      await saveChannelConnection(t.ctx.db, t.ctx.keyring, SYSTEM_ACTOR, {
        channelId: channel.id,
        apiBaseUrl: server.url,
        credentials: { accessToken: 'own-token' },
      });
      server.notifications.push({ id: '7', type: 'mention', status: status('101', 'jan', '<p>@gemeente wanneer ophaling?</p>') });
      server.notifications.push({ id: '8', type: 'favourite', status: status('102', 'an', '<p>Niet relevant</p>') });
      const created = await t.app.inject({
        method: 'POST',
        url: `/api/organisations/${other.id}/listening-sources`,
        headers: chief.headers,
        payload: { kind: 'own_mentions', name: 'Over ons' },
      });
      const sourceId = created.json().id as string;
      const poll = () => t.app.inject({ method: 'POST', url: `/api/listening-sources/${sourceId}/poll`, headers: chief.headers });

      expect((await poll()).json()).toMatchObject({ received: 1, stored: 1, error: null });
      server.notifications.push({ id: '9', type: 'mention', status: status('103', 'piet', '<p>Bedankt @gemeente!</p>') });
      expect((await poll()).json()).toMatchObject({ received: 1, stored: 1, error: null });
      expect(server.asked[server.asked.length - 1]).toContain('since_id=7');

      const stored = await rows<{ text: string; kind: string; author: string }>(
        t.ctx.db,
        sql`SELECT text, kind, author FROM mentions WHERE organisation_id = ${other.id}::uuid ORDER BY text`,
      );
      expect(stored).toEqual([
        { text: '@gemeente wanneer ophaling?', kind: 'own_mentions', author: '@jan@elders.example' },
        { text: 'Bedankt @gemeente!', kind: 'own_mentions', author: '@piet@elders.example' },
      ]);

      // A revoked token is a plain error on the source.
      await saveChannelConnection(t.ctx.db, t.ctx.keyring, SYSTEM_ACTOR, {
        channelId: channel.id,
        apiBaseUrl: server.url,
        credentials: { accessToken: 'revoked' },
      });
      const failed = (await poll()).json();
      expect(failed.error).toBe(`${channel.handle}: the account refused access (reconnect the channel)`);
      expect(failed.source.state).toMatchObject({
        lastError: failed.error,
        lastErrorCode: 'access_refused',
        lastErrorParams: { channel: channel.handle },
      });
    } finally {
      await server.close();
    }
  });
});
