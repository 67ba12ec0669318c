import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPost } from '../../src/features/compose/post-service.js';
import { reschedulePost } from '../../src/features/planning/calendar-service.js';
import { channels, organisations } from '../../src/features/registry/schema.js';
import type { Caller } from '../../src/kit/access.js';
import { users } from '../../src/kit/auth/schema.js';
import { ADMIN, type E2E, seriousA11yViolations, signIn, startE2E } from './harness.js';

const pad = (n: number) => String(n).padStart(2, '0');
const dateOf = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/**
 * The calendar as the administrator in Chromium: a post planned through the services appears in
 * the month, week and list views; "Move…" (the keyboard alternative to dragging) moves it to
 * another day and time in the organisation's zone; a time skipped by daylight saving is refused
 * with a readable error. Axe on every view and on the dialog.
 */
describe('calendar in the browser', () => {
  let e: E2E;
  const pageErrors: string[] = [];
  let postId = '';
  let organisationId = '';
  let handle = '';
  // Ten days ahead (UTC date, planned at 10:00 local) so the test never plans in the past.
  const day = dateOf(new Date(Date.now() + 10 * 86_400_000));
  const target = dateOf(new Date(Date.now() + 12 * 86_400_000));

  beforeAll(async () => {
    e = await startE2E();
    e.page.on('pageerror', (error) => pageErrors.push(error.message));
    const db = e.running.ctx.db;
    const [admin] = await db.select().from(users).where(eq(users.email, ADMIN.email));
    if (!admin) throw new Error('no admin');
    const caller: Caller = { userId: admin.id, email: admin.email, name: admin.name, isSuperadmin: admin.isSuperadmin, via: 'session' };
    // A demo organisation in Brussels time with an active channel (for the CSV import).
    const [found] = await db
      .select({ organisationId: channels.organisationId, handle: channels.handle })
      .from(channels)
      .innerJoin(organisations, eq(organisations.id, channels.organisationId))
      .where(and(eq(organisations.timeZone, 'Europe/Brussels'), eq(channels.status, 'active')))
      .limit(1);
    if (!found) throw new Error('no demo organisation with a channel');
    organisationId = found.organisationId;
    handle = found.handle;
    const org = { id: organisationId };
    const post = await createPost(db, caller, org.id, { title: 'Kalenderproef', baseText: 'Een bericht voor de kalender', texts: {}, channels: [] });
    postId = post.id;
    await reschedulePost(db, caller, { postId, plannedAt: `${day}T10:00` });
    await signIn(e.page);
  });
  afterAll(async () => e?.close());

  const chip = () => e.page.locator(`.calendar-chip[data-post-id="${postId}"]`);
  const expectAccessible = async (what: string) => expect(await seriousA11yViolations(e.page), `axe on ${what}`).toEqual([]);

  it('opens from the sidebar and shows the post in the month, week and list views', async () => {
    await e.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Calendar' }).click();
    await e.page.getByRole('heading', { level: 1, name: 'Calendar' }).waitFor();
    await e.page.goto(`/calendar?date=${day}&organisationId=${organisationId}`);
    await e.page.locator(`td[data-date="${day}"] .calendar-chip[data-post-id="${postId}"]`).waitFor();
    expect(await chip().getByText('10:00').count()).toBe(1);
    expect(await e.page.getByRole('table').locator('caption').textContent()).toContain('Calendar:');
    await expectAccessible('month view');

    await e.page.getByRole('button', { name: 'Week', exact: true }).click();
    await e.page.waitForURL(/view=week/);
    await e.page.locator(`td[data-date="${day}"][data-hour="10:00"] .calendar-chip[data-post-id="${postId}"]`).waitFor();
    await expectAccessible('week view');

    await e.page.getByRole('button', { name: 'List', exact: true }).click();
    await e.page.waitForURL(/view=list/);
    await e.page.locator(`section[data-date="${day}"] .calendar-chip[data-post-id="${postId}"]`).waitFor();
    await expectAccessible('list view');

    await e.page.getByRole('button', { name: 'Month', exact: true }).click();
    await e.page.waitForURL(/view=month/);
    await chip().waitFor();
    // Filters live in the URL.
    await e.page.getByLabel('State').selectOption('draft');
    await e.page.waitForURL(/state=draft/);
    await chip().waitFor();
  });

  it('moves the post with the keyboard dialog and shows it in the new slot', async () => {
    await chip().getByRole('button', { name: /^Move/ }).click();
    const dialog = e.page.getByRole('dialog', { name: 'Move post' });
    await dialog.waitFor();
    await expectAccessible('move dialog');
    await dialog.getByLabel('New date and time').fill(`${target}T14:30`);
    await dialog.getByRole('button', { name: 'Move', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await e.page.locator(`td[data-date="${target}"] .calendar-chip[data-post-id="${postId}"]`).waitFor();
    expect(await chip().getByText('14:30').count()).toBe(1);
    expect(await e.page.locator(`td[data-date="${day}"] .calendar-chip[data-post-id="${postId}"]`).count()).toBe(0);
  });

  it('moves the post by dragging it to another day, keeping its time', async () => {
    const next = dateOf(new Date(Date.parse(`${target}T00:00:00Z`) + 86_400_000));
    await chip().dragTo(e.page.locator(`td[data-date="${next}"]`));
    await e.page.locator(`td[data-date="${next}"] .calendar-chip[data-post-id="${postId}"]`).waitFor();
    expect(await chip().getByText('14:30').count()).toBe(1);
  });

  it('explains a refused time (one that does not exist in the organisation’s zone)', async () => {
    const year = new Date().getUTCFullYear() + 1;
    // The last Sunday of March: Brussels skips 02:00–03:00.
    const march31 = new Date(Date.UTC(year, 2, 31));
    const lastSunday = dateOf(new Date(march31.getTime() - march31.getUTCDay() * 86_400_000));
    await chip().getByRole('button', { name: /^Move/ }).click();
    const dialog = e.page.getByRole('dialog', { name: 'Move post' });
    await dialog.getByLabel('New date and time').fill(`${lastSunday}T02:30`);
    await dialog.getByRole('button', { name: 'Move', exact: true }).click();
    await dialog.getByRole('alert').getByText('This time cannot be used.').waitFor();
    expect(await dialog.getByRole('alert').textContent()).toContain('does not exist');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(pageErrors).toEqual([]);
  });

  it('plans posts from CSV with a dry-run report first', async () => {
    expect(handle).not.toBe('');
    const year = new Date().getUTCFullYear() + 1;
    const march31 = new Date(Date.UTC(year, 2, 31));
    const lastSunday = dateOf(new Date(march31.getTime() - march31.getUTCDay() * 86_400_000));
    await e.page.getByRole('button', { name: 'Import from CSV…' }).click();
    const dialog = e.page.getByRole('dialog', { name: 'Plan posts from CSV' });
    await dialog.getByLabel('Organisation').selectOption(organisationId);
    await dialog.getByLabel('CSV content').fill(`channel;planned;text;language\n${handle};${target}T16:00;Uit CSV;nl\n${handle};${lastSunday}T02:30;Nacht;nl`);
    await dialog.getByRole('button', { name: 'Check' }).click();
    await dialog.getByText('Check: 1 rows fine, 1 with errors').waitFor();
    await dialog.getByText(/does not exist/).waitFor();
    expect(await dialog.getByRole('button', { name: 'Import', exact: true }).isDisabled()).toBe(true);
    await expectAccessible('import dialog with a report');
    await dialog.getByLabel('CSV content').fill(`channel;planned;text;language\n${handle};${target}T16:00;Uit CSV;nl`);
    await dialog.getByRole('button', { name: 'Check' }).click();
    await dialog.getByText('Check: 1 rows fine, 0 with errors').waitFor();
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await e.page.locator(`td[data-date="${target}"] .calendar-chip`).filter({ hasText: 'Uit CSV' }).waitFor();
    expect(pageErrors).toEqual([]);
  });
});
