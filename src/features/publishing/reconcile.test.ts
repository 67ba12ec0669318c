import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { claimDuePublication } from './claim.js';
import { reconcileDue } from './jobs.js';
import { reconcileUnconfirmed } from './reconcile.js';
import { publications, publishedArchive } from './schema.js';
import { type PublishingFixture, publishingSuite } from './test-fixtures.js';
import { publishClaimed } from './worker.js';

/**
 * The duplicate traps, against the Mastodon peer and the real connector: every ambiguous answer
 * becomes `unconfirmed`, reconcile looks before anything is sent again, and the account ends up
 * with exactly one status.
 */

let f: PublishingFixture;
publishingSuite((fixture) => {
  f = fixture;
});

const POST_STATUS = { method: 'POST', path: '/api/v1/statuses' } as const;

async function claimAndPublish(options = {}) {
  const claimed = await claimDuePublication(f.t.ctx.db, randomUUID());
  if (!claimed) throw new Error('nothing was due');
  return publishClaimed(f.t.ctx, claimed, options);
}

async function reconcile(id: string) {
  return reconcileUnconfirmed(f.t.ctx, await f.row(id));
}

async function archiveCount(id: string) {
  return (await f.t.ctx.db.select().from(publishedArchive).where(eq(publishedArchive.publicationId, id))).length;
}

describe('ambiguous answers are reconciled, never resent blindly', () => {
  it('500 after the status was stored → unconfirmed → reconcile finds it → published, one status', async () => {
    const scheduled = await f.schedule();
    f.peer.faults.add({ kind: 'status500', afterStore: true, ...POST_STATUS });
    const after = await claimAndPublish();
    expect(after?.state).toBe('unconfirmed');
    expect(after?.nextReconcileAt?.getTime()).toBeGreaterThan(Date.now());
    // Not due for a send: the claim does not see it.
    expect(await claimDuePublication(f.t.ctx.db, randomUUID())).toBeNull();

    const reconciled = await reconcile(scheduled.id);
    const [status, ...others] = f.statuses();
    expect(others).toHaveLength(0);
    expect(reconciled).toMatchObject({ state: 'published', remoteId: status?.id });
    expect(await f.outcomes(scheduled.id)).toEqual(['ambiguous', 'found_on_reconcile']);
    expect(await archiveCount(scheduled.id)).toBe(1);
    expect(f.peer.state.postStatusRequests).toBe(1);
  });

  it('a proxy’s HTML 500 page before anything was stored → unconfirmed → absent → scheduled → published once', async () => {
    const scheduled = await f.schedule();
    f.peer.faults.add({ kind: 'status500', html: true, ...POST_STATUS });
    expect((await claimAndPublish())?.state).toBe('unconfirmed');
    expect((await reconcile(scheduled.id))?.state).toBe('scheduled');
    expect((await claimAndPublish())?.state).toBe('published');
    expect(f.statuses()).toHaveLength(1);
    expect(await f.outcomes(scheduled.id)).toEqual(['ambiguous', 'absent_on_reconcile', 'published']);
  });

  it('connection cut after the status was stored → unconfirmed → reconcile → published, one status', async () => {
    const scheduled = await f.schedule();
    f.peer.faults.add({ kind: 'cutAfterStore', ...POST_STATUS });
    expect((await claimAndPublish())?.state).toBe('unconfirmed');
    expect(f.statuses()).toHaveLength(1);
    expect((await reconcile(scheduled.id))?.state).toBe('published');
    expect(f.statuses()).toHaveLength(1);
    expect((await f.row(scheduled.id)).remoteId).toBe(f.statuses()[0]?.id);
    expect(await claimDuePublication(f.t.ctx.db, randomUUID())).toBeNull();
  });

  it('connection cut before the status was stored → unconfirmed → absent → scheduled → published once', async () => {
    const scheduled = await f.schedule();
    f.peer.faults.add({ kind: 'cutBeforeStore', ...POST_STATUS });
    expect((await claimAndPublish())?.state).toBe('unconfirmed');
    expect(f.statuses()).toHaveLength(0);
    expect((await reconcile(scheduled.id))?.state).toBe('scheduled');
    const published = await claimAndPublish();
    expect(published?.state).toBe('published');
    expect(f.statuses()).toHaveLength(1);
    expect(published?.attemptsCount).toBe(2);
    expect(await archiveCount(scheduled.id)).toBe(1);
  });

  it('a timeout while the network is still working → unconfirmed; the post it made later is found, not sent again', async () => {
    const scheduled = await f.schedule();
    f.peer.faults.add({ kind: 'slow', delayMs: 600, ...POST_STATUS });
    expect((await claimAndPublish({ requestTimeoutMs: 150 }))?.state).toBe('unconfirmed');
    await f.peer.settled();
    expect((await reconcile(scheduled.id))?.state).toBe('published');
    expect(f.statuses()).toHaveLength(1);
    expect(f.peer.state.postStatusRequests).toBe(1);
  });

  it('a failing lookup keeps the row unconfirmed with backoff; the job only takes rows whose time has come', async () => {
    const scheduled = await f.schedule();
    f.peer.faults.add({ kind: 'status500', afterStore: true, ...POST_STATUS });
    await claimAndPublish();
    f.peer.faults.add({ kind: 'status500', method: 'GET', path: /\/statuses$/ });
    const after = await reconcile(scheduled.id);
    expect(after).toMatchObject({ state: 'unconfirmed', reconcileCount: 1 });
    expect(after?.nextReconcileAt?.getTime()).toBeGreaterThan(Date.now() + 20_000);
    expect(await f.outcomes(scheduled.id)).toEqual(['ambiguous', 'ambiguous']);

    expect(await reconcileDue(f.t.ctx)).toBe(0);
    await f.t.ctx.db
      .update(publications)
      .set({ nextReconcileAt: sql`now() - interval '1 second'` })
      .where(eq(publications.id, scheduled.id));
    expect(await reconcileDue(f.t.ctx)).toBe(1);
    expect((await f.row(scheduled.id)).state).toBe('published');
    expect(f.statuses()).toHaveLength(1);
  });

  it('after many failed lookups the row tells a person to check by hand, and still never resends', async () => {
    const scheduled = await f.schedule();
    f.peer.faults.add({ kind: 'status500', afterStore: true, ...POST_STATUS });
    await claimAndPublish();
    f.peer.faults.add({ kind: 'status500', method: 'GET', path: /\/statuses$/, times: 8 });
    for (let i = 0; i < 8; i += 1) await reconcile(scheduled.id);
    const row = await f.row(scheduled.id);
    expect(row).toMatchObject({ state: 'unconfirmed', reconcileCount: 8 });
    expect(row.failureReason).toMatch(/Check the account by hand/);
    expect(f.peer.state.postStatusRequests).toBe(1);
  });
});
