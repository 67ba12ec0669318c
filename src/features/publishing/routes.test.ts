import { describe, expect, it } from 'vitest';
import { buildOrganisation, buildUser } from '../../../test/factories.js';
import { drainDuePublications } from './jobs.js';
import { type PublishingFixture, publishingSuite } from './test-fixtures.js';

/** The HTTP surface: thin routes over the services. */

let f: PublishingFixture;
publishingSuite((fixture) => {
  f = fixture;
});

const inject = (method: 'GET' | 'POST', url: string, payload?: object, headers = f.editor.headers) =>
  f.t.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

describe('publishing routes', () => {
  it('keeps a channel with publications on record: deleting it answers 409 and points to archiving', async () => {
    await f.schedule();
    const removed = await f.t.app.inject({ method: 'DELETE', url: `/api/channels/${f.channel.id}`, headers: f.editor.headers });
    expect(removed.statusCode, removed.body).toBe(409);
    expect(removed.json().error.message).toMatch(/archived/);
  });

  it('list publications of an organisation and show one with its attempts', async () => {
    const row = await f.schedule();
    await drainDuePublications(f.t.ctx);
    const list = await inject('GET', `/api/publications?organisationId=${f.org.id}`);
    expect(list.statusCode).toBe(200);
    expect(list.json()).toMatchObject([{ id: row.id, state: 'published', channelId: f.channel.id }]);
    expect(list.json()[0]).not.toHaveProperty('idempotencyKey');
    expect((await inject('GET', `/api/publications?organisationId=${f.org.id}&state=held`)).json()).toEqual([]);

    const one = await inject('GET', `/api/publications/${row.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json()).toMatchObject({
      id: row.id,
      state: 'published',
      attempts: [{ outcome: 'published', attemptId: expect.any(String) }],
    });
    const viewer = await buildUser(f.t.ctx.db, { roles: [[f.org.id, 'viewer']] });
    expect((await inject('GET', `/api/publications/${row.id}`, undefined, viewer.headers)).statusCode).toBe(200);
    const stranger = await buildUser(f.t.ctx.db, { roles: [[(await buildOrganisation(f.t.ctx.db)).id, 'admin']] });
    expect((await inject('GET', `/api/publications/${row.id}`, undefined, stranger.headers)).statusCode).toBe(403);
    expect((await inject('GET', '/api/publications/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
  });

  it('pause, banner, held list, resume and cancel, lift — over HTTP', async () => {
    const first = await f.schedule();
    const second = await f.schedule();
    const empty = await inject('POST', '/api/pauses', { scope: 'organisation', organisationId: f.org.id, reason: '   ' });
    expect(empty.statusCode).toBe(400);
    const created = await inject('POST', '/api/pauses', { scope: 'organisation', organisationId: f.org.id, reason: 'Overstroming' });
    expect(created.statusCode).toBe(201);
    const pause = created.json();
    expect(pause).toMatchObject({
      scope: 'organisation',
      organisationName: expect.any(String),
      reason: 'Overstroming',
      heldCount: 2,
      createdByName: 'Test User',
    });

    const banner = await inject('GET', '/api/pauses?active=true');
    expect(banner.json().map((p: { id: string }) => p.id)).toEqual([pause.id]);
    const held = await inject('GET', `/api/pauses/held?organisationId=${f.org.id}`);
    expect(
      held
        .json()
        .map((p: { id: string }) => p.id)
        .sort(),
    ).toEqual([first.id, second.id].sort());

    const refused = await inject('POST', '/api/pauses/held/resume', { publicationIds: [first.id], reason: 'Kan weer' });
    expect(refused.statusCode).toBe(409);
    expect((await inject('POST', `/api/pauses/${pause.id}/lift`, { reason: 'Water gezakt' })).statusCode).toBe(200);
    expect((await inject('GET', '/api/pauses?active=true')).json()).toEqual([]);
    expect((await inject('GET', '/api/pauses?active=false')).json()).toMatchObject([{ id: pause.id, liftReason: 'Water gezakt' }]);

    const resumed = await inject('POST', '/api/pauses/held/resume', { publicationIds: [first.id], reason: 'Kan weer' });
    expect(resumed.statusCode).toBe(200);
    expect(resumed.json().publications).toMatchObject([{ id: first.id, state: 'scheduled' }]);
    const past = await inject('POST', '/api/pauses/held/reschedule', {
      publicationIds: [second.id],
      reason: 'Later',
      dueAt: '2020-01-01T10:00:00+01:00',
    });
    expect(past.statusCode).toBe(422);
    const cancelled = await inject('POST', '/api/pauses/held/cancel', { publicationIds: [second.id], reason: 'Niet meer nodig' });
    expect(cancelled.json().publications).toMatchObject([{ id: second.id, state: 'cancelled' }]);
    await drainDuePublications(f.t.ctx);
    expect(f.statuses()).toHaveLength(1);
  });

  it('only editors in chief and admins may pause', async () => {
    const communicator = await buildUser(f.t.ctx.db, { roles: [[f.org.id, 'communicator']] });
    const res = await inject('POST', '/api/pauses', { scope: 'organisation', organisationId: f.org.id, reason: 'x' }, communicator.headers);
    expect(res.statusCode).toBe(403);
    expect((await inject('POST', '/api/pauses', { scope: 'all', reason: 'x' })).statusCode).toBe(403);
    expect((await inject('POST', '/api/pauses', { scope: 'organisation', reason: 'x' })).statusCode).toBe(400);
  });
});
