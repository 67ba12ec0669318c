import { and, eq, sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveChannelConnection } from '../../src/features/connections/accounts.js';
import { publications } from '../../src/features/publishing/schema.js';
import { channels, organisations } from '../../src/features/registry/schema.js';
import { SYSTEM_ACTOR } from '../../src/kit/audit.js';
import { buildChannel, buildUser, type TestUser } from '../factories.js';
import { type CreatedAccount, type MastodonPeer, startMastodonPeer } from '../peers/mastodon/server.js';
import { type E2E, seriousA11yViolations, signIn, startE2E } from './harness.js';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * The whole way in Chromium: the administrator composes a post for a connected Mastodon channel
 * and submits it; an editor in chief (the organisation's one approval step) approves it in another
 * browser; the administrator schedules it and finds it on the calendar; when it is due the worker
 * publishes it to the Mastodon peer exactly once and the post and calendar say "Published".
 */
describe('compose → approve → calendar → published, in the browser', () => {
  let e: E2E;
  let peer: MastodonPeer;
  let account: CreatedAccount;
  let approver: TestUser;
  let approverPage: Page;
  let organisationId = '';
  let handle = '';
  let postId = '';
  const pageErrors: string[] = [];
  const text = `Het stadhuis is zaterdag open van 9 tot 12 uur. ${Date.now().toString(36)}`;
  // Tomorrow 09:30 in the organisation's zone: never in the past while the test runs.
  const tomorrow = new Date(Date.now() + 86_400_000);
  const day = `${tomorrow.getUTCFullYear()}-${pad(tomorrow.getUTCMonth() + 1)}-${pad(tomorrow.getUTCDate())}`;

  beforeAll(async () => {
    peer = await startMastodonPeer();
    e = await startE2E();
    e.page.on('pageerror', (error) => pageErrors.push(error.message));
    const db = e.running.ctx.db;
    const [org] = await db.select().from(organisations).where(eq(organisations.timeZone, 'Europe/Brussels')).limit(1);
    if (!org) throw new Error('no demo organisation');
    organisationId = org.id;
    account = peer.createAccount({ username: 'stadhuisnieuws' });
    handle = `@stadhuisnieuws@${peer.domain}`;
    const channel = await buildChannel(db, org.id, { network: 'mastodon', handle, languages: ['nl'] });
    await db.transaction((tx) =>
      saveChannelConnection(tx, e.running.ctx.keyring, SYSTEM_ACTOR, {
        channelId: channel.id,
        apiBaseUrl: peer.url,
        credentials: { accessToken: account.accessToken },
        remoteAccountId: account.account.id,
      }),
    );
    approver = await buildUser(db, { roles: [[org.id, 'editor_in_chief']], email: `chief-${Date.now()}@kanaal.test`, password: 'e2e-chief-password-1' });
    const workflow = await e.running.server?.inject({
      method: 'PUT',
      url: `/api/organisations/${org.id}/approval-workflow`,
      headers: approver.headers,
      payload: { steps: [{ name: 'Hoofdredactie', role: 'editor_in_chief', rule: 'any' }] },
    });
    expect(workflow?.statusCode, workflow?.body).toBe(200);
    await signIn(e.page);
    approverPage = await (await e.browser.newContext({ baseURL: e.baseUrl, locale: 'en-GB' })).newPage();
    await approverPage.addInitScript({ content: "localStorage.setItem('kanaal.lang', 'en');" });
    approverPage.on('pageerror', (error) => pageErrors.push(error.message));
  });
  afterAll(async () => {
    await e?.close();
    await peer?.close();
  });

  const expectAccessible = async (page: Page, what: string) => expect(await seriousA11yViolations(page), `axe on ${what}`).toEqual([]);

  it('composes and submits for approval', async () => {
    await e.page.goto(`/posts/new?organisationId=${organisationId}`);
    await e.page.getByRole('heading', { level: 1, name: 'New post' }).waitFor();
    await e.page.getByLabel('Title').fill('Stadhuis zaterdag open');
    await e.page.getByRole('tab', { name: 'NL' }).click();
    await e.page.getByLabel('Text in Dutch').fill(text);
    await e.page.getByRole('checkbox', { name: new RegExp(handle.replace(/[.@]/g, '\\$&')) }).check();
    await e.page.getByRole('button', { name: 'Save draft' }).click();
    await e.page.waitForURL(/\/posts\/[0-9a-f-]{36}$/);
    postId = e.page.url().split('/').pop() ?? '';
    await e.page.getByRole('button', { name: 'Submit for approval' }).click();
    await e.page.getByRole('status').filter({ hasText: 'submitted for approval' }).waitFor();
    await e.page.getByText('Step 1: Hoofdredactie').waitFor();
    // The author cannot approve their own post.
    expect(await e.page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
  });

  it('is approved by the editor in chief in another browser', async () => {
    await signIn(approverPage, approver.user.email, approver.password);
    await approverPage.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Approvals' }).click();
    await approverPage.getByRole('heading', { level: 1, name: 'Approvals' }).waitFor();
    await approverPage.getByRole('link', { name: 'Stadhuis zaterdag open' }).click();
    await approverPage.waitForURL(new RegExp(`/posts/${postId}$`));
    await expectAccessible(approverPage, 'post under review');
    await approverPage.getByRole('button', { name: 'Approve' }).click();
    await approverPage.getByText('You approved the post.').waitFor();
  });

  it('is scheduled and shows on the calendar', async () => {
    await e.page.reload();
    await e.page.getByText('Approved: ready to schedule.').waitFor();
    await e.page.getByLabel('Date and time').fill(`${day}T09:30`);
    await e.page.getByRole('button', { name: 'Schedule', exact: true }).click();
    await e.page.getByText(/Planned for/).waitFor();
    await e.page.goto(`/calendar?view=list&date=${day}&organisationId=${organisationId}`);
    const chip = e.page.locator(`.calendar-chip[data-post-id="${postId}"]`);
    await chip.getByText('09:30').waitFor();
    await chip.getByText('Scheduled').waitFor();
    await expectAccessible(e.page, 'calendar with the scheduled post');
  });

  it('goes out once when due, and the post and calendar say Published', async () => {
    expect(peer.state.statusesOf(account.account.id)).toHaveLength(0);
    // The clock jumps to the planned time: the publication becomes due now.
    const db = e.running.ctx.db;
    await db.update(publications).set({ dueAt: sql`now()` }).where(eq(publications.postId, postId));
    const deadline = Date.now() + 20_000;
    while (peer.state.statusesOf(account.account.id).length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    await e.page.reload();
    const chip = e.page.locator(`.calendar-chip[data-post-id="${postId}"]`);
    await chip.getByText('Published').waitFor({ timeout: 15_000 });
    await e.page.goto(`/posts/${postId}`);
    await e.page.getByText('Published.').waitFor();
    await expectAccessible(e.page, 'published post');

    const statuses = peer.state.statusesOf(account.account.id);
    expect(statuses.map((s) => s.text)).toEqual([text]);
    const [row] = await db
      .select()
      .from(publications)
      .innerJoin(channels, eq(channels.id, publications.channelId))
      .where(and(eq(publications.postId, postId), eq(channels.handle, handle)));
    expect(row?.publications).toMatchObject({ state: 'published', remoteId: statuses[0]?.id });
    expect(pageErrors).toEqual([]);
  });
});
