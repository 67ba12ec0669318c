import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { buildOrganisation, buildUser } from '../../../test/factories.js';
import { auditLog } from '../../kit/audit-schema.js';
import { claimDuePublication } from './claim.js';
import { drainDuePublications } from './jobs.js';
import { cancelHeld, listHeld, rescheduleHeld, resumeHeld } from './held.js';
import { liftPause, listPauses, pausePublishing } from './pause.js';
import { callerOf, connectedChannel, type PublishingFixture, publishingSuite } from './test-fixtures.js';
import { publishClaimed } from './worker.js';

let f: PublishingFixture;
publishingSuite((fixture) => {
  f = fixture;
});

const POST_STATUS = { method: 'POST', path: '/api/v1/statuses' } as const;

async function until(check: () => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

async function auditActions(entityIds: string[]) {
  const entries = await f.t.ctx.db.select().from(auditLog).where(inArray(auditLog.entityId, entityIds)).orderBy(auditLog.id);
  return entries.map((e) => `${e.entity}:${e.action}`);
}

describe('crisis pause', () => {
  it('once pausePublishing returns, due rows in scope are held and never claimed; rows outside still publish', async () => {
    const inScope = await f.schedule();
    const later = await f.schedule({ dueAt: new Date(Date.now() + 3_600_000) });
    const orgB = await buildOrganisation(f.t.ctx.db);
    const outside = await connectedChannel(f.t, f.peer, orgB.id);
    const editorB = callerOf(await buildUser(f.t.ctx.db, { roles: [[orgB.id, 'editor_in_chief']] }));
    const elsewhere = await f.schedule({ channelId: outside.channel.id }, editorB);

    const pause = await pausePublishing(f.t.ctx.database, f.caller, {
      scope: 'organisation',
      organisationId: f.org.id,
      reason: 'Ramp in de haven',
    });
    expect(pause).toMatchObject({ scope: 'organisation', organisationId: f.org.id, heldCount: 2, liftedAt: null });
    expect((await f.row(inScope.id)).state).toBe('held');
    expect((await f.row(later.id)).state).toBe('held');

    expect(await drainDuePublications(f.t.ctx)).toBe(1);
    expect((await f.row(elsewhere.id)).state).toBe('published');
    expect(await f.row(inScope.id)).toMatchObject({ state: 'held', heldByPauseId: pause.id, attemptsCount: 0 });
    expect(f.statuses()).toHaveLength(0);
    expect(f.peer.state.statusesOf(outside.account.account.id)).toHaveLength(1);
    expect((await listHeld(f.t.ctx.db, f.caller, { organisationId: f.org.id })).map((p) => p.id).sort()).toEqual(
      [inScope.id, later.id].sort(),
    );
  });

  it('a row claimed before the pause but not yet sent is held by the re-check inside the send gate', async () => {
    const scheduled = await f.schedule();
    const claimed = await claimDuePublication(f.t.ctx.db, randomUUID());
    await pausePublishing(f.t.ctx.database, f.caller, {
      scope: 'channels',
      channelIds: [f.channel.id],
      reason: 'Account mogelijk gehackt',
    });
    const after = claimed && (await publishClaimed(f.t.ctx, claimed));
    expect(after?.state).toBe('held');
    expect(await f.outcomes(scheduled.id)).toEqual(['held_by_pause']);
    expect(f.peer.state.postStatusRequests).toBe(0);
  });

  it('a send in flight holds back the pause commit until it has finished and been recorded', async () => {
    const scheduled = await f.schedule();
    const next = await f.schedule();
    f.peer.faults.add({ kind: 'slow', delayMs: 700, ...POST_STATUS });
    const claimed = await claimDuePublication(f.t.ctx.db, randomUUID());
    if (!claimed) throw new Error('nothing claimed');
    const sending = publishClaimed(f.t.ctx, claimed);
    await until(() => f.peer.state.postStatusRequests === 1);

    const pauseAskedAt = Date.now();
    const pause = await pausePublishing(f.t.ctx.database, f.caller, {
      scope: 'organisation',
      organisationId: f.org.id,
      reason: 'Stop alles',
    });
    const sent = await sending;
    const [status] = f.statuses();
    if (!status) throw new Error('the send in flight did not post');
    // The peer made the status after the pause was asked for, and the pause committed after it.
    expect(status.createdAt.getTime()).toBeGreaterThan(pauseAskedAt);
    expect(status.createdAt.getTime()).toBeLessThanOrEqual(pause.createdAt.getTime());
    expect(sent).toMatchObject({ id: scheduled.id, state: 'published', remoteId: status.id });
    expect((sent?.publishedAt?.getTime() ?? Infinity) <= pause.createdAt.getTime()).toBe(true);
    // Nothing after the commit: the other due row is held, and the peer saw one post only.
    expect((await f.row(next.id)).state).toBe('held');
    expect(await claimDuePublication(f.t.ctx.db, randomUUID())).toBeNull();
    expect(f.peer.state.postStatusRequests).toBe(1);
  });

  it('resume → published once; cancel → cancelled; reschedule → later; each audited with its reason', async () => {
    const toResume = await f.schedule();
    const toCancel = await f.schedule();
    const toReschedule = await f.schedule();
    const pause = await pausePublishing(f.t.ctx.database, f.caller, {
      scope: 'organisation',
      organisationId: f.org.id,
      reason: 'Verkiezingsstilte',
    });

    await expect(resumeHeld(f.t.ctx.db, f.caller, { publicationIds: [toResume.id], reason: 'Te vroeg' })).rejects.toMatchObject({
      status: 409,
    });
    const lifted = await liftPause(f.t.ctx.db, f.caller, pause.id, { reason: 'Stilte voorbij' });
    expect(lifted.liftedAt).toBeInstanceOf(Date);
    await expect(liftPause(f.t.ctx.db, f.caller, pause.id, { reason: 'Nog eens' })).rejects.toMatchObject({ status: 409 });
    // Lifting releases nothing by itself.
    expect(await drainDuePublications(f.t.ctx)).toBe(0);

    const [resumed] = await resumeHeld(f.t.ctx.db, f.caller, { publicationIds: [toResume.id], reason: 'Mag weer' });
    expect(resumed?.state).toBe('scheduled');
    const [cancelled] = await cancelHeld(f.t.ctx.db, f.caller, { publicationIds: [toCancel.id], reason: 'Niet meer gepast' });
    expect(cancelled?.state).toBe('cancelled');
    const tomorrow = new Date(Date.now() + 86_400_000);
    const [rescheduled] = await rescheduleHeld(f.t.ctx.db, f.caller, {
      publicationIds: [toReschedule.id],
      reason: 'Morgen',
      dueAt: tomorrow,
    });
    expect(rescheduled).toMatchObject({ state: 'scheduled', dueAt: tomorrow });
    await expect(cancelHeld(f.t.ctx.db, f.caller, { publicationIds: [toCancel.id], reason: 'Nog eens' })).rejects.toMatchObject({
      status: 409,
    });

    expect(await drainDuePublications(f.t.ctx)).toBe(1);
    expect(await drainDuePublications(f.t.ctx)).toBe(0);
    expect((await f.row(toResume.id)).state).toBe('published');
    expect(f.statuses()).toHaveLength(1);
    expect(f.peer.state.postStatusRequests).toBe(1);

    expect(await auditActions([pause.id])).toEqual(['publishing_pause:pause', 'publishing_pause:lift']);
    expect(await auditActions([toResume.id])).toEqual(['publication:schedule', 'publication:resume']);
    expect(await auditActions([toCancel.id])).toEqual(['publication:schedule', 'publication:cancel']);
    expect(await auditActions([toReschedule.id])).toEqual(['publication:schedule', 'publication:reschedule']);
    const [pauseEntry] = await f.t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, pause.id), eq(auditLog.action, 'pause')));
    expect(pauseEntry?.after).toMatchObject({
      reason: 'Verkiezingsstilte',
      heldPublicationIds: [toResume.id, toCancel.id, toReschedule.id].sort(),
    });
    const [cancelEntry] = await f.t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, toCancel.id), eq(auditLog.action, 'cancel')));
    expect(cancelEntry?.after).toMatchObject({ state: 'cancelled', reason: 'Niet meer gepast' });
  });

  it('an organisation pause covers the subtree; the banner shows it to the child’s people', async () => {
    const child = await buildOrganisation(f.t.ctx.db, { parentId: f.org.id });
    const { channel } = await connectedChannel(f.t, f.peer, child.id);
    const row = await f.schedule({ channelId: channel.id });
    const pause = await pausePublishing(f.t.ctx.database, f.caller, {
      scope: 'organisation',
      organisationId: f.org.id,
      reason: 'Provinciale crisis',
    });
    expect((await f.row(row.id)).state).toBe('held');
    const childViewer = callerOf(await buildUser(f.t.ctx.db, { roles: [[child.id, 'viewer']] }));
    expect((await listPauses(f.t.ctx.db, childViewer, { active: true })).map((p) => p.id)).toEqual([pause.id]);
    const stranger = callerOf(await buildUser(f.t.ctx.db, { roles: [[(await buildOrganisation(f.t.ctx.db)).id, 'admin']] }));
    expect(await listPauses(f.t.ctx.db, stranger, { active: true })).toEqual([]);
  });

  it('refuses pauses outside the caller’s organisations, by communicators, and “all” by anyone but a superadmin', async () => {
    const orgB = await buildOrganisation(f.t.ctx.db);
    const { channel: channelB } = await connectedChannel(f.t, f.peer, orgB.id);
    const rowB = await f.schedule({ channelId: channelB.id }).catch(() => null);
    expect(rowB).toBeNull(); // the editor cannot even schedule on B's channel
    const adminB = callerOf(await buildUser(f.t.ctx.db, { roles: [[orgB.id, 'admin']] }));
    const db = f.t.ctx.database;
    await expect(pausePublishing(db, f.caller, { scope: 'organisation', organisationId: orgB.id, reason: 'x' })).rejects.toMatchObject({
      status: 403,
    });
    await expect(
      pausePublishing(db, f.caller, { scope: 'channels', channelIds: [f.channel.id, channelB.id], reason: 'x' }),
    ).rejects.toMatchObject({ status: 403 });
    await expect(pausePublishing(db, f.caller, { scope: 'all', reason: 'x' })).rejects.toMatchObject({ status: 403 });
    const communicator = callerOf(await buildUser(f.t.ctx.db, { roles: [[f.org.id, 'communicator']] }));
    await expect(pausePublishing(db, communicator, { scope: 'organisation', organisationId: f.org.id, reason: 'x' })).rejects.toMatchObject(
      { status: 403 },
    );

    const pauseB = await pausePublishing(db, adminB, { scope: 'organisation', organisationId: orgB.id, reason: 'Eigen crisis' });
    await expect(liftPause(f.t.ctx.db, f.caller, pauseB.id, { reason: 'x' })).rejects.toMatchObject({ status: 403 });
    const heldB = await f.schedule({ channelId: channelB.id }, adminB);
    expect(heldB.state).toBe('held');
    await expect(resumeHeld(f.t.ctx.db, f.caller, { publicationIds: [heldB.id], reason: 'x' })).rejects.toMatchObject({ status: 403 });
    await expect(cancelHeld(f.t.ctx.db, f.caller, { publicationIds: [heldB.id], reason: 'x' })).rejects.toMatchObject({ status: 403 });
    await expect(listHeld(f.t.ctx.db, f.caller, { organisationId: orgB.id })).rejects.toMatchObject({ status: 403 });
    expect(await listPauses(f.t.ctx.db, f.caller, {})).toEqual([]);
    // Nothing of B's changed.
    expect((await f.row(heldB.id)).state).toBe('held');
    const superadmin = callerOf(await buildUser(f.t.ctx.db, { superadmin: true }));
    const all = await pausePublishing(db, superadmin, { scope: 'all', reason: 'Landelijke storing' });
    expect((await listPauses(f.t.ctx.db, f.caller, { active: true })).map((p) => p.id)).toEqual([all.id]);
  });
});
