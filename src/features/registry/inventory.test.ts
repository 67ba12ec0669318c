import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { audiences, channelAudiences, followerMeasurements } from './schema.js';

describe('inventory report', () => {
  let t: TestApp;
  let root: { id: string };
  let selor: { id: string };
  let analyst: TestUser;
  let selorViewer: TestUser;

  const get = (user: TestUser | null, url: string, extra: Record<string, string> = {}) =>
    t.app.inject({ method: 'GET', url, headers: { ...(user?.headers ?? {}), ...extra } });

  beforeAll(async () => {
    t = await createTestApp();
    const db = t.ctx.db;
    root = await buildOrganisation(db, { name: 'FOD P&O', slug: 'fod-po', names: { fr: 'SPF P&O' } });
    selor = await buildOrganisation(db, { name: 'Selor', slug: 'selor', parentId: root.id });
    await buildOrganisation(db, { name: 'Afdeling HR', slug: 'afdeling-hr', parentId: root.id });
    const unrelated = await buildOrganisation(db, { name: 'Elsewhere' });
    analyst = await buildUser(db, { roles: [[root.id, 'analyst']] });
    selorViewer = await buildUser(db, { roles: [[selor.id, 'viewer']] });

    const [citizens] = await db
      .insert(audiences)
      .values({ organisationId: root.id, slug: 'citizens', name: 'Citizens', names: { fr: 'Citoyens' } })
      .returning();
    const mastodon = await buildChannel(db, root.id, {
      handle: '@fodpo@mastodon.example',
      followerCount: 1000,
      followersMeasuredOn: '2025-01-01',
    });
    // History newer than the channel's own figure: the report shows the newest known count.
    await db.insert(followerMeasurements).values([
      { channelId: mastodon.id, measuredOn: '2024-12-01', followerCount: 900 },
      { channelId: mastodon.id, measuredOn: '2025-02-01', followerCount: 1100 },
    ]);
    if (citizens) await db.insert(channelAudiences).values({ channelId: mastodon.id, audienceId: citizens.id });
    await buildChannel(db, root.id, {
      network: 'x',
      handle: '@FOD_PO',
      languages: ['nl', 'fr'],
      followerCount: 2000,
      followersMeasuredOn: '2025-01-15',
    });
    await buildChannel(db, selor.id, {
      network: 'facebook',
      handle: 'Selor',
      languages: ['fr', 'nl'],
      followerCount: 10500,
      followerUnit: 'fans',
    });
    await buildChannel(db, selor.id, {
      network: 'linkedin',
      handle: 'selor',
      status: 'dormant',
      followerCount: 300,
      followersMeasuredOn: '2024-06-30',
    });
    await buildChannel(db, selor.id, { network: 'youtube', handle: 'SelorBE', followerCount: 87, followerUnit: 'videos' });
    await buildChannel(db, selor.id, {
      network: 'instagram',
      handle: '@selor.be',
      status: 'archived',
      followerCount: 999,
      languages: ['de'],
    });
    await buildChannel(db, unrelated.id, { network: 'x', handle: '@elsewhere', followerCount: 5 });
  });
  afterAll(async () => t?.close());

  it('lists organisations in tree order with networks, audiences, languages and last known followers', async () => {
    const res = await get(analyst, `/api/reports/inventory?organisationId=${root.id}&lang=fr`);
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report.organisation).toEqual({ id: root.id, name: 'SPF P&O' });
    expect(report.generatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(report.rows.map((r: { organisationName: string; depth: number }) => [r.organisationName, r.depth])).toEqual([
      ['SPF P&O', 0],
      ['Afdeling HR', 1],
      ['Selor', 1],
    ]);
    const [fod, hr, sel] = report.rows;
    expect(fod).toMatchObject({
      networks: ['mastodon', 'x'],
      channelCount: 2,
      audiences: ['Citoyens'],
      languages: ['nl', 'fr'],
      latestMeasuredOn: '2025-02-01',
      followers: {
        total: 3100,
        byNetwork: {
          mastodon: { count: 1100, unit: 'followers', measuredOn: '2025-02-01' },
          x: { count: 2000, unit: 'followers', measuredOn: '2025-01-15' },
        },
      },
    });
    expect(hr).toMatchObject({
      channelCount: 0,
      networks: [],
      followers: { total: 0, byNetwork: {} },
      latestMeasuredOn: null,
      channels: [],
    });
    // Archived Instagram left out; the YouTube figure counts videos, so it stays out of the total.
    expect(sel).toMatchObject({
      networks: ['facebook', 'linkedin', 'youtube'],
      channelCount: 3,
      languages: ['nl', 'fr'],
      followers: { total: 10800 },
    });
    expect(sel.channels.map((c: { handle: string; status: string }) => [c.handle, c.status])).toEqual([
      ['Selor', 'active'],
      ['selor', 'dormant'],
      ['SelorBE', 'active'],
    ]);
    expect(report.networks).toEqual(['mastodon', 'x', 'facebook', 'linkedin', 'youtube']);
    expect(report.totals).toEqual({ organisations: 3, channels: 5, followers: 13900 });
  });

  it('falls back to the main audience name when the language has none', async () => {
    const report = (await get(analyst, `/api/reports/inventory?organisationId=${root.id}&lang=nl`)).json();
    expect(report.rows[0].audiences).toEqual(['Citizens']);
    expect(report.organisation.name).toBe('FOD P&O');
  });

  it('needs report access on the organisation', async () => {
    expect((await get(selorViewer, `/api/reports/inventory?organisationId=${root.id}`)).statusCode).toBe(403);
    const own = (await get(selorViewer, `/api/reports/inventory?organisationId=${selor.id}`)).json();
    expect(own.rows.map((r: { organisationName: string }) => r.organisationName)).toEqual(['Selor']);
    expect((await get(null, `/api/reports/inventory?organisationId=${root.id}`)).statusCode).toBe(401);
    expect((await get(analyst, '/api/reports/inventory')).statusCode).toBe(400);
  });

  it('exports one CSV row per channel with the organisation path and headers in the language asked', async () => {
    const res = await get(analyst, `/api/reports/inventory.csv?organisationId=${root.id}&lang=nl`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/csv/);
    const records = parse(res.body, { bom: true }) as string[][];
    expect(records[0]?.slice(0, 3)).toEqual(['Organisatie', 'Netwerk', 'Account']);
    expect(records.slice(1).map((r) => [r[0], r[2], r[7]])).toEqual([
      ['FOD P&O', '@fodpo@mastodon.example', '1100'],
      ['FOD P&O', '@FOD_PO', '2000'],
      ['FOD P&O › Selor', 'Selor', '10500'],
      ['FOD P&O › Selor', 'selor', '300'],
      ['FOD P&O › Selor', 'SelorBE', '87'],
    ]);
  });

  it('renders a print page for a signed-in person, with an accessible table and local number formats', async () => {
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: analyst.user.email, password: analyst.password },
    });
    expect(signIn.statusCode).toBe(200);
    const cookie = signIn.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const res = await get(null, `/reports/inventory/print?organisationId=${root.id}&lang=nl`, { cookie });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const html = res.body;
    expect(html).toContain('<html lang="nl">');
    expect(html).toMatch(/<table>\s*<caption>Kanalen per organisatie: FOD P&amp;O<\/caption>/);
    expect(html).toContain('<th scope="col">Organisatie</th>');
    expect(html).toContain('@media print');
    expect(html).toContain('Opgemaakt op');
    expect(html).toContain('13.900');
    expect(html).toContain('<th scope="row" class="depth-1">Selor</th>');
    expect(html).not.toContain('@selor.be');

    const fr = (await get(analyst, `/reports/inventory/print?organisationId=${root.id}&lang=fr`)).body;
    expect(fr).toContain('<html lang="fr">');
    expect(fr).toMatch(/13\s900/u);
    expect(fr).toContain('Établi le');

    const anonymous = await get(null, `/reports/inventory/print?organisationId=${root.id}`);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/^text\/html/);
  });
});
