import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { auditLog } from '../../kit/audit-schema.js';
import { postChannels, posts, postTexts } from '../compose/schema.js';
import { publications } from '../publishing/schema.js';

describe('planning: calendar and rescheduling', () => {
  let t: TestApp;
  let org: { id: string };
  let other: { id: string };
  let editor: TestUser;
  let viewer: TestUser;
  let masto: { id: string };
  let bsky: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    org = await buildOrganisation(t.ctx.db, { name: 'FOD Kanselarij', timeZone: 'Europe/Brussels' });
    other = await buildOrganisation(t.ctx.db, { name: 'Elders', timeZone: 'America/New_York' });
    editor = await buildUser(t.ctx.db, { roles: [[org.id, 'communicator']] });
    viewer = await buildUser(t.ctx.db, { roles: [[org.id, 'viewer']] });
    masto = await buildChannel(t.ctx.db, org.id, { network: 'mastodon', languages: ['nl'] });
    bsky = await buildChannel(t.ctx.db, org.id, { network: 'bluesky', handle: 'fr.bsky.social', languages: ['fr'] });
  });
  afterAll(async () => t?.close());

  async function post(values: { organisationId?: string; plannedAt: string; state?: 'draft' | 'approved' | 'published'; topic?: string; channelIds?: string[]; texts?: Record<string, string> }) {
    const [row] = await t.ctx.db
      .insert(posts)
      .values({
        organisationId: values.organisationId ?? org.id,
        title: `Post ${values.plannedAt}`,
        baseText: 'Een tekst',
        topic: values.topic ?? null,
        state: values.state ?? 'draft',
        plannedAt: new Date(values.plannedAt),
        timeZone: 'Europe/Brussels',
      })
      .returning();
    if (!row) throw new Error('insert failed');
    for (const [i, channelId] of (values.channelIds ?? []).entries()) await t.ctx.db.insert(postChannels).values({ postId: row.id, channelId, position: i });
    for (const [language, text] of Object.entries(values.texts ?? {})) {
      await t.ctx.db.insert(postTexts).values({ postId: row.id, language: language as 'nl', text });
    }
    return row;
  }
  const calendar = (query: string, user = editor) => t.app.inject({ method: 'GET', url: `/api/calendar?${query}`, headers: user.headers });
  const reschedule = (postId: string, plannedAt: string, user = editor) =>
    t.app.inject({ method: 'POST', url: '/api/calendar/reschedule', headers: user.headers, payload: { postId, plannedAt } });

  it('lists posts planned in the range, in the organisation’s zone, with filters; never another organisation’s', async () => {
    const inRange = await post({ plannedAt: '2030-06-10T07:30:00Z', topic: 'Verkiezingen', channelIds: [masto.id, bsky.id], texts: { nl: 'Hallo' } });
    const draftOnBsky = await post({ plannedAt: '2030-06-12T12:00:00Z', channelIds: [bsky.id] });
    await post({ plannedAt: '2030-07-10T07:30:00Z', channelIds: [masto.id] }); // after the range
    const foreign = await post({ organisationId: other.id, plannedAt: '2030-06-11T07:30:00Z' });
    const q = 'from=2030-06-01T00:00:00%2B02:00&to=2030-07-01T00:00:00%2B02:00';

    const res = await calendar(q);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.organisations.map((o: { id: string }) => o.id)).toEqual([org.id]);
    expect(body.entries.map((e: { postId: string }) => e.postId)).toEqual([inRange.id, draftOnBsky.id]);
    expect(body.entries[0]).toMatchObject({
      organisationName: 'FOD Kanselarij',
      timeZone: 'Europe/Brussels',
      plannedLocal: '2030-06-10T09:30',
      offset: '+02:00',
      topic: 'Verkiezingen',
      networks: ['mastodon', 'bluesky'],
      languages: ['fr', 'nl'],
    });
    expect(JSON.stringify(body)).not.toContain(foreign.id);

    const ids = async (extra: string) => (await calendar(`${q}&${extra}`)).json().entries.map((e: { postId: string }) => e.postId);
    expect(await ids('network=mastodon')).toEqual([inRange.id]);
    expect(await ids(`channelId=${bsky.id}`)).toEqual([inRange.id, draftOnBsky.id]);
    expect(await ids('topic=verkiezingen')).toEqual([inRange.id]);
    expect(await ids('language=nl')).toEqual([inRange.id]);
    expect(await ids('state=approved')).toEqual([]);
    expect((await calendar(`${q}&organisationId=${other.id}`)).statusCode).toBe(403);
    expect((await calendar('from=2030-01-01T00:00:00Z&to=2030-12-31T00:00:00Z')).statusCode).toBe(400);
  });

  it('moves a draft; refuses a time in the spring-forward gap (422), a viewer and another organisation (403)', async () => {
    const draft = await post({ plannedAt: '2030-03-25T08:00:00Z', channelIds: [masto.id] });
    const moved = await reschedule(draft.id, '2030-03-31T09:00');
    expect(moved.statusCode).toBe(200);
    // 09:00 on the first day of summer time in Brussels is 07:00 UTC, not 08:00.
    expect(moved.json()).toMatchObject({ plannedAt: '2030-03-31T07:00:00.000Z', plannedLocal: '2030-03-31T09:00', offset: '+02:00' });

    const gap = await reschedule(draft.id, '2030-03-31T02:30+01:00');
    expect(gap.statusCode).toBe(422);
    expect(gap.json().error.fields[0]).toMatchObject({ path: 'plannedAt' });
    expect(gap.json().error.fields[0].message).toContain('does not exist');
    expect(gap.json().error.fields[0]).toMatchObject({ code: 'time_skipped', params: { local: '2030-03-31 02:30', timeZone: 'Europe/Brussels' } });
    expect((await reschedule(draft.id, '2030-03-31T02:30')).statusCode).toBe(422);
    // Autumn overlap: the offset says which 02:30.
    const late = await reschedule(draft.id, '2030-10-27T02:30+01:00');
    expect(late.json()).toMatchObject({ plannedAt: '2030-10-27T01:30:00.000Z', offset: '+01:00' });

    expect((await reschedule(draft.id, '2030-04-01T09:00', viewer)).statusCode).toBe(403);
    const foreign = await post({ organisationId: other.id, plannedAt: '2030-06-11T07:30:00Z' });
    expect((await reschedule(foreign.id, '2030-06-12T09:00')).statusCode).toBe(403);
    const [row] = await t.ctx.db.select().from(posts).where(eq(posts.id, foreign.id));
    expect(row?.plannedAt?.toISOString()).toBe('2030-06-11T07:30:00.000Z');
    expect((await reschedule(draft.id, '2020-01-01T09:00')).statusCode).toBe(422);
  });

  it('moves a scheduled post’s publications with it, audited; refuses once one has gone out', async () => {
    const approved = await post({ plannedAt: '2030-05-01T08:00:00Z', state: 'approved', channelIds: [masto.id, bsky.id] });
    const scheduled = await t.app.inject({ method: 'POST', url: `/api/posts/${approved.id}/schedule`, headers: editor.headers, payload: { plannedAt: '2030-05-01T10:00' } });
    expect(scheduled.statusCode).toBe(200);
    const publicationIds: string[] = scheduled.json().publicationIds;
    expect(publicationIds).toHaveLength(2);

    const res = await reschedule(approved.id, '2030-05-02T14:15+02:00');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ state: 'scheduled', plannedAt: '2030-05-02T12:15:00.000Z' });
    expect([...res.json().movedPublicationIds].sort()).toEqual([...publicationIds].sort());
    const rows = await t.ctx.db.select().from(publications).where(eq(publications.postId, approved.id));
    expect(rows.map((r) => [r.state, r.dueAt.toISOString()])).toEqual([
      ['scheduled', '2030-05-02T12:15:00.000Z'],
      ['scheduled', '2030-05-02T12:15:00.000Z'],
    ]);
    const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.entityId, approved.id));
    expect(audit.map((a) => a.action)).toContain('reschedule');

    // One publication went out: nothing moves, neither the post nor the other publication.
    await t.ctx.db.update(publications).set({ state: 'published', remoteId: 'r1', remoteUrl: 'https://example.social/r1', publishedAt: new Date() }).where(eq(publications.id, publicationIds[0] as string));
    const refused = await reschedule(approved.id, '2030-05-03T09:00');
    expect(refused.statusCode).toBe(409);
    const [after] = await t.ctx.db.select().from(posts).where(eq(posts.id, approved.id));
    expect(after?.plannedAt?.toISOString()).toBe('2030-05-02T12:15:00.000Z');
    const [other1] = await t.ctx.db.select().from(publications).where(eq(publications.id, publicationIds[1] as string));
    expect(other1?.dueAt.toISOString()).toBe('2030-05-02T12:15:00.000Z');
  });
});
