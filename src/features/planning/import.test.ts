import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { postChannels, posts } from '../compose/schema.js';

describe('planning: bulk scheduling from CSV', () => {
  let t: TestApp;
  let org: { id: string };
  let editor: TestUser;
  let channel: { id: string; handle: string };

  beforeAll(async () => {
    t = await createTestApp();
    org = await buildOrganisation(t.ctx.db, { timeZone: 'Europe/Brussels' });
    editor = await buildUser(t.ctx.db, { roles: [[org.id, 'communicator']] });
    channel = await buildChannel(t.ctx.db, org.id, { handle: '@fod@example.social' });
  });
  afterAll(async () => t?.close());

  const send = (csv: string, dryRun: boolean) =>
    t.app.inject({
      method: 'POST',
      url: `/api/calendar/import?organisationId=${org.id}&dryRun=${dryRun}`,
      headers: { ...editor.headers, 'content-type': 'text/csv' },
      payload: csv,
    });

  it('reports each row in a dry run (unknown channel, DST gap, bad language) and creates nothing', async () => {
    const csv = [
      'kanaal;gepland;tekst;taal',
      '@FOD@example.social;2030-03-31T09:00;Goedemorgen;nl',
      '@nobody@example.social;2030-04-01T09:00;Wie?;nl',
      '@fod@example.social;2030-03-31T02:30;Nacht;nl',
      '@fod@example.social;2030-04-02T09:00;Hello;xx',
    ].join('\n');
    const res = await send(csv, true);
    expect(res.statusCode).toBe(200);
    const report = res.json();
    expect(report).toMatchObject({ dryRun: true, valid: 1, invalid: 3, created: 0, timeZone: 'Europe/Brussels' });
    expect(report.rows[0]).toMatchObject({ line: 2, ok: true, channelId: channel.id, plannedAt: '2030-03-31T07:00:00.000Z', offset: '+02:00' });
    expect(report.rows.slice(1).map((r: { errors: { path: string }[] }) => r.errors.map((e) => e.path))).toEqual([['channel'], ['planned'], ['language']]);
    expect(report.rows[2].errors[0].message).toContain('does not exist');
    // Each row's refusal carries its code and values, for the web to say it in the reader's language.
    expect(report.rows.slice(1).map((r: { errors: { code: string }[] }) => r.errors[0]?.code)).toEqual(['unknown_channel', 'time_skipped', 'not_one_of']);
    expect(report.rows[2].errors[0].params).toEqual({ local: '2030-03-31 02:30', timeZone: 'Europe/Brussels' });
    expect((await send(csv, false)).statusCode).toBe(422);
    expect(await t.ctx.db.select().from(posts).where(eq(posts.organisationId, org.id))).toHaveLength(0);
  });

  it('creates one draft per row, planned in the organisation’s zone, on its channel', async () => {
    const res = await send('channel,planned,text,language\n@fod@example.social,2030-10-27T02:30,Eerste,nl\n@fod@example.social,2030-11-05T14:00,Tweede,\n', false);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ dryRun: false, created: 2 });
    const created = await t.ctx.db.select().from(posts).where(eq(posts.organisationId, org.id));
    expect(created.map((p) => [p.state, p.baseText, p.plannedAt?.toISOString()]).sort()).toEqual([
      ['draft', 'Eerste', '2030-10-27T00:30:00.000Z'],
      ['draft', 'Tweede', '2030-11-05T13:00:00.000Z'],
    ]);
    const links = await t.ctx.db.select().from(postChannels).where(eq(postChannels.channelId, channel.id));
    expect(links).toHaveLength(2);
  });
});
