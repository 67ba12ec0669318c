import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { postChannels, posts } from '../compose/schema.js';
import { schedulePublication } from '../publishing/service.js';

describe('planning: queue slots and the next free slot', () => {
  let t: TestApp;
  let org: { id: string };
  let editor: TestUser;
  let viewer: TestUser;
  let channel: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    org = await buildOrganisation(t.ctx.db, { timeZone: 'Europe/Brussels' });
    editor = await buildUser(t.ctx.db, { roles: [[org.id, 'communicator']] });
    viewer = await buildUser(t.ctx.db, { roles: [[org.id, 'viewer']] });
    channel = await buildChannel(t.ctx.db, org.id);
  });
  afterAll(async () => t?.close());

  const put = (slots: object[], user = editor) =>
    t.app.inject({ method: 'PUT', url: `/api/channels/${channel.id}/queue-slots`, headers: user.headers, payload: { slots } });
  const next = async (after: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/channels/${channel.id}/next-free-slot?after=${encodeURIComponent(after)}`, headers: editor.headers });
    expect(res.statusCode).toBe(200);
    return res.json().slot;
  };

  it('stores slots (registry.write), validates them and lets readers see them', async () => {
    expect((await put([{ weekday: 7, time: '09:00' }])).statusCode).toBe(400);
    expect((await put([{ weekday: 1, time: '9:00' }])).statusCode).toBe(400);
    expect((await put([{ weekday: 1, time: '09:00' }], viewer)).statusCode).toBe(403);
    const saved = await put([
      { weekday: 0, time: '02:30' },
      { weekday: 0, time: '09:00' },
      { weekday: 0, time: '09:00' },
    ]);
    expect(saved.statusCode).toBe(200);
    const got = await t.app.inject({ method: 'GET', url: `/api/channels/${channel.id}/queue-slots`, headers: viewer.headers });
    expect(got.json()).toEqual({
      channelId: channel.id,
      timeZone: 'Europe/Brussels',
      slots: [
        { weekday: 0, time: '02:30' },
        { weekday: 0, time: '09:00' },
      ],
    });
  });

  it('skips a slot inside the spring-forward gap and keeps wall-clock time across the change', async () => {
    // Sunday 2030-03-31: Brussels jumps from 02:00 to 03:00, so 02:30 does not happen that night.
    expect(await next('2030-03-30T12:00:00Z')).toMatchObject({ at: '2030-03-31T07:00:00.000Z', local: '2030-03-31T09:00', offset: '+02:00' });
    // The week before, 09:00 was still winter time (08:00 UTC), and 02:30 existed.
    expect(await next('2030-03-23T12:00:00Z')).toMatchObject({ at: '2030-03-24T01:30:00.000Z', local: '2030-03-24T02:30', offset: '+01:00' });
    // Autumn: 02:30 happens twice on 2030-10-27; the slot is the first one, once.
    expect(await next('2030-10-26T12:00:00Z')).toMatchObject({ at: '2030-10-27T00:30:00.000Z', offset: '+02:00' });
    expect(await next('2030-10-27T00:30:00Z')).toMatchObject({ at: '2030-10-27T08:00:00.000Z', local: '2030-10-27T09:00', offset: '+01:00' });
  });

  it('skips slots taken by a post or a publication on the channel', async () => {
    const [post] = await t.ctx.db
      .insert(posts)
      .values({ organisationId: org.id, baseText: 'x', plannedAt: new Date('2030-06-02T00:30:00Z'), timeZone: 'Europe/Brussels' })
      .returning();
    if (!post) throw new Error('insert failed');
    await t.ctx.db.insert(postChannels).values({ postId: post.id, channelId: channel.id });
    const caller = { userId: editor.user.id, email: editor.user.email, name: 'E', isSuperadmin: false, via: 'token' as const };
    await t.ctx.db.transaction((tx) => schedulePublication(tx, caller, { channelId: channel.id, text: 'y', dueAt: new Date('2030-06-02T07:00:00Z') }));
    // Sunday 2030-06-02: 02:30 taken by the post, 09:00 by the publication → the next Sunday.
    expect(await next('2030-06-01T12:00:00Z')).toMatchObject({ local: '2030-06-09T02:30' });
    // Scheduling that same post: its own time is not taken.
    const own = await t.app.inject({
      method: 'GET',
      url: `/api/channels/${channel.id}/next-free-slot?after=${encodeURIComponent('2030-06-01T12:00:00Z')}&excludePostId=${post.id}`,
      headers: editor.headers,
    });
    expect(own.json().slot).toMatchObject({ local: '2030-06-02T02:30' });
    expect((await t.app.inject({ method: 'PUT', url: `/api/channels/${channel.id}/queue-slots`, headers: editor.headers, payload: { slots: [] } })).statusCode).toBe(200);
    expect(await next('2030-06-01T12:00:00Z')).toBeNull();
  });
});
