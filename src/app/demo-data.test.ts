import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, type TestUser } from '../../test/factories.js';
import { createTestApp, type TestApp } from '../../test/support.js';
import { SESSION_COOKIE } from '../kit/auth/sessions.js';
import { DEMO_PASSWORD, loadDemoData } from './demo-data.js';
import { isRegistryEmpty } from './bootstrap.js';

type Org = { id: string; slug: string; name: string; parentId: string | null; isDemo: boolean; myRoles: string[]; channelCount: number; names: Record<string, string> };

describe('demo data', () => {
  let t: TestApp;
  let root: TestUser;

  beforeAll(async () => {
    t = await createTestApp({ demo: true });
    root = await buildUser(t.ctx.db, { superadmin: true });
  });
  afterAll(async () => t?.close());

  const count = async (sql: string) => Number((await t.database.query<{ n: number | string }>(sql))[0]?.n);

  it('loads the federal and Flemish trees, all marked as demo', async () => {
    const orgs: Org[] = (await t.app.inject({ method: 'GET', url: '/api/organisations', headers: root.headers })).json();
    expect(orgs).toHaveLength(8);
    expect(orgs.every((o) => o.isDemo)).toBe(true);
    const bySlug = new Map(orgs.map((o) => [o.slug, o]));
    const fod = bySlug.get('fod-po');
    expect(fod).toMatchObject({ parentId: null, name: 'FOD Personeel en Organisatie', names: { fr: 'SPF Personnel et Organisation', en: 'FPS Personnel and Organisation' } });
    for (const child of ['selor', 'ofo', 'dg-comm-km']) expect(bySlug.get(child)?.parentId).toBe(fod?.id);
    expect(bySlug.get('dkb')?.parentId).toBe(bySlug.get('vlaamse-overheid')?.id);
    expect(bySlug.get('ccvo')?.parentId).toBe(bySlug.get('dkb')?.id);
    expect(bySlug.get('selor')?.channelCount).toBe(6);
    expect(await t.database.query("SELECT DISTINCT time_zone FROM organisations")).toEqual([{ time_zone: 'Europe/Brussels' }]);
    expect(await isRegistryEmpty(t.ctx.db)).toBe(false);
  });

  it('carries the 2013 figures from the Senate answer', async () => {
    const figures = await t.database.query<{ handle: string; follower_count: number | null; follower_unit: string; measured: string | null; visibility: string }>(
      `SELECT c.handle, c.follower_count, c.follower_unit, c.followers_measured_on::text AS measured, c.visibility
         FROM channels c JOIN organisations o ON o.id = c.organisation_id
        WHERE o.slug IN ('selor', 'dg-comm-km') ORDER BY c.network, c.handle`,
    );
    const find = (handle: string) => figures.find((f) => f.handle === handle);
    expect(find('Selor')).toEqual({ handle: 'Selor', follower_count: 10_500, follower_unit: 'fans', measured: '2013-06-04', visibility: 'public' });
    expect(find('@Selor')).toMatchObject({ follower_count: 1_390, follower_unit: 'followers' });
    expect(find('selor')).toMatchObject({ follower_count: 952 });
    expect(find('@selor')).toMatchObject({ follower_count: 101, follower_unit: 'videos' });
    expect(find('@selor_be')).toMatchObject({ follower_count: null, measured: null });
    expect(find('selor.be')).toMatchObject({ follower_count: 140, follower_unit: 'members', visibility: 'internal' });
    expect(find('COMMnet-KMnet')).toMatchObject({ follower_count: 450, follower_unit: 'members' });
    expect(await count('SELECT count(*) AS n FROM follower_measurements')).toBe(6);
    expect(await count("SELECT count(*) AS n FROM follower_measurements WHERE measured_on = '2013-06-04' AND follower_count = 10500")).toBe(1);
    expect(await count('SELECT count(*) AS n FROM channels WHERE NOT is_demo')).toBe(0);
    expect(await count('SELECT count(*) AS n FROM channels')).toBe(25);
    expect(await count("SELECT count(*) AS n FROM channels WHERE network IN ('mastodon', 'bluesky')")).toBe(2);
  });

  it('links channels to audiences of their organisation or its ancestors, in three languages', async () => {
    const linked = await t.database.query<{ slug: string; owner: string }>(
      `SELECT a.slug, ao.slug AS owner FROM channels c
         JOIN channel_audiences ca ON ca.channel_id = c.id JOIN audiences a ON a.id = ca.audience_id
         JOIN organisations ao ON ao.id = a.organisation_id
        WHERE c.network = 'viva_engage' OR (c.network = 'facebook' AND c.handle = 'Selor') ORDER BY a.slug`,
    );
    expect(linked).toEqual([
      { slug: 'ambtenaren', owner: 'fod-po' },
      { slug: 'directieteam', owner: 'selor' },
      { slug: 'personeelsleden-selor', owner: 'selor' },
      { slug: 'studenten', owner: 'fod-po' },
      { slug: 'werknemers-privesector', owner: 'fod-po' },
      { slug: 'werkzoekenden', owner: 'fod-po' },
    ]);
    expect(await count("SELECT count(*) AS n FROM audiences WHERE NOT (names ? 'nl' AND names ? 'fr' AND names ? 'en') OR NOT is_demo")).toBe(0);
    expect(await count('SELECT count(*) AS n FROM channels c WHERE NOT EXISTS (SELECT 1 FROM channel_audiences ca WHERE ca.channel_id = c.id)')).toBe(0);
  });

  it('creates demo users who can sign in and try their roles', async () => {
    const signIn = await t.app.inject({ method: 'POST', url: '/api/session', payload: { email: 'lotte.claes@demo.kanaal.local', password: DEMO_PASSWORD } });
    expect(signIn.statusCode).toBe(200);
    expect(signIn.json().memberships).toEqual([expect.objectContaining({ organisationName: 'Vlaamse overheid', role: 'viewer' })]);
    const cookie = signIn.cookies.find((c) => c.name === SESSION_COOKIE)?.value;
    const seen: Org[] = (await t.app.inject({ method: 'GET', url: '/api/organisations', headers: { cookie: `${SESSION_COOKIE}=${cookie}` } })).json();
    expect(seen.map((o) => o.slug).sort()).toEqual(['ccvo', 'dkb', 'vlaamse-overheid', 'vlm']);
    expect(seen.every((o) => o.myRoles.join() === 'viewer')).toBe(true);

    const demoUsers = await t.database.query<{ email: string; is_demo: boolean; role: string; slug: string }>(
      `SELECT u.email, u.is_demo, m.role, o.slug FROM users u JOIN memberships m ON m.user_id = u.id
         JOIN organisations o ON o.id = m.organisation_id WHERE u.is_demo ORDER BY u.email`,
    );
    expect(demoUsers.map((u) => [u.role, u.slug])).toEqual([
      ['editor_in_chief', 'fod-po'],
      ['communicator', 'selor'],
      ['viewer', 'vlaamse-overheid'],
    ]);
  });

  it('tolerates a demo user address that already exists', async () => {
    const other = await createTestApp();
    try {
      await buildUser(other.ctx.db, { email: 'karim.elamrani@demo.kanaal.local' });
      await loadDemoData(other.ctx.db);
      const [row] = await other.database.query<{ n: number | string }>(
        "SELECT count(*) AS n FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = 'karim.elamrani@demo.kanaal.local'",
      );
      expect(Number(row?.n)).toBe(1);
    } finally {
      await other.close();
    }
  });
});
