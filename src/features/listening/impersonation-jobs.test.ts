import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { type MastodonPeer, startMastodonPeer } from '../../../test/peers/mastodon/server.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import type { TChannelScanStatus } from './impersonation-schemas.js';

/** "Scan now" and the daily scan, through the real job queue (pg-boss) and an instance that lets anyone search. */
describe('impersonation scan jobs', () => {
  let t: TestApp;
  let peer: MastodonPeer;
  let org: { id: string };
  let manager: TestUser;
  let channel: { id: string };

  beforeAll(async () => {
    peer = await startMastodonPeer();
    t = await createTestApp({ queue: true, env: { KANAAL_ALLOW_URLS: '127.0.0.1' } });
    org = await buildOrganisation(t.ctx.db, { name: 'Stad Gent' });
    manager = await buildUser(t.ctx.db, { roles: [[org.id, 'editor_in_chief']] });
    peer.createAccount({ username: 'stadgent', displayName: 'Stad Gent' });
    peer.createAccount({ username: 'stadgent_info', displayName: 'Info' });
    // The same user name on another instance, known to this one.
    peer.createAccount({ username: 'stadgent', displayName: 'Gent', domain: 'evil.example' });
    channel = await buildChannel(t.ctx.db, org.id, {
      network: 'mastodon',
      handle: `@stadgent@${peer.domain}`,
      displayName: 'Stad Gent',
      profileUrl: `${peer.url}/@stadgent`,
    });
  });
  afterAll(async () => {
    await t?.close();
    await peer?.close();
  });

  const scans = async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/organisations/${org.id}/impersonation/scans`, headers: manager.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as TChannelScanStatus[];
  };
  const waitForScans = async (count: number) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const [status] = await scans();
      if (status?.lastScan?.finishedAt && !status.lastScan.running && peer.state.requests.filter((r) => r.path === '/api/v2/search').length >= count)
        return status;
      if (Date.now() > deadline) throw new Error(`scan did not finish: ${JSON.stringify(status)}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };

  it('is scheduled daily, and "scan now" answers at once and runs in the queue', async () => {
    const schedules = (await t.ctx.queue?.boss.getSchedules()) ?? [];
    const crons = schedules.map((s: { name: string; cron: string }) => [s.name, s.cron]);
    expect(crons).toContainEqual(['impersonation-scan-daily', '41 4 * * *']);
    expect(crons).toContainEqual(['listening-claims-check', '* * * * *']);

    expect((await scans())[0]).toMatchObject({ channelId: channel.id, lastScan: null });
    const res = await t.app.inject({ method: 'POST', url: `/api/organisations/${org.id}/impersonation/scan`, headers: manager.headers });
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toEqual({ queued: true, channels: 1 });
    const status = await waitForScans(1);
    expect(status.lastScan).toMatchObject({ ok: true, error: null, candidates: 2 });
    expect(status.lastScan?.requestedAt).not.toBeNull();

    const list = await t.app.inject({ method: 'GET', url: `/api/organisations/${org.id}/impersonation-candidates`, headers: manager.headers });
    expect(list.json().candidates.map((c: { handle: string; evidence: Array<{ reasons: string[] }> }) => [c.handle, c.evidence[0]?.reasons])).toEqual([
      ['@stadgent@evil.example', ['same name on another instance']],
      [`@stadgent_info@${peer.domain}`, ['added word: info', 'separators differ']],
    ]);
  });

  it('the daily job queues one scan per organisation with Mastodon or Bluesky channels', async () => {
    const before = peer.state.requests.filter((r) => r.path === '/api/v2/search').length;
    await t.ctx.queue?.send('impersonation-scan-daily', {});
    const status = await waitForScans(before + 1);
    expect(status.lastScan).toMatchObject({ ok: true, candidates: 2 });
  });

  it('refuses "scan now" to a viewer', async () => {
    const viewer = await buildUser(t.ctx.db, { roles: [[org.id, 'viewer']] });
    const res = await t.app.inject({ method: 'POST', url: `/api/organisations/${org.id}/impersonation/scan`, headers: viewer.headers, payload: {} });
    expect(res.statusCode).toBe(403);
  });
});
