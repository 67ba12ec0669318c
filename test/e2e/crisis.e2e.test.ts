import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, seriousA11yViolations, signIn, startE2E } from './harness.js';

/**
 * The crisis pause as an administrator uses it in Chromium: pause an organisation with a reason
 * (after a confirmation), see the banner on another page, find the pause on the crisis page, lift
 * it with a reason and see the banner go — with axe on the crisis and publishing pages and dialogs.
 */
describe('crisis pause in the browser', () => {
  let e: E2E;
  const pageErrors: string[] = [];
  const REASON = 'Nationale rouw: alle geplande berichten tegenhouden';

  beforeAll(async () => {
    e = await startE2E();
    e.page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(e.page);
  });
  afterAll(async () => e?.close());

  const expectAccessible = async (what: string) => {
    expect(await seriousA11yViolations(e.page), `axe on ${what}`).toEqual([]);
  };
  const banner = () => e.page.getByRole('region', { name: 'Publishing is paused' });

  it('shows the crisis page with no pause, an empty held list and a form that asks for a reason', async () => {
    await e.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Crisis' }).click();
    await e.page.getByRole('heading', { level: 1, name: 'Crisis' }).waitFor();
    await e.page.getByRole('heading', { name: 'No pause is active' }).waitFor();
    await e.page.getByRole('heading', { name: 'No held posts' }).waitFor();
    expect(await banner().count()).toBe(0);
    await expectAccessible('crisis page');

    await e.page.getByRole('button', { name: 'Pause publishing…' }).click();
    const reason = e.page.getByLabel('Reason');
    await e.page.getByText('Give a reason.').waitFor();
    expect(await reason.getAttribute('aria-invalid')).toBe('true');
    expect(await reason.getAttribute('aria-describedby')).toContain('pause-reason-error');
    expect(await e.page.getByRole('alertdialog').count()).toBe(0);
    await expectAccessible('crisis page with a field error');
  });

  it('pauses an organisation after a clear confirmation', async () => {
    expect(await e.page.getByLabel('An organisation and its sub-organisations').isChecked()).toBe(true);
    await e.page.getByLabel('Reason').fill(REASON);
    await e.page.getByRole('button', { name: 'Pause publishing…' }).click();
    const dialog = e.page.getByRole('alertdialog', { name: 'Pause publishing?' });
    await dialog.getByText('Nothing in scope will be published until you resume. Posts already due are held, not lost.').waitFor();
    await expectAccessible('pause confirmation');
    await dialog.getByRole('button', { name: 'Pause now' }).click();
    await dialog.waitFor({ state: 'detached' });
    await e.page.getByRole('status').filter({ hasText: 'Publishing is paused.' }).waitFor();
    await e.page.getByRole('list', { name: 'Active pauses' }).getByText(REASON).waitFor();
  });

  it('shows the banner on every page, with a link to the crisis page', async () => {
    await e.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Channels' }).click();
    await e.page.getByRole('heading', { level: 1, name: 'Channels' }).waitFor();
    await banner().waitFor();
    const text = await banner().textContent();
    expect(text).toContain('Publishing is paused for');
    expect(text).toContain('and its sub-organisations');
    expect(text).toContain(REASON);
    await expectAccessible('channels page with the pause banner');
    await banner().getByRole('link', { name: 'Go to the crisis page' }).click();
    await e.page.getByRole('heading', { level: 1, name: 'Crisis' }).waitFor();
  });

  it('lifts the pause with a reason, and the banner goes', async () => {
    await e.page.getByRole('button', { name: /^Lift the pause for/ }).click();
    const dialog = e.page.getByRole('alertdialog', { name: 'Lift the pause?' });
    await dialog.getByRole('button', { name: 'Lift pause' }).click();
    await dialog.getByText('Give a reason.').waitFor();
    await expectAccessible('lift dialog with a field error');
    await dialog.getByLabel('Why are you lifting the pause?').fill('Rouwperiode voorbij');
    await dialog.getByRole('button', { name: 'Lift pause' }).click();
    await dialog.waitFor({ state: 'detached' });
    await e.page.getByRole('status').filter({ hasText: 'has been lifted' }).waitFor();
    await banner().waitFor({ state: 'detached' });
    await e.page.getByRole('heading', { name: 'No pause is active' }).waitFor();
    await e.page.getByRole('table', { name: 'Lifted pauses, most recent first' }).getByText('Rouwperiode voorbij').waitFor();
    await expectAccessible('crisis page after lifting');
  });

  it('shows the publishing page with a state filter, accessibly', async () => {
    await e.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Publishing' }).click();
    await e.page.getByRole('heading', { level: 1, name: 'Publishing' }).waitFor();
    await e.page.getByRole('heading', { name: 'No publications yet' }).waitFor();
    await expectAccessible('publishing page');
    await e.page.getByLabel('Status').selectOption('held');
    await e.page.getByRole('heading', { name: 'No publications with this status' }).waitFor();
    expect(e.page.url()).toContain('state=held');
    await e.page.getByRole('button', { name: 'Show all statuses' }).click();
    await e.page.getByRole('heading', { name: 'No publications yet' }).waitFor();
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
