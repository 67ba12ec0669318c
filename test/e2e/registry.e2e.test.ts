import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, seriousA11yViolations, signIn, startE2E } from './harness.js';

/**
 * The foundation as a person uses it, in Debian's Chromium: sign in, create an organisation and a
 * channel, import a CSV, open the inventory report and the public directory — with axe run on every
 * page on the way.
 */
describe('registry in the browser', () => {
  let e: E2E;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    e = await startE2E();
    e.page.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterAll(async () => e?.close());

  const expectAccessible = async (what: string) => {
    expect(await seriousA11yViolations(e.page), `axe on ${what}`).toEqual([]);
  };

  it('shows an accessible sign-in page and signs in', async () => {
    await e.page.goto('/sign-in');
    await e.page.getByRole('button', { name: 'Sign in' }).waitFor();
    await expectAccessible('sign-in');
    await e.page.getByLabel('Email address').fill('admin@kanaal.test');
    await e.page.getByLabel('Password').fill('wrong password here');
    await e.page.getByRole('button', { name: 'Sign in' }).click();
    await e.page.getByRole('alert').waitFor();
    await signIn(e.page);
    await e.page.getByRole('heading', { level: 1, name: /Welcome/ }).waitFor();
    await expectAccessible('overview');
  });

  it('creates a sub-organisation', async () => {
    await e.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Organisations' }).click();
    await e.page.getByRole('treegrid').waitFor();
    await e.page.getByRole('row', { name: /FPS Personnel and Organisation/ }).first().click();
    await e.page.getByRole('button', { name: 'Add sub-organisation' }).click();
    const dialog = e.page.getByRole('dialog');
    await dialog.getByLabel('Official name').fill('Directoraat Proef');
    await expectAccessible('organisation dialog');
    await dialog.getByRole('button', { name: 'Create organisation' }).click();
    await dialog.waitFor({ state: 'detached' });
    await e.page.getByRole('status').filter({ hasText: 'Directoraat Proef has been created' }).waitFor();
    await expectAccessible('organisations');
  });

  it('creates a channel, showing field errors from the server next to the field', async () => {
    await e.page.goto('/channels');
    await e.page.getByRole('heading', { level: 1, name: 'Channels' }).waitFor();
    await expectAccessible('channels');
    await e.page.getByRole('button', { name: 'New channel' }).click();
    const dialog = e.page.getByRole('dialog', { name: 'New channel' });
    await dialog.getByLabel('Organisation').selectOption({ label: 'Directoraat Proef' });
    await dialog.getByLabel('Network').selectOption('mastodon');
    await dialog.getByLabel('Account handle').fill('not a mastodon handle');
    await dialog.getByLabel('Dutch').check();
    await dialog.getByRole('button', { name: 'Create channel' }).click();
    await dialog.getByRole('alert').waitFor();
    const handle = dialog.getByLabel('Account handle');
    expect(await handle.getAttribute('aria-invalid')).toBe('true');
    await handle.fill('@proef@social.example');
    await dialog.getByLabel('Number of followers').fill('1234');
    await dialog.getByLabel('Measured on').fill('2026-11-01');
    await dialog.getByRole('button', { name: 'Create channel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await e.page.getByRole('status').filter({ hasText: 'added to the registry' }).waitFor();
    await e.page.getByRole('cell', { name: /@proef@social.example/ }).first().waitFor();
  });

  it('imports a CSV after a dry run that shows what would change', async () => {
    await e.page.goto('/channels/import');
    await e.page.getByRole('heading', { level: 1, name: 'Import channels' }).waitFor();
    await e.page.getByRole('combobox', { name: 'Organisation' }).selectOption({ label: 'Directoraat Proef' });
    const csv = e.page.getByLabel('Or paste the CSV here');
    await csv.fill('network;handle;languages;follower_count\nbluesky;proef.example.be;nl|fr;300\nnotanetwork;@foo;nl;1\n');
    await e.page.getByRole('button', { name: 'Dry run' }).click();
    await e.page.getByRole('heading', { name: 'Dry run result' }).waitFor();
    expect(await e.page.getByRole('button', { name: 'Apply import' }).isDisabled()).toBe(true);
    await expectAccessible('import report with errors');
    await csv.fill('network;handle;languages;follower_count\nbluesky;proef.example.be;nl|fr;300\nmastodon;@proef@social.example;nl;1500\n');
    await e.page.getByRole('button', { name: 'Dry run' }).click();
    await e.page.getByText('New: 1, updated: 1, unchanged: 0, errors: 0.').waitFor();
    await e.page.getByRole('button', { name: 'Apply import' }).click();
    await e.page.getByRole('heading', { name: 'Import applied' }).waitFor();
    const channels = (await (await fetch(`${e.baseUrl}/api/public/directory`)).json()) as { organisations: Array<{ channels: Array<{ handle: string }> }> };
    const handles = channels.organisations.flatMap((o: { channels: Array<{ handle: string }> }) => o.channels.map((c) => c.handle));
    expect(handles).toContain('proef.example.be');
  });

  it('opens the inventory report: sortable, CSV and print version', async () => {
    await e.page.goto('/reports/inventory');
    await e.page.getByRole('heading', { level: 1, name: 'Channel inventory' }).waitFor();
    await e.page.getByRole('grid').waitFor();
    await e.page.getByRole('row', { name: /Directoraat Proef/ }).waitFor();
    await e.page.getByRole('columnheader', { name: /Reach/ }).click();
    expect(await e.page.getByRole('columnheader', { name: /Reach/ }).getAttribute('aria-sort')).toMatch(/ascending|descending/);
    await expectAccessible('inventory report');
    const download = e.page.waitForEvent('download');
    await e.page.getByRole('link', { name: 'Download CSV' }).click();
    const csv = await (await download).path();
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(csv, 'utf8')).toContain('proef.example.be');
    const [print] = await Promise.all([e.context.waitForEvent('page'), e.page.getByRole('link', { name: 'Print version' }).click()]);
    await print.waitForLoadState();
    await print.getByRole('table').first().waitFor();
    expect(await print.textContent('body')).toContain('Directoraat Proef');
    expect(await seriousA11yViolations(print)).toEqual([]);
    await print.close();
  });

  it('shows the audit log and settings accessibly', async () => {
    await e.page.goto('/audit');
    await e.page.getByRole('button', { name: 'Show changes' }).first().click();
    await expectAccessible('audit log');
    await e.page.goto('/settings');
    await e.page.getByLabel('Token name').waitFor();
    await expectAccessible('settings');
  });

  it('publishes the new channel in the accessible public directory, without sign-in', async () => {
    const visitorContext = await e.browser.newContext({ baseURL: e.baseUrl });
    const visitor = await visitorContext.newPage();
    await visitor.goto('/directory?lang=fr');
    expect(await visitor.getAttribute('html', 'lang')).toBe('fr');
    await visitor.getByLabel(/Rechercher/).fill('proef');
    await visitor.getByRole('button', { name: /Rechercher/ }).click();
    await visitor.getByRole('link', { name: '@proef@social.example' }).waitFor();
    expect(await visitor.locator('a[rel~="me"]').count()).toBeGreaterThan(0);
    expect(await seriousA11yViolations(visitor)).toEqual([]);
    await visitorContext.close();
  });

  it('switches the interface language and remembers it', async () => {
    await e.page.goto('/channels?lang=nl');
    await e.page.getByRole('heading', { level: 1, name: 'Kanalen' }).waitFor();
    expect(await e.page.getAttribute('html', 'lang')).toBe('nl');
    // What the server refuses is said in Dutch next to the field (a code with values, not its English).
    await e.page.getByRole('button', { name: 'Nieuw kanaal' }).click();
    const dialog = e.page.getByRole('dialog', { name: 'Nieuw kanaal' });
    await dialog.getByLabel('Organisatie').selectOption({ label: 'Directoraat Proef' });
    await dialog.getByLabel('Netwerk').selectOption('mastodon');
    await dialog.getByLabel('Account', { exact: true }).fill('geen handle');
    await dialog.getByLabel('Profiel-URL').fill('ftp://social.example/@taal');
    await dialog.getByLabel('Nederlands').check();
    await dialog.getByRole('button', { name: 'Kanaal toevoegen' }).click();
    const profile = dialog.getByLabel('Profiel-URL');
    await expect.poll(() => profile.getAttribute('aria-invalid')).toBe('true');
    const profileError = dialog.locator(`[id="${await profile.getAttribute('id')}-error"]`);
    expect(await profileError.textContent()).toBe('Geef een adres dat met http:// of https:// begint.');
    expect(await profileError.getAttribute('lang')).toBeNull();
    // A refusal the server has only in English is shown as it is, marked as English for screen readers.
    await profile.fill('https://social.example/@taal');
    await dialog.getByRole('button', { name: 'Kanaal toevoegen' }).click();
    const handle = dialog.getByLabel('Account', { exact: true });
    await expect.poll(() => handle.getAttribute('aria-invalid')).toBe('true');
    const handleError = dialog.locator(`[id="${await handle.getAttribute('id')}-error"]`);
    expect(await handleError.getAttribute('lang')).toBe('en');
    expect(await handleError.textContent()).toMatch(/\w/);
    await expectAccessible('the channel dialog in Dutch with field errors');
    await e.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await e.page.goto('/channels');
    await e.page.getByRole('heading', { level: 1, name: 'Kanalen' }).waitFor();
    await e.page.goto('/?lang=en');
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
