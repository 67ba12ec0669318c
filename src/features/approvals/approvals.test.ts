import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { auditLog } from '../../kit/audit-schema.js';

type Mail = { to: string[]; raw: string };

describe('approvals: workflow, decisions, notices', () => {
  let t: TestApp;
  let smtp: SMTPServer;
  const inbox: Mail[] = [];
  let parent: { id: string };
  let org: { id: string };
  let author: TestUser;
  let chief: TestUser;
  let chief2: TestUser;
  let spokes: TestUser;
  let outsider: TestUser;
  let channel: { id: string };

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, done) {
        let raw = '';
        stream.on('data', (c: Buffer) => {
          raw += c.toString('utf8');
        });
        stream.on('end', () => {
          inbox.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
          done();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    const port = (smtp.server.address() as AddressInfo).port;
    t = await createTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, PUBLIC_URL: 'https://kanaal.example' } });
    const db = t.ctx.db;
    parent = await buildOrganisation(db, { defaultLanguage: 'fr' });
    org = await buildOrganisation(db, { parentId: parent.id, defaultLanguage: 'fr' });
    author = await buildUser(db, { roles: [[org.id, 'editor_in_chief']] });
    // Roles held on the parent count for the child (inherited).
    chief = await buildUser(db, { roles: [[parent.id, 'editor_in_chief']] });
    chief2 = await buildUser(db, { roles: [[org.id, 'editor_in_chief']] });
    spokes = await buildUser(db, { roles: [[org.id, 'spokesperson']] });
    outsider = await buildUser(db, { roles: [[(await buildOrganisation(db)).id, 'admin']] });
    channel = await buildChannel(db, org.id, { languages: ['fr'] });
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/organisations/${org.id}/approval-workflow`,
      headers: chief.headers,
      payload: {
        steps: [
          { name: 'Rédaction', role: 'editor_in_chief', rule: 'all' },
          { name: 'Porte-parole', userIds: [spokes.user.id], rule: 'any' },
        ],
      },
    });
    expect(put.statusCode).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
    await new Promise<void>((resolve) => smtp.close(() => resolve()));
  });

  const post = async () =>
    (
      await t.app.inject({
        method: 'POST',
        url: `/api/organisations/${org.id}/posts`,
        headers: author.headers,
        payload: { title: 'Communiqué', baseText: 'Bonjour à toutes et à tous.', channels: [{ channelId: channel.id }] },
      })
    ).json() as { id: string };
  const decide = (id: string, who: TestUser, decision: 'approve' | 'reject', comment = '') =>
    t.app.inject({ method: 'POST', url: `/api/posts/${id}/decisions`, headers: who.headers, payload: { decision, comment } });

  it('runs the steps: all editors (not the author), then any spokesperson; mails approvers in French', async () => {
    const { id } = await post();
    inbox.length = 0;
    const submitted = await t.app.inject({ method: 'POST', url: `/api/posts/${id}/submit`, headers: author.headers });
    expect(submitted.json()).toMatchObject({ state: 'in_review', currentStep: { position: 1, rule: 'all' } });
    expect(submitted.json().currentStep.approverIds.sort()).toEqual([chief.user.id, chief2.user.id].sort());
    expect(inbox.flatMap((m) => m.to).sort()).toEqual([chief.user.email, chief2.user.email].sort());
    expect(inbox[0]?.raw).toContain('Subject: =?UTF-8?Q?=C3=80_approuver');
    expect(inbox[0]?.raw.replace(/=\r\n/g, '')).toContain(`https://kanaal.example/posts/${id}`);

    expect((await decide(id, author, 'approve')).statusCode).toBe(403);
    expect((await decide(id, spokes, 'approve')).statusCode).toBe(403);
    expect((await decide(id, outsider, 'approve')).statusCode).toBe(403);
    const first = await decide(id, chief, 'approve', 'ok');
    expect(first.json()).toMatchObject({ state: 'in_review', currentStep: { position: 1, approverIds: [chief2.user.id] } });
    expect((await decide(id, chief, 'approve')).statusCode).toBe(409);
    inbox.length = 0;
    const second = await decide(id, chief2, 'approve');
    expect(second.json()).toMatchObject({ state: 'in_review', currentStep: { position: 2, approverIds: [spokes.user.id] } });
    expect(inbox.flatMap((m) => m.to)).toEqual([spokes.user.email]);
    const last = await decide(id, spokes, 'approve');
    expect(last.json()).toMatchObject({ state: 'approved', currentStep: null });

    // Editing an approved post bumps the version and sends it back to review; old decisions no longer count.
    const edited = await t.app.inject({ method: 'PATCH', url: `/api/posts/${id}`, headers: author.headers, payload: { baseText: 'Bonjour à tous.' } });
    expect(edited.json()).toMatchObject({ state: 'in_review', version: 2 });
    const review = (await t.app.inject({ method: 'GET', url: `/api/posts/${id}/review`, headers: author.headers })).json();
    expect(review.currentStep).toMatchObject({ position: 1 });
    expect(review.currentStep.approverIds).toHaveLength(2);

    const audited = await t.ctx.db.select().from(auditLog).where(and(eq(auditLog.entity, 'post'), eq(auditLog.entityId, id)));
    expect(audited.filter((a) => a.action === 'approve')).toHaveLength(4 - 1);
  });

  it('a rejection needs a comment and sends the post back to draft', async () => {
    const { id } = await post();
    await t.app.inject({ method: 'POST', url: `/api/posts/${id}/submit`, headers: author.headers });
    expect((await decide(id, chief, 'reject')).statusCode).toBe(422);
    const rejected = await decide(id, chief, 'reject', 'Ajoutez la date.');
    expect(rejected.json()).toMatchObject({ state: 'draft', currentStep: null });
    expect(rejected.json().decisions[0]).toMatchObject({ decision: 'reject', comment: 'Ajoutez la date.', userId: chief.user.id });
    // Submitted again unchanged: a new round, the earlier decisions do not count.
    const again = await t.app.inject({ method: 'POST', url: `/api/posts/${id}/submit`, headers: author.headers });
    expect(again.json().currentStep.approverIds).toHaveLength(2);
    const audited = await t.ctx.db.select().from(auditLog).where(and(eq(auditLog.action, 'reject'), eq(auditLog.entityId, id)));
    expect(audited).toHaveLength(1);
  });

  it('keeps workflows to approvals.manage', async () => {
    expect((await t.app.inject({ method: 'GET', url: `/api/organisations/${org.id}/approval-workflow`, headers: spokes.headers })).statusCode).toBe(403);
    const got = await t.app.inject({ method: 'GET', url: `/api/organisations/${org.id}/approval-workflow`, headers: chief.headers });
    expect(got.json()).toMatchObject({ definedBy: org.id, steps: [{ position: 1, rule: 'all' }, { position: 2, rule: 'any' }] });
  });
});
