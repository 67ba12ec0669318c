import { eq, sql } from 'drizzle-orm';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/app/demo-data.js';
import { organisations } from '../../src/features/registry/schema.js';
import { buildChannel } from '../factories.js';
import { type MastodonPeer, startMastodonPeer } from '../peers/mastodon/server.js';
import { startWebhookPeer, type WebhookPeer } from '../peers/webhook.js';
import { type E2E, seriousA11yViolations, signIn, startE2E } from './harness.js';

const CHIEF = 'an.peeters@demo.kanaal.local'; // editor in chief of FPS Personnel and Organisation
const VIEWER = 'lotte.claes@demo.kanaal.local'; // viewer at the Flemish government

/**
 * Channel health as an editor in chief uses it, in Chromium: a Mastodon channel connected by signing
 * in at a local Mastodon server (the browser really goes there and comes back), a refused sign-in
 * shown as such, checked and disconnected; a webhook channel whose form shows the server's field
 * errors and the receiver's refusal before it connects; and a viewer who can look but not act —
 * with axe on the page and the dialogs.
 */
describe('channel health in the browser', () => {
  let e: E2E;
  let mastodon: MastodonPeer;
  let webhook: WebhookPeer;
  let organisationId = '';
  const pageErrors: string[] = [];
  const MASTODON_NAME = 'FOD BOSA op Mastodon';
  const WEBSITE_NAME = 'Fedweb-proef';

  beforeAll(async () => {
    mastodon = await startMastodonPeer();
    webhook = await startWebhookPeer();
    e = await startE2E({ env: { KANAAL_ALLOW_URLS: '127.0.0.1' } });
    // The harness listens on a port chosen at start; the network must send the browser back there.
    e.running.ctx.config.publicUrl = e.baseUrl;
    e.page.on('pageerror', (error) => pageErrors.push(error.message));
    const db = e.running.ctx.db;
    const [organisation] = await db.select().from(organisations).where(eq(organisations.slug, 'fod-po'));
    organisationId = organisation?.id ?? '';
    mastodon.createAccount({ username: 'fodpo' });
    mastodon.createAccount({ username: 'impostor' });
    await buildChannel(db, organisationId, { network: 'mastodon', handle: `@fodpo@${mastodon.domain}`, displayName: MASTODON_NAME });
    await buildChannel(db, organisationId, { network: 'website', handle: 'proef.fedweb.example', displayName: WEBSITE_NAME });
    await signIn(e.page, CHIEF, DEMO_PASSWORD);
  });
  afterAll(async () => {
    await e?.close();
    await mastodon?.close();
    await webhook?.close();
  });

  const expectAccessible = async (what: string) => {
    expect(await seriousA11yViolations(e.page), `axe on ${what}`).toEqual([]);
  };
  const row = (name: string): Locator => e.page.getByRole('row').filter({ has: e.page.getByRole('rowheader', { name }) });
  // One toast, not the live region that lists them all: a pattern anchored with ^ must not see an older one before it.
  const toast = (text: string | RegExp) => e.page.locator('.toast-region .toast').filter({ hasText: text }).last();

  it('lists the channels with their health in words', async () => {
    await e.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Channel health' }).click();
    await e.page.getByRole('heading', { level: 1, name: 'Channel health' }).waitFor();
    await e.page.getByRole('combobox', { name: 'Organisation' }).selectOption(organisationId);
    await row(MASTODON_NAME).getByText('Not connected').first().waitFor();
    expect(await row(MASTODON_NAME).textContent()).toContain('No account connected: Kanaal cannot publish here.');
    await e.page.getByRole('columnheader', { name: /Network/ }).click();
    expect(await e.page.getByRole('columnheader', { name: /Network/ }).getAttribute('aria-sort')).toBe('ascending');
    await expectAccessible('channel health');
  });

  it('shows a refused sign-in at the network as a failure with its reason', async () => {
    mastodon.settings.authorizeAs = 'impostor';
    await row(MASTODON_NAME)
      .getByRole('button', { name: `Connect ${MASTODON_NAME}` })
      .click();
    const dialog = e.page.getByRole('dialog', { name: `Connect ${MASTODON_NAME}` });
    await dialog.getByLabel('Mastodon server').fill(mastodon.url);
    await expectAccessible('connect dialog (OAuth)');
    await dialog.getByRole('button', { name: 'Continue to Mastodon' }).click();
    await e.page.waitForURL(/\/channels\/health\?.*connection=failed/);
    const alert = e.page.getByRole('alert').filter({ hasText: 'Connecting failed' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('You signed in as @impostor@');
    await expectAccessible('failed connection notice');
    await alert.getByRole('button', { name: 'Dismiss notification' }).click();
    await alert.waitFor({ state: 'detached' });
    expect(new URL(e.page.url()).searchParams.has('connection')).toBe(false);
  });

  it('connects by signing in at the Mastodon server and coming back', async () => {
    mastodon.settings.authorizeAs = 'fodpo';
    await e.page.getByRole('combobox', { name: 'Organisation' }).selectOption(organisationId);
    await row(MASTODON_NAME)
      .getByRole('button', { name: `Connect ${MASTODON_NAME}` })
      .click();
    const dialog = e.page.getByRole('dialog', { name: `Connect ${MASTODON_NAME}` });
    await dialog.getByLabel('Mastodon server').fill(mastodon.url);
    await dialog.getByRole('button', { name: 'Continue to Mastodon' }).click();
    await e.page.waitForURL(/\/channels\/health\?.*connection=connected/);
    // The notice names the channel once its status has loaded.
    const notice = e.page.getByRole('status').filter({ hasText: `${MASTODON_NAME} is connected. Kanaal can now publish` });
    await notice.waitFor();
    await e.page.getByRole('combobox', { name: 'Organisation' }).selectOption(organisationId);
    await row(MASTODON_NAME).getByText('OK', { exact: true }).waitFor();
    expect(await row(MASTODON_NAME).textContent()).toContain('by An Peeters');
    await expectAccessible('connected');
    await notice.getByRole('button', { name: 'Dismiss notification' }).click();
    await notice.waitFor({ state: 'detached' });
  });

  it('shows a problem in the interface language, and one known only in English marked as English', async () => {
    const db = e.running.ctx.db;
    const failedAt = sql`now() - interval '5 minutes'`;
    const channelOf = sql`(SELECT id FROM channels WHERE display_name = ${MASTODON_NAME})`;
    await db.execute(sql`UPDATE channel_connections SET last_success_at = now() - interval '1 hour', last_error_at = ${failedAt},
      last_error = 'the network refused the post (Text character limit of 500 exceeded)', last_error_code = 'post_refused',
      last_error_params = '{"message": "Text character limit of 500 exceeded"}'::jsonb WHERE channel_id = ${channelOf}`);
    await e.page.goto(`/channels/health?organisationId=${organisationId}&lang=nl`);
    const coded = row(MASTODON_NAME).locator('.health-cell');
    await coded.getByText('Laatste oproep mislukt', { exact: false }).waitFor();
    expect(await coded.textContent()).toContain('het netwerk weigerde het bericht (Text character limit of 500 exceeded)');
    expect(await coded.locator('[lang="en"]').count()).toBe(0);

    // A problem stored before problems had codes: only the English sentence exists.
    await db.execute(sql`UPDATE channel_connections SET last_error = 'the server said something new',
      last_error_code = NULL, last_error_params = NULL WHERE channel_id = ${channelOf}`);
    await e.page.reload();
    await coded.locator('[lang="en"]', { hasText: 'the server said something new' }).waitFor();
    expect(await coded.textContent()).toContain('Laatste oproep mislukt');
    await expectAccessible('a problem known only in English');
    await e.page.goto(`/channels/health?organisationId=${organisationId}&lang=en`);
    await e.page.getByRole('heading', { level: 1, name: 'Channel health' }).waitFor();
  });

  it('checks the connection now, then disconnects after confirmation', async () => {
    await row(MASTODON_NAME)
      .getByRole('button', { name: `Check now ${MASTODON_NAME}` })
      .click();
    await toast(`Checked: the connection with ${MASTODON_NAME} works.`).waitFor();

    await row(MASTODON_NAME)
      .getByRole('button', { name: `Disconnect ${MASTODON_NAME}` })
      .click();
    const confirm = e.page.getByRole('alertdialog', { name: `Disconnect ${MASTODON_NAME}?` });
    await confirm.waitFor();
    await expectAccessible('disconnect confirmation');
    await confirm.getByRole('button', { name: 'Disconnect' }).click();
    await confirm.waitFor({ state: 'detached' });
    await toast(`${MASTODON_NAME} has been disconnected.`).waitFor();
    await row(MASTODON_NAME).getByText('Not connected').first().waitFor();
  });

  it('connects a webhook channel: field errors on their field, the receiver’s refusal in the dialog', async () => {
    await row(WEBSITE_NAME)
      .getByRole('button', { name: `Connect ${WEBSITE_NAME}` })
      .click();
    const dialog = e.page.getByRole('dialog', { name: `Connect ${WEBSITE_NAME}` });
    const address = dialog.getByLabel('Receiver address');
    const secret = dialog.getByLabel('Shared secret', { exact: true });
    await address.fill('not an address');
    await secret.fill('too short');
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Correct the marked fields.' }).waitFor();
    expect(await address.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.locator('#connect-url-error').textContent()).toBe('This is not a web address.');
    expect(await secret.getAttribute('aria-invalid')).toBeNull();
    await expectAccessible('connect dialog with field errors');

    await address.fill(webhook.url);
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
    await dialog.getByRole('alert').filter({ hasText: 'at least 32 characters' }).waitFor();
    expect(await address.getAttribute('aria-invalid')).toBeNull();

    // A generated secret is shown so it can be copied to the receiver; this receiver has another one.
    await dialog.getByRole('button', { name: 'Generate a secret' }).click();
    expect(await secret.getAttribute('type')).toBe('text');
    expect((await secret.inputValue()).length).toBeGreaterThanOrEqual(32);
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
    await dialog.getByRole('alert').filter({ hasText: 'shared secret the same on both sides' }).waitFor();
    await expectAccessible('connect dialog with the receiver’s refusal');

    await secret.fill(webhook.secret);
    await dialog.getByRole('button', { name: 'Connect', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    await toast(`${WEBSITE_NAME} is connected.`).waitFor();
    await row(WEBSITE_NAME).getByText('OK', { exact: true }).waitFor();
    expect(webhook.pings).toBeGreaterThanOrEqual(1);
  });

  it('lets a viewer look without offering actions', async () => {
    await e.context.clearCookies();
    await signIn(e.page, VIEWER, DEMO_PASSWORD);
    await e.page.goto('/channels/health?organisationId=all');
    await e.page.getByRole('heading', { level: 1, name: 'Channel health' }).waitFor();
    await e.page.getByText('Only administrators and editors in chief can connect').waitFor();
    const offered = await e.page.getByRole('button', { name: /^(Connect|Reconnect|Check now|Disconnect)(\s|…|$)/ }).allInnerTexts();
    expect(offered).toEqual([]);
    await expectAccessible('channel health for a viewer');
    expect(pageErrors).toEqual([]);
  });
});
