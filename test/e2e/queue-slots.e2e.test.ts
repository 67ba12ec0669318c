import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enterReview } from '../../src/features/approvals/review-service.js';
import { createPost } from '../../src/features/compose/post-service.js';
import { loadPost } from '../../src/features/compose/service.js';
import { getQueueSlots } from '../../src/features/planning/queue-service.js';
import { wallClock } from '../../src/features/planning/zoned.js';
import { organisations } from '../../src/features/registry/schema.js';
import type { Caller } from '../../src/kit/access.js';
import { users } from '../../src/kit/auth/schema.js';
import { buildChannel } from '../factories.js';
import { ADMIN, type E2E, seriousA11yViolations, signIn, startE2E } from './harness.js';

const ZONE = 'Europe/Brussels';
/** The Brussels calendar date `days` from now ('YYYY-MM-DD'). */
const brusselsDate = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + days * 86_400_000));
const weekdayOf = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

/**
 * Queue slots in Chromium: the administrator opens "Queue slots…" on the calendar, adds two weekly
 * slots to a channel (an empty time is refused by the API and shown on that row), saves, reopens and
 * finds them. On an approved post, "Next free slot" fills the schedule field with the first slot,
 * asked again the one after it, and the post is scheduled into that slot. Axe on the dialog and panel.
 */
describe('queue slots and "next free slot" in the browser', () => {
  let e: E2E;
  const pageErrors: string[] = [];
  let caller: Caller;
  let organisationId = '';
  let channelId = '';
  let otherChannelId = '';
  let postId = '';
  // Slot days 3 and 5 days ahead: the first free slot after now is day A at 10:00, then day B at 14:30.
  const dayA = brusselsDate(3);
  const dayB = brusselsDate(5);

  beforeAll(async () => {
    e = await startE2E();
    e.page.on('pageerror', (error) => pageErrors.push(error.message));
    const db = e.running.ctx.db;
    const [admin] = await db.select().from(users).where(eq(users.email, ADMIN.email));
    if (!admin) throw new Error('no admin');
    caller = { userId: admin.id, email: admin.email, name: admin.name, isSuperadmin: admin.isSuperadmin, via: 'session' };
    // A demo organisation in Brussels time (no approval workflow), with two fresh channels nothing is planned on.
    const [org] = await db.select().from(organisations).where(eq(organisations.timeZone, ZONE)).limit(1);
    if (!org) throw new Error('no demo organisation in Brussels time');
    organisationId = org.id;
    channelId = (await buildChannel(db, org.id, { network: 'mastodon', handle: '@wachtrij@example.social', languages: ['nl'] })).id;
    otherChannelId = (await buildChannel(db, org.id, { network: 'mastodon', handle: '@zonderslots@example.social', languages: ['nl'] })).id;
    const post = await createPost(db, caller, org.id, {
      title: 'Volgend vrij moment',
      baseText: 'Een bericht voor het volgende vrije moment.',
      texts: {},
      channels: [
        { channelId, mediaIds: [] },
        { channelId: otherChannelId, mediaIds: [] },
      ],
    });
    postId = post.id;
    // Without a workflow, submitting approves at once.
    const review = await db.transaction((tx) => enterReview(tx, caller, postId, { refuseWhenBlocked: true }));
    expect(review.state).toBe('approved');
    await signIn(e.page);
  });
  afterAll(async () => e?.close());

  const expectAccessible = async (what: string) => expect(await seriousA11yViolations(e.page), `axe on ${what}`).toEqual([]);
  const dialog = () => e.page.getByRole('dialog', { name: 'Queue slots' });
  const slot = (n: number) => dialog().getByRole('group', { name: `Slot ${n}` });
  const openFor = async (id: string) => {
    await e.page.getByRole('button', { name: 'Queue slots…' }).click();
    await dialog().waitFor();
    expect(await dialog().getByLabel('Organisation').inputValue()).toBe(organisationId);
    await dialog().getByLabel('Channel').selectOption(id);
  };

  it('adds two slots to a channel, shows the API’s refusal on the field, saves, and finds them again', async () => {
    await e.page.goto(`/calendar?organisationId=${organisationId}`);
    await e.page.getByRole('heading', { level: 1, name: 'Calendar' }).waitFor();
    await openFor(channelId);
    await dialog().getByText('This channel has no queue slots yet.').waitFor();
    await dialog().getByText(`Times in the ${ZONE} time zone.`).waitFor();
    await expectAccessible('queue slots dialog, empty');

    await dialog().getByRole('button', { name: 'Add slot' }).click();
    // Focus moves to the new row's first field.
    expect(await slot(1).getByLabel('Day', { exact: true }).evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await slot(1).getByLabel('Day', { exact: true }).selectOption(String(weekdayOf(dayA)));
    await slot(1).getByLabel('Time', { exact: true }).fill('10:00');
    await dialog().getByRole('button', { name: 'Add slot' }).click();
    await slot(2).getByLabel('Day', { exact: true }).selectOption(String(weekdayOf(dayB)));
    await slot(2).getByLabel('Time', { exact: true }).fill('14:30');
    // A third row without a time: the API refuses it and the message sits on that field.
    await dialog().getByRole('button', { name: 'Add slot' }).click();
    await slot(3).getByLabel('Time', { exact: true }).fill('');
    await dialog().getByRole('button', { name: 'Save slots' }).click();
    await slot(3).getByText('Enter a complete time (hours and minutes).').waitFor();
    expect(await slot(3).getByLabel('Time', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await slot(3).getByLabel('Time', { exact: true }).evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    expect(await slot(1).getByLabel('Time', { exact: true }).getAttribute('aria-invalid')).toBeNull();
    await expectAccessible('queue slots dialog with a field error');
    await slot(3).getByRole('button', { name: /^Remove slot 3/ }).click();
    expect(await slot(3).count()).toBe(0);
    expect(await dialog().getByRole('button', { name: 'Add slot' }).evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);

    await dialog().getByRole('button', { name: 'Save slots' }).click();
    await dialog().waitFor({ state: 'detached' });
    await e.page.getByRole('status').filter({ hasText: 'Queue slots of @wachtrij@example.social (Mastodon) saved.' }).waitFor();
    const stored = await getQueueSlots(e.running.ctx.db, caller, channelId);
    expect(stored.slots).toHaveLength(2);

    await openFor(channelId);
    await slot(2).waitFor();
    const shown = [];
    for (const n of [1, 2]) shown.push(`${await slot(n).getByLabel('Day', { exact: true }).inputValue()} ${await slot(n).getByLabel('Time', { exact: true }).inputValue()}`);
    expect(shown.sort()).toEqual([`${weekdayOf(dayA)} 10:00`, `${weekdayOf(dayB)} 14:30`].sort());
    expect(await slot(3).count()).toBe(0);
    await dialog().getByRole('button', { name: 'Cancel' }).click();
    await dialog().waitFor({ state: 'detached' });
    expect(pageErrors).toEqual([]);
  });

  it('fills the schedule field with the next free slot, steps to the one after it, and schedules into it', async () => {
    await e.page.goto(`/posts/${postId}`);
    const panel = e.page.locator('form[aria-labelledby="schedule-title"]');
    await panel.waitFor();
    const field = panel.getByLabel('Date and time');
    const status = panel.getByRole('status');

    // Two channels: the person chooses which one's slots to use. The second has none.
    const channelChoice = panel.getByLabel('Channel for the next free slot');
    expect(await channelChoice.inputValue()).toBe(channelId);
    await channelChoice.selectOption(otherChannelId);
    await panel.getByRole('button', { name: 'Next free slot' }).click();
    await status.getByText(/has no free queue slot/).waitFor();
    expect(await field.inputValue()).toBe('');

    await channelChoice.selectOption(channelId);
    await panel.getByRole('button', { name: 'Next free slot' }).click();
    await expect.poll(() => field.inputValue(), { timeout: 10_000 }).toBe(`${dayA}T10:00`);
    await status.getByText(/^Next free slot on @wachtrij@example\.social/).waitFor();
    await expectAccessible('schedule panel with a next free slot');

    // Asked again while the field still holds that slot: the one after it.
    await panel.getByRole('button', { name: 'Next free slot' }).click();
    await expect.poll(() => field.inputValue(), { timeout: 10_000 }).toBe(`${dayB}T14:30`);

    await panel.getByRole('button', { name: 'Schedule', exact: true }).click();
    await e.page.getByText(/^Planned for/).waitFor();
    const { post } = await loadPost(e.running.ctx.db, postId);
    expect(post.state).toBe('scheduled');
    if (!post.plannedAt) throw new Error('not planned');
    expect(wallClock(post.plannedAt, ZONE).local).toBe(`${dayB}T14:30`);
    expect(pageErrors).toEqual([]);
  });
});
