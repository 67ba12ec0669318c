import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildChannel, buildOrganisation, buildUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import type { Caller } from '../../kit/access.js';
import { claimDuePublication, claimDuePublications, leaseUnconfirmed } from './claim.js';
import { pausePublishing } from './pause.js';
import { blockRateBuckets, takeRateTokens } from './rate-limit.js';
import { publicationAttempts, publications, publishingPauses } from './schema.js';
import { schedulePublication } from './service.js';
import { canMove, moveState, TRANSITIONS } from './states.js';
import { sweepStuckPublishing } from './sweep.js';
import { callerOf } from './test-fixtures.js';

/** The claim, the pause predicate, the sweep, the state machine and the rate buckets, on one database. */

let t: TestApp;
let caller: Caller;
let parent: { id: string };
let child: { id: string };
let other: { id: string };
const past = () => new Date(Date.now() - 5_000);

beforeAll(async () => {
  t = await createTestApp();
  parent = await buildOrganisation(t.ctx.db, { name: 'Provincie' });
  child = await buildOrganisation(t.ctx.db, { name: 'Gemeente', parentId: parent.id });
  other = await buildOrganisation(t.ctx.db, { name: 'Elders' });
  caller = callerOf(await buildUser(t.ctx.db, { superadmin: true }));
});
afterAll(async () => t?.close());
beforeEach(async () => {
  // Each test starts with no publications and no active pause.
  await t.ctx.db.delete(publicationAttempts);
  await t.ctx.db.delete(publications);
  await t.ctx.db.update(publishingPauses).set({ liftedAt: new Date(), liftReason: 'test reset' }).where(sql`lifted_at IS NULL`);
});

async function scheduleOn(organisationId: string, dueAt = past()) {
  const channel = await buildChannel(t.ctx.db, organisationId);
  return t.ctx.db.transaction((tx) => schedulePublication(tx, caller, { channelId: channel.id, text: `Bericht ${randomUUID()}`, dueAt }));
}

describe('the claim', () => {
  it('is exclusive: many claimers at once, one row → exactly one wins', async () => {
    const row = await scheduleOn(child.id);
    const results = await Promise.all(Array.from({ length: 8 }, () => claimDuePublication(t.ctx.db, randomUUID())));
    const winners = results.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    expect(winners[0]).toMatchObject({ id: row.id, state: 'publishing', attemptsCount: 1 });
    const [stored] = await t.ctx.db.select().from(publications).where(eq(publications.id, row.id));
    expect(stored?.attemptId).toBe(winners[0]?.attemptId);
  });

  it('hands five rows to eight claimers once each, earliest due first', async () => {
    const rows = [];
    for (let i = 0; i < 5; i += 1) rows.push(await scheduleOn(child.id, new Date(Date.now() - 10_000 + i * 1000)));
    const results = await Promise.all(Array.from({ length: 8 }, () => claimDuePublication(t.ctx.db, randomUUID())));
    const ids = results.flatMap((r) => (r ? [r.id] : []));
    expect(ids.sort()).toEqual(rows.map((r) => r.id).sort());
    const [first] = await Promise.all([scheduleOn(child.id, new Date(Date.now() - 60_000)), scheduleOn(child.id)]);
    expect((await claimDuePublication(t.ctx.db, randomUUID()))?.id).toBe(first.id);
  });

  it('claims a batch in one statement: at most the limit, earliest due first, each row once, busy channels skipped', async () => {
    const rows = [];
    for (let i = 0; i < 7; i += 1) rows.push(await scheduleOn(child.id, new Date(Date.now() - 20_000 + i * 1000)));
    const first = await claimDuePublications(t.ctx.db, { limit: 2 });
    // Exactly the two earliest (a semi join re-running a SKIP LOCKED subquery would claim them all).
    expect(first.map((r) => r.id)).toEqual([rows[0]?.id, rows[1]?.id]);
    expect(new Set(first.map((r) => r.attemptId)).size).toBe(2);
    expect(first.every((r) => r.state === 'publishing' && r.attemptsCount === 1)).toBe(true);
    const counts = await t.ctx.db.select({ state: publications.state }).from(publications);
    expect(counts.filter((c) => c.state === 'publishing')).toHaveLength(2);

    // Concurrent batch claimers share out the rest, none twice (a claimer that finds every
    // candidate held by another comes back empty and claims again).
    const ids: string[] = [];
    for (let round = 0; round < 5 && ids.length < 5; round += 1) {
      const rest = await Promise.all(Array.from({ length: 4 }, () => claimDuePublications(t.ctx.db, { limit: 2 })));
      ids.push(...rest.flat().map((r) => r.id));
    }
    expect(ids.sort()).toEqual(
      rows
        .slice(2)
        .map((r) => r.id)
        .sort(),
    );

    // A channel this process is sending to is left for later; the others are claimed past it.
    const busy = await scheduleOn(child.id, new Date(Date.now() - 60_000));
    const elsewhere = await scheduleOn(other.id);
    expect((await claimDuePublications(t.ctx.db, { limit: 5, inFlight: new Map([[busy.channelId, 1]]) })).map((r) => r.id)).toEqual([
      elsewhere.id,
    ]);
    expect((await claimDuePublications(t.ctx.db, { limit: 5 })).map((r) => r.id)).toEqual([busy.id]);

    // One row per channel per claim, the channel's earliest: its backlog goes one post at a time.
    const later = async (seconds: number) =>
      t.ctx.db.transaction((tx) =>
        schedulePublication(tx, caller, {
          channelId: busy.channelId,
          text: `Later ${randomUUID()}`,
          dueAt: new Date(Date.now() - seconds * 1000),
        }),
      );
    const second = await later(2);
    await later(1);
    expect((await claimDuePublications(t.ctx.db, { limit: 5 })).map((r) => r.id)).toEqual([second.id]);
  });

  it('refuses rows covered by an active pause: organisation subtree, channels, all', async () => {
    const inChild = await scheduleOn(child.id);
    const elsewhere = await scheduleOn(other.id);
    // Inserted as if scheduled in the instant the pause committed: still scheduled, not yet held.
    await t.ctx.db.insert(publishingPauses).values({ scope: 'organisation', organisationId: parent.id, reason: 'Crisis' });
    const claimed = await claimDuePublication(t.ctx.db, randomUUID());
    expect(claimed?.id).toBe(elsewhere.id);
    expect(await claimDuePublication(t.ctx.db, randomUUID())).toBeNull();
    expect((await t.ctx.db.select().from(publications).where(eq(publications.id, inChild.id)))[0]?.state).toBe('scheduled');

    const channelRow = await scheduleOn(other.id);
    expect(channelRow.state).toBe('scheduled');
    await t.ctx.db.insert(publishingPauses).values({ scope: 'channels', channelIds: [channelRow.channelId], reason: 'Account gehackt' });
    expect(await claimDuePublication(t.ctx.db, randomUUID())).toBeNull();
  });

  it('a publication scheduled into an active pause is held at once', async () => {
    const pause = await pausePublishing(t.ctx.database, caller, { scope: 'all', reason: 'Nationale rouw' });
    const row = await scheduleOn(other.id);
    expect(row).toMatchObject({ state: 'held', heldByPauseId: pause.id });
    expect(await claimDuePublication(t.ctx.db, randomUUID())).toBeNull();
  });
});

describe('scheduling', () => {
  it('keeps the organisation’s time zone and exact instants across a daylight-saving change', async () => {
    const channel = await buildChannel(t.ctx.db, child.id);
    const schedule = (dueAt: Date, timeZone?: string) =>
      t.ctx.db.transaction((tx) =>
        schedulePublication(tx, caller, { channelId: channel.id, text: `DST ${randomUUID()}`, dueAt, timeZone }),
      );
    // Europe/Brussels springs forward on 2026-03-29 at 02:00 local (01:00 UTC): 01:30 CET and 03:30 CEST are one hour apart.
    const before = await schedule(new Date('2026-03-29T01:30:00+01:00'));
    const after = await schedule(new Date('2026-03-29T03:30:00+02:00'));
    expect(before.timeZone).toBe('Europe/Brussels');
    expect(after.dueAt.getTime() - before.dueAt.getTime()).toBe(3_600_000);
    expect(after.dueAt.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    const local = new Intl.DateTimeFormat('nl-BE', { timeZone: after.timeZone, hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
    expect(local.format(after.dueAt)).toMatch(/03:30/);
    await expect(schedule(new Date(), 'Europe/Atlantis')).rejects.toMatchObject({ status: 422 });
    expect((await schedule(new Date(), 'America/New_York')).timeZone).toBe('America/New_York');
  });

  it('refuses a second live publication of the same variant on the same channel', async () => {
    const channel = await buildChannel(t.ctx.db, child.id);
    const variantId = randomUUID();
    const schedule = () =>
      t.ctx.db.transaction((tx) =>
        schedulePublication(tx, caller, { channelId: channel.id, variantId, text: 'Eén keer', dueAt: new Date(Date.now() + 60_000) }),
      );
    const first = await schedule();
    await expect(schedule()).rejects.toMatchObject({ status: 409 });
    await moveState(t.ctx.db, first.id, 'scheduled', 'cancelled');
    expect((await schedule()).state).toBe('scheduled');
  });

  it('refuses media without alt text and empty posts', async () => {
    const channel = await buildChannel(t.ctx.db, child.id);
    const media = [{ fileName: 'a.png', mimeType: 'image/png', storageKey: 'a.png', altText: ' ' }];
    const attempt = (text: string, withMedia: boolean) =>
      t.ctx.db.transaction((tx) =>
        schedulePublication(tx, caller, { channelId: channel.id, text, dueAt: new Date(), media: withMedia ? media : [] }),
      );
    await expect(attempt('Tekst', true)).rejects.toMatchObject({ status: 422, fields: [{ path: 'media.0.altText' }] });
    await expect(attempt('  ', false)).rejects.toMatchObject({ status: 422, fields: [{ path: 'text' }] });
  });
});

describe('the sweep', () => {
  it('moves stale publishing rows to unconfirmed (logged), leaves fresh claims alone, holds paused scheduled rows', async () => {
    const stale = await scheduleOn(child.id);
    const fresh = await scheduleOn(child.id);
    const staleClaim = await claimDuePublication(t.ctx.db, randomUUID());
    const freshClaim = await claimDuePublication(t.ctx.db, randomUUID());
    expect([staleClaim?.id, freshClaim?.id]).toEqual([stale.id, fresh.id]);
    await t.ctx.db
      .update(publications)
      .set({ claimedAt: new Date(Date.now() - 10 * 60_000) })
      .where(eq(publications.id, stale.id));
    const paused = await scheduleOn(other.id);
    await t.ctx.db.insert(publishingPauses).values({ scope: 'organisation', organisationId: other.id, reason: 'Storm' });

    const swept = await sweepStuckPublishing(t.ctx.db, { firstReconcileDelaySeconds: 0 });
    expect(swept).toEqual({ unconfirmed: [stale.id], held: [paused.id] });
    const states = await t.ctx.db.select({ id: publications.id, state: publications.state }).from(publications);
    expect(Object.fromEntries(states.map((s) => [s.id, s.state]))).toEqual({
      [stale.id]: 'unconfirmed',
      [fresh.id]: 'publishing',
      [paused.id]: 'held',
    });
    const attempts = await t.ctx.db.select().from(publicationAttempts).where(eq(publicationAttempts.publicationId, stale.id));
    expect(attempts.map((a) => [a.outcome, a.attemptId])).toEqual([['ambiguous', staleClaim?.attemptId]]);
    // The reconcile job can lease it now, once.
    expect((await leaseUnconfirmed(t.ctx.db))?.id).toBe(stale.id);
    expect(await leaseUnconfirmed(t.ctx.db)).toBeNull();
  });
});

describe('the state machine', () => {
  it('has only the documented transitions, and terminal states are terminal', () => {
    expect(TRANSITIONS.published).toEqual([]);
    expect(TRANSITIONS.cancelled).toEqual([]);
    expect(canMove('scheduled', 'publishing')).toBe(true);
    expect(canMove('unconfirmed', 'publishing')).toBe(false);
    expect(canMove('held', 'publishing')).toBe(false);
    expect(canMove('failed', 'scheduled')).toBe(false);
  });

  it('moves a row only from the expected state, once', async () => {
    const row = await scheduleOn(child.id);
    await expect(moveState(t.ctx.db, row.id, 'published', 'scheduled')).rejects.toThrow(/not a transition/);
    const [a, b] = await Promise.all([
      moveState(t.ctx.db, row.id, 'scheduled', 'held'),
      moveState(t.ctx.db, row.id, 'scheduled', 'cancelled'),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
  });
});

describe('rate buckets', () => {
  it('allow the documented burst, then make the caller wait for the refill', async () => {
    const account = `https://m.example#${randomUUID()}`;
    expect(await takeRateTokens(t.ctx.db, 'mastodon', account, { requests: 299 })).toEqual({ ok: true });
    expect(await takeRateTokens(t.ctx.db, 'mastodon', account, { requests: 1 })).toEqual({ ok: true });
    const refused = await takeRateTokens(t.ctx.db, 'mastodon', account, { requests: 1 });
    // 300 per 5 minutes refills one request per second.
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.retryAfterMs).toBeGreaterThan(500);
      expect(refused.retryAfterMs).toBeLessThanOrEqual(1000);
    }
  });

  it('count media apart (30 per 30 minutes) and take nothing when one bucket cannot pay', async () => {
    const account = `https://m.example#${randomUUID()}`;
    expect(await takeRateTokens(t.ctx.db, 'mastodon', account, { requests: 9, media: 30 })).toEqual({ ok: true });
    const refused = await takeRateTokens(t.ctx.db, 'mastodon', account, { requests: 3, media: 1 });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.retryAfterMs).toBeGreaterThan(55_000);
    // The refused call took no request tokens: 291 are still there.
    expect(await takeRateTokens(t.ctx.db, 'mastodon', account, { requests: 290 })).toEqual({ ok: true });
  });

  it('honour a 429’s Retry-After for the whole account', async () => {
    const account = `https://m.example#${randomUUID()}`;
    await blockRateBuckets(t.ctx.db, 'mastodon', account, 120);
    const refused = await takeRateTokens(t.ctx.db, 'mastodon', account, { requests: 1 });
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.retryAfterMs).toBeGreaterThan(115_000);
    // A network without documented numbers still honours the block.
    await blockRateBuckets(t.ctx.db, 'x', account, 30);
    expect((await takeRateTokens(t.ctx.db, 'x', account, { requests: 1 })).ok).toBe(false);
    expect((await takeRateTokens(t.ctx.db, 'x', `${account}-other`, { requests: 1 })).ok).toBe(true);
  });
});
