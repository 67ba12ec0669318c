import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { auditLog } from '../../kit/audit-schema.js';
import { normaliseHandle } from './channel-schemas.js';
import { audiences, followerMeasurements } from './schema.js';

type Org = { id: string; slug: string };

describe('handle normalisation', () => {
  it.each([
    ['mastodon', 'belgium@mastodon.example', '@belgium@mastodon.example'],
    ['mastodon', '@Belgium@Mastodon.Example', '@Belgium@mastodon.example'],
    ['mastodon', 'https://mastodon.example/@belgium', '@belgium@mastodon.example'],
    ['bluesky', '@bosa.belgium.be', 'bosa.belgium.be'],
    ['bluesky', 'https://bsky.app/profile/selor.bsky.social', 'selor.bsky.social'],
    ['x', 'FOD_PO', '@FOD_PO'],
    ['x', 'https://twitter.com/belgiumbe', '@belgiumbe'],
    ['instagram', '@selor.be', '@selor.be'],
    ['threads', 'https://www.threads.net/@selor.be', '@selor.be'],
    ['website', 'https://www.Selor.be/nl/', 'www.selor.be'],
    ['facebook', '  Selor  ', 'Selor'],
  ] as const)('%s %s → %s', (network, raw, expected) => {
    expect(normaliseHandle(network, raw)).toEqual({ handle: expected });
  });

  it.each([
    ['mastodon', 'just-a-name'],
    ['bluesky', 'not a domain'],
    ['x', '@this_name_is_far_too_long'],
    ['instagram', 'bad name!'],
    ['website', 'not a host'],
    ['other', 'x'.repeat(201)],
  ] as const)('refuses %s %s', (network, raw) => {
    expect(normaliseHandle(network, raw)).toHaveProperty('error');
  });
});

describe('channels and audiences API', () => {
  let t: TestApp;
  let root: Org;
  let child: Org;
  let other: Org;
  let editor: TestUser;
  let viewer: TestUser;
  let outsider: TestUser;
  let rootAudienceId: string;
  let otherAudienceId: string;

  const api = (user: TestUser, method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    t.app.inject({ method, url, headers: user.headers, payload });
  const fieldPaths = (body: { error: { fields?: Array<{ path: string }> } }) => (body.error.fields ?? []).map((f) => f.path);

  beforeAll(async () => {
    t = await createTestApp();
    const db = t.ctx.db;
    root = await buildOrganisation(db, { name: 'FOD P&O', slug: 'fod-po' });
    child = await buildOrganisation(db, { name: 'Selor', slug: 'selor', parentId: root.id });
    other = await buildOrganisation(db, { name: 'FOD Financiën', slug: 'fod-fin' });
    editor = await buildUser(db, { roles: [[root.id, 'communicator']] });
    viewer = await buildUser(db, { roles: [[root.id, 'viewer']] });
    outsider = await buildUser(db, { roles: [[other.id, 'admin']] });
    const [a] = await db
      .insert(audiences)
      .values({ organisationId: root.id, slug: 'citizens', name: 'Citizens', names: { nl: 'Burgers' } })
      .returning();
    const [b] = await db.insert(audiences).values({ organisationId: other.id, slug: 'taxpayers', name: 'Taxpayers' }).returning();
    rootAudienceId = a?.id ?? '';
    otherAudienceId = b?.id ?? '';
  });
  afterAll(async () => t?.close());

  it('creates a channel with a normalised handle and answers the Channel shape', async () => {
    const res = await api(editor, 'POST', '/api/channels', {
      organisationId: child.id,
      network: 'mastodon',
      handle: 'selor@mastodon.example',
      displayName: 'Selor',
      languages: ['fr', 'nl'],
      audienceIds: [rootAudienceId],
      followerCount: 1200,
      followersMeasuredOn: '2025-03-01',
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toEqual({
      id: expect.any(String),
      organisationId: child.id,
      organisationName: 'Selor',
      network: 'mastodon',
      handle: '@selor@mastodon.example',
      displayName: 'Selor',
      profileUrl: null,
      languages: ['nl', 'fr'],
      audiences: [{ id: rootAudienceId, name: 'Citizens', slug: 'citizens' }],
      purpose: null,
      visibility: 'public',
      ownerTeam: null,
      status: 'active',
      followerCount: 1200,
      followerUnit: 'followers',
      followersMeasuredOn: '2025-03-01',
      isDemo: false,
      createdAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
    });
    const measured = await t.ctx.db.select().from(followerMeasurements).where(eq(followerMeasurements.channelId, body.id));
    expect(measured).toEqual([{ channelId: body.id, measuredOn: '2025-03-01', followerCount: 1200, source: 'manual' }]);
    const [entry] = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'channel'), eq(auditLog.entityId, body.id)));
    expect(entry).toMatchObject({ action: 'create', organisationId: child.id, before: null });
    expect(entry?.after).toMatchObject({ handle: '@selor@mastodon.example', audiences: ['citizens'] });
  });

  it('names every invalid field', async () => {
    const res = await api(editor, 'POST', '/api/channels', {
      organisationId: root.id,
      network: 'x',
      handle: '@a_handle_that_is_too_long',
      profileUrl: 'ftp://example.org/x',
      languages: [],
      followerCount: -1,
    });
    expect(res.statusCode).toBe(400);
    expect(fieldPaths(res.json())).toEqual(expect.arrayContaining(['profileUrl', 'followerCount']));

    const crossField = await api(editor, 'POST', '/api/channels', {
      organisationId: root.id,
      network: 'x',
      handle: '@a_handle_that_is_too_long',
      languages: [],
      followersMeasuredOn: '2999-01-01',
    });
    expect(crossField.statusCode).toBe(400);
    expect(fieldPaths(crossField.json()).sort()).toEqual(['followersMeasuredOn', 'handle', 'languages']);

    const badNetwork = await api(editor, 'POST', '/api/channels', {
      organisationId: root.id,
      network: 'myspace',
      handle: 'x',
      languages: ['nl'],
    });
    expect(badNetwork.statusCode).toBe(400);
    expect(fieldPaths(badNetwork.json())).toContain('network');
  });

  it('refuses audiences outside the organisation catalogue', async () => {
    const res = await api(editor, 'POST', '/api/channels', {
      organisationId: root.id,
      network: 'facebook',
      handle: 'FODPO',
      languages: ['nl'],
      audienceIds: [otherAudienceId],
    });
    expect(res.statusCode).toBe(400);
    expect(fieldPaths(res.json())).toEqual(['audienceIds']);
  });

  it('answers 409 on handle for a duplicate, whatever form the handle is written in', async () => {
    const res = await api(editor, 'POST', '/api/channels', {
      organisationId: root.id,
      network: 'mastodon',
      handle: 'https://mastodon.example/@SELOR',
      languages: ['nl'],
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toMatchObject({ code: 'conflict', fields: [{ path: 'handle', message: expect.any(String) }] });
  });

  it('keeps other organisations out: 403 on read and write, absent from lists', async () => {
    const foreign = await buildChannel(t.ctx.db, other.id, { network: 'x', handle: '@FODFin' });
    expect((await api(editor, 'GET', `/api/channels/${foreign.id}`)).statusCode).toBe(403);
    expect((await api(editor, 'PATCH', `/api/channels/${foreign.id}`, { displayName: 'mine now' })).statusCode).toBe(403);
    expect((await api(editor, 'DELETE', `/api/channels/${foreign.id}`)).statusCode).toBe(403);
    const list = (await api(editor, 'GET', '/api/channels')).json() as Array<{ id: string }>;
    expect(list.map((c) => c.id)).not.toContain(foreign.id);
    expect((await api(outsider, 'GET', `/api/channels?organisationId=${root.id}`)).statusCode).toBe(403);
    expect((await api(editor, 'GET', '/api/channels/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('lets viewers read but not write, and moving needs write on both organisations', async () => {
    const mine = await buildChannel(t.ctx.db, root.id, { network: 'linkedin', handle: 'fod-po' });
    expect((await api(viewer, 'GET', `/api/channels/${mine.id}`)).statusCode).toBe(200);
    expect((await api(viewer, 'PATCH', `/api/channels/${mine.id}`, { displayName: 'x' })).statusCode).toBe(403);
    expect(
      (await api(viewer, 'POST', '/api/channels', { organisationId: root.id, network: 'youtube', handle: 'fodpo', languages: ['nl'] }))
        .statusCode,
    ).toBe(403);
    expect((await api(editor, 'PATCH', `/api/channels/${mine.id}`, { organisationId: other.id })).statusCode).toBe(403);
    const moved = await api(editor, 'PATCH', `/api/channels/${mine.id}`, { organisationId: child.id });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ organisationId: child.id, organisationName: 'Selor' });
  });

  it('updates fields, records a measurement and an audit entry with before and after', async () => {
    const created = (
      await api(editor, 'POST', '/api/channels', {
        organisationId: root.id,
        network: 'bluesky',
        handle: '@fodpo.bsky.social',
        languages: ['nl'],
      })
    ).json();
    const res = await api(editor, 'PATCH', `/api/channels/${created.id}`, {
      followerCount: 250,
      followersMeasuredOn: '2025-02-01',
      audienceIds: [rootAudienceId],
      status: 'dormant',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      followerCount: 250,
      status: 'dormant',
      handle: 'fodpo.bsky.social',
      audiences: [{ slug: 'citizens' }],
    });
    const measured = await t.ctx.db.select().from(followerMeasurements).where(eq(followerMeasurements.channelId, created.id));
    expect(measured.map((m) => [m.measuredOn, m.followerCount])).toEqual([['2025-02-01', 250]]);
    const [update] = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, created.id), eq(auditLog.action, 'update')));
    expect(update?.before).toMatchObject({ status: 'active', followerCount: null, audiences: [] });
    expect(update?.after).toMatchObject({ status: 'dormant', followerCount: 250, audiences: ['citizens'] });
    const bad = await api(editor, 'PATCH', `/api/channels/${created.id}`, { handle: 'not a domain' });
    expect(bad.statusCode).toBe(400);
    expect(fieldPaths(bad.json())).toEqual(['handle']);
  });

  it('filters lists by organisation subtree, network, language and text', async () => {
    await buildChannel(t.ctx.db, child.id, { network: 'instagram', handle: '@selor.jobs', languages: ['fr'], purpose: 'Vacatures' });
    const ids = async (query: string) =>
      ((await api(editor, 'GET', `/api/channels?${query}`)).json() as Array<{ handle: string }>).map((c) => c.handle);
    expect(await ids(`organisationId=${root.id}&network=instagram`)).toEqual(['@selor.jobs']);
    expect(await ids(`organisationId=${root.id}&subtree=false&network=instagram`)).toEqual([]);
    expect(await ids('language=fr&q=vacat')).toEqual(['@selor.jobs']);
    expect(await ids('q=nothing-matches-this')).toEqual([]);
  });

  it('deletes a channel and records it', async () => {
    const doomed = await buildChannel(t.ctx.db, root.id, { network: 'threads', handle: '@fodpo' });
    expect((await api(editor, 'DELETE', `/api/channels/${doomed.id}`)).json()).toEqual({ ok: true });
    expect((await api(editor, 'GET', `/api/channels/${doomed.id}`)).statusCode).toBe(404);
    const [entry] = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, doomed.id), eq(auditLog.action, 'delete')));
    expect(entry?.before).toMatchObject({ handle: '@fodpo', network: 'threads' });
  });

  it('serves the audience catalogue with inherited entries and guards writes', async () => {
    const created = await api(editor, 'POST', `/api/organisations/${child.id}/audiences`, {
      name: 'Jobseekers',
      names: { fr: "Demandeurs d'emploi" },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ slug: 'jobseekers', inherited: false, organisationId: child.id });
    const list = (await api(viewer, 'GET', `/api/organisations/${child.id}/audiences`)).json() as Array<{
      slug: string;
      inherited: boolean;
    }>;
    expect(list.map((a) => [a.slug, a.inherited])).toEqual([
      ['jobseekers', false],
      ['citizens', true],
    ]);
    const duplicate = await api(editor, 'POST', `/api/organisations/${child.id}/audiences`, { name: 'Job seekers', slug: 'jobseekers' });
    expect(duplicate.statusCode).toBe(409);
    expect(fieldPaths(duplicate.json())).toEqual(['slug']);
    const id = created.json().id;
    const renamed = await api(editor, 'PATCH', `/api/audiences/${id}`, { name: 'Job seekers' });
    expect(renamed.json()).toMatchObject({ name: 'Job seekers', slug: 'jobseekers' });
    expect((await api(outsider, 'PATCH', `/api/audiences/${id}`, { name: 'x' })).statusCode).toBe(403);
    expect((await api(outsider, 'GET', `/api/organisations/${child.id}/audiences`)).statusCode).toBe(403);
    expect((await api(viewer, 'DELETE', `/api/audiences/${id}`)).statusCode).toBe(403);
    expect((await api(editor, 'DELETE', `/api/audiences/${id}`)).json()).toEqual({ ok: true });
    const actions = await t.ctx.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.entityId, id));
    expect(actions.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
  });

  it('lists the routes in the OpenAPI document', async () => {
    const paths = Object.keys((await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json().paths);
    expect(paths).toEqual(
      expect.arrayContaining(['/api/channels', '/api/channels/{id}', '/api/channels/import', '/api/organisations/{id}/audiences']),
    );
  });
});
