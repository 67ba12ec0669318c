import { eq } from 'drizzle-orm';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/app/demo-data.js';
import { startListeningStreams } from '../../src/features/listening/stream-loop.js';
import { organisations } from '../../src/features/registry/schema.js';
import { buildChannel, buildOrganisation, buildUser, type TestUser } from '../factories.js';
import { type MastodonPeer, startMastodonPeer } from '../peers/mastodon/server.js';
import { type MastodonStreamingPeer, startMastodonStreamingPeer } from '../peers/mastodon-streaming.js';
import { type E2E, seriousA11yViolations, signIn, startE2E } from './harness.js';

const VIEWER = 'lotte.claes@demo.kanaal.local'; // viewer at the Flemish government, so also at a city below it

/**
 * Misuse detection as a communicator meets it, in Chromium, against a local Mastodon instance:
 * "Scan now" searches the instance for accounts named like the city's official channel (the job
 * runs in the server's own queue) and the three look-alikes appear with their score and evidence
 * in words (a Cyrillic letter, a digit for a letter, an added word). One is dismissed, one
 * confirmed with the note the server requires, and both stay so after a reload; the dismissal is
 * then reopened. A post streamed
 * from another instance ("Namens Stad Gent: …") is flagged as a speaking-for claim by the
 * server's claims check; it is opened on its mention's page with its words marked, and dismissed
 * there. A mention that does not exist says so. A viewer reads along without the actions. Axe on
 * every page and dialog.
 */
describe('listening misuse in the browser', () => {
  let e: E2E;
  let mastodon: MastodonPeer;
  let streaming: MastodonStreamingPeer;
  let communicator: TestUser;
  let gentId = '';
  let handle: (user: string) => string;
  const pageErrors: string[] = [];
  const CYRILLIC = 'stаdgent'; // Cyrillic а
  const FAKE = '@fake@elders.example';

  beforeAll(async () => {
    mastodon = await startMastodonPeer();
    streaming = await startMastodonStreamingPeer({ requireToken: false, heartbeatMs: 1000 });
    e = await startE2E({ env: { KANAAL_ALLOW_URLS: '127.0.0.1' } });
    e.page.on('pageerror', (error) => pageErrors.push(error.message));
    handle = (user) => `@${user}@${mastodon.domain}`;
    const db = e.running.ctx.db;

    // The city sits below the Flemish government, where the demo viewer has her role.
    const [flanders] = await db.select().from(organisations).where(eq(organisations.slug, 'vlaamse-overheid'));
    const gent = await buildOrganisation(db, { name: 'Stad Gent', parentId: flanders?.id ?? null });
    gentId = gent.id;
    communicator = await buildUser(db, { roles: [[gent.id, 'communicator']] });
    mastodon.createAccount({ username: 'stadgent', displayName: 'Stad Gent' });
    mastodon.createAccount({ username: 'stadg3nt', displayName: 'Stad G3nt' });
    mastodon.createAccount({ username: 'stadgent_official', displayName: 'Gent Nieuws' });
    mastodon.createAccount({ username: CYRILLIC, displayName: 'Stаd Gеnt' });
    mastodon.createAccount({ username: 'bakkerij', displayName: 'Bakkerij De Zon' });
    await buildChannel(db, gent.id, {
      network: 'mastodon',
      handle: handle('stadgent'),
      displayName: 'Stad Gent',
      profileUrl: `${mastodon.url}/@stadgent`,
    });
    await signIn(e.page);
  });
  afterAll(async () => {
    await e?.close();
    await mastodon?.close();
    await streaming?.close();
  });

  /** The API as a script calls it: Bearer token, no browser. */
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const response = await fetch(`${e.baseUrl}${path}`, {
      method,
      headers: { ...communicator.headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, unknown>;
    expect(response.ok, JSON.stringify(json)).toBe(true);
    return json;
  };
  const expectAccessible = async (what: string) => {
    expect(await seriousA11yViolations(e.page), `axe on ${what}`).toEqual([]);
  };
  // One toast, not the live region that lists them all: a pattern anchored with ^ must not see an older one before it.
  const toast = (text: string | RegExp) => e.page.locator('.toast-region .toast').filter({ hasText: text }).last();
  const heading = (name: string | RegExp) => e.page.getByRole('heading', { level: 1, name });
  const candidates = () => e.page.getByRole('region', { name: 'Look-alike accounts' });
  const claims = () => e.page.getByRole('region', { name: 'Posts claiming to speak for the organisation' });
  const candidate = (name: string): Locator => candidates().getByRole('article', { name, exact: true });
  const openMisuse = async () => {
    await e.page.goto(`/listening/misuse?organisationId=${gentId}`);
    await heading('Misuse').waitFor();
  };

  it('scans the instance now and shows the look-alikes with their score and evidence', async () => {
    await openMisuse();
    await candidates().getByRole('heading', { name: 'No accounts to review' }).waitFor();
    const scan = e.page.getByRole('region', { name: 'Search for look-alike accounts' });
    await scan.getByText('Not searched yet.').waitFor();
    await claims().getByRole('heading', { name: 'No posts to review' }).waitFor();
    await expectAccessible('the misuse page before any scan');

    await scan.getByRole('button', { name: 'Scan now' }).click();
    await toast('Scan started for 1 channel.').waitFor();
    // The job runs in the server's queue; the page follows it and says what it found.
    await toast('Scan finished: 3 accounts resemble an official channel.').waitFor({ timeout: 60_000 });
    await scan.getByText(/^Searched on .+: \d+ accounts found in \d+ search(es)?; 3 of them resemble this channel\.$/).waitFor();
    await candidates().getByText('3 accounts to review.').waitFor();
    expect(await candidates().getByRole('article').count()).toBe(3);

    // Best score first: a Cyrillic letter that looks just like the Latin one.
    const cyrillic = candidate(handle(CYRILLIC));
    expect(await candidates().getByRole('article').first().getAttribute('aria-labelledby')).toBe(
      await cyrillic.getAttribute('aria-labelledby'),
    );
    const cyrillicText = (await cyrillic.textContent()) ?? '';
    expect(await cyrillic.locator('dd').allTextContents()).toContain(`${handle('stadgent')} (Stad Gent)`);
    expect(cyrillicText).toContain('99%');
    expect(cyrillicText).toContain('very strong resemblance');
    expect(cyrillicText).toContain('a Cyrillic letter “а” (U+0430) that looks just like the usual “a”');
    expect(cyrillicText).toContain('mixes alphabets (Latin and Cyrillic): real names rarely do');
    expect(await cyrillic.locator('mark.highlight--lookalike').first().textContent()).toBe('а');

    const digit = candidate(handle('stadg3nt'));
    expect(await digit.textContent()).toContain('97%');
    expect(await digit.textContent()).toMatch(/“3” in place of “e”: they look alike/);
    expect(await digit.getByRole('link', { name: /^View profile/ }).getAttribute('href')).toBe(`${mastodon.url}/@stadg3nt`);

    const added = candidate(handle('stadgent_official'));
    expect(await added.textContent()).toContain('added word: “official”, as impersonators often do');
    expect(await added.textContent()).toContain('90%');
    await expectAccessible('the misuse page with candidates');
  });

  it('dismisses one and confirms another (a note is required), and both decisions stay after a reload', async () => {
    await candidates()
      .getByRole('button', { name: `Dismiss: ${handle('stadg3nt')}` })
      .click();
    const dismissDialog = e.page.getByRole('dialog', { name: `Dismiss ${handle('stadg3nt')}?` });
    await dismissDialog.getByLabel('Note (optional)').fill('Fan account of the city');
    await dismissDialog.getByRole('button', { name: 'Dismiss', exact: true }).click();
    await toast(`${handle('stadg3nt')} is dismissed: not misuse.`).waitFor();
    await candidates().getByText('2 accounts to review.').waitFor();

    await candidates()
      .getByRole('button', { name: `Confirm misuse: ${handle(CYRILLIC)}` })
      .click();
    const confirmDialog = e.page.getByRole('dialog', { name: `Confirm ${handle(CYRILLIC)} as an impersonator?` });
    await confirmDialog.getByRole('button', { name: 'Confirm misuse' }).click();
    const note = confirmDialog.getByLabel('Why is this misuse?');
    await expect.poll(() => note.getAttribute('aria-invalid')).toBe('true');
    expect(await confirmDialog.textContent()).toContain('Say why this is misuse: the note is kept with the decision.');
    await expectAccessible('the confirm dialog with a missing note');
    await note.fill('Phishing with the city’s name; reported to the instance');
    await confirmDialog.getByRole('button', { name: 'Confirm misuse' }).click();
    await toast(`${handle(CYRILLIC)} is confirmed as an impersonator.`).waitFor();
    await candidates().getByText('1 account to review.').waitFor();
    expect(await candidates().getByRole('article').count()).toBe(1);

    await e.page.reload();
    await heading('Misuse').waitFor();
    await candidates().getByText('1 account to review.').waitFor();
    await candidate(handle('stadgent_official')).waitFor();
    const filter = candidates().getByLabel('Show accounts');
    await filter.selectOption('confirmed');
    const confirmed = candidate(handle(CYRILLIC));
    await confirmed.getByText('Confirmed misuse', { exact: true }).waitFor();
    expect(await confirmed.textContent()).toMatch(
      /Confirmed as misuse by .+ on .+\.Note: Phishing with the city’s name; reported to the instance/,
    );
    // Confirmed can still be dismissed, not confirmed again.
    expect(await confirmed.getByRole('button', { name: /^Confirm misuse/ }).count()).toBe(0);
    await filter.selectOption('dismissed');
    const dismissed = candidate(handle('stadg3nt'));
    await dismissed.getByText(/^Dismissed by .+ on .+\.$/).waitFor();
    expect(await dismissed.textContent()).toContain('Fan account of the city');
    await filter.selectOption('all');
    await candidates().getByText('3 look-alike accounts.').waitFor();
    await expectAccessible('the misuse page filtered on every status');

    // A dismissal taken too soon is reopened: the account is open for review again.
    const reopened = candidate(handle('stadg3nt'));
    await reopened.getByRole('button', { name: `Reopen: ${handle('stadg3nt')}` }).click();
    const reopenDialog = e.page.getByRole('dialog', { name: `Reopen ${handle('stadg3nt')}?` });
    await reopenDialog.getByLabel('Why reopen? (optional)').fill('Dismissed too soon: the profile asks for bank details');
    await expectAccessible('the reopen dialog');
    await reopenDialog.getByRole('button', { name: 'Reopen', exact: true }).click();
    await toast(`${handle('stadg3nt')} is open for review again.`).waitFor();
    await reopened.getByText('Open', { exact: true }).waitFor();
    expect(await reopened.textContent()).not.toContain('Fan account of the city');
    expect(await reopened.getByRole('button', { name: /^Reopen/ }).count()).toBe(0);
    await filter.selectOption('new');
    await candidates().getByText('2 accounts to review.').waitFor();
  });

  it('flags a streamed post that speaks for the city and shows it on its mention’s page', async () => {
    const watchlist = await call('POST', `/api/organisations/${gentId}/watchlists`, { name: 'Parking', query: 'parking' });
    await call('POST', `/api/organisations/${gentId}/listening-sources`, {
      kind: 'mastodon',
      name: '#gent',
      settings: { instanceUrl: streaming.url, hashtags: ['gent'] },
    });
    // The running stream loop picks new sources up within 30 s; ask it now.
    await startListeningStreams(e.running.ctx).refresh();
    const deadline = Date.now() + 30_000;
    while (!streaming.subscriptions().some((subs) => subs.some((s) => s.tag?.toLowerCase() === 'gent'))) {
      if (Date.now() > deadline) throw new Error('the hashtag stream did not subscribe');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    streaming.post({
      acct: 'fake@elders.example',
      displayName: 'Gent Info',
      content:
        '<p>Namens Stad Gent: de parking aan de Vrijdagmarkt sluit. Betaal uw boete via https://boete.example <a href="#">#gent</a></p>',
      tags: ['gent'],
      language: 'nl',
    });
    // The mention matched a watchlist, so the server checks it for claims a second later.
    await expect
      .poll(async () => ((await call('GET', `/api/organisations/${gentId}/mention-claims`)) as { total: number }).total, {
        timeout: 90_000,
      })
      .toBe(1);

    await openMisuse();
    const claim = claims().getByRole('article', { name: 'Claims to speak for Stad Gent' });
    await claim.waitFor();
    await claims().getByText('1 post to review.').waitFor();
    expect(await claim.locator('mark.highlight--claim-phrase').allTextContents()).toEqual(['Namens']);
    expect(await claim.locator('mark.highlight--claim-reference').allTextContents()).toEqual(['Stad Gent']);
    expect(await claim.locator('dd').allTextContents()).toEqual(
      expect.arrayContaining([`Gent Info (${FAKE})`, 'Mastodon', 'namens (Dutch)', 'Stad Gent']),
    );
    await expectAccessible('the misuse page with a claim');

    await claim.getByRole('link', { name: `View mention by Gent Info (${FAKE})` }).click();
    await heading(`Mention by Gent Info (${FAKE})`).waitFor();
    expect(new URL(e.page.url()).pathname).toMatch(/^\/listening\/mentions\/[0-9a-f-]{36}$/);
    const mention = e.page.getByRole('article', { name: 'Text' });
    // The claims on the mention arrive after the mention itself.
    await mention.locator('mark.highlight--claim-phrase').first().waitFor();
    expect(await mention.locator('mark.highlight--watchlist').allTextContents()).toEqual(['parking']);
    expect(await mention.locator('mark.highlight--claim-phrase').allTextContents()).toEqual(['Namens']);
    expect(await mention.locator('mark.highlight--claim-reference').allTextContents()).toEqual(['Stad Gent']);
    expect(await mention.locator('dd').allTextContents()).toEqual(
      expect.arrayContaining(['#gent (Mastodon)', `Gent Info (${FAKE})`, 'Dutch']),
    );
    const watchlists = e.page.getByRole('region', { name: 'Watchlists that found this mention' });
    expect(await watchlists.getByRole('link', { name: 'Parking', exact: true }).getAttribute('href')).toBe(
      `/listening/watchlists/${watchlist.id}`,
    );
    await watchlists.getByText('Why did this match?').click();
    expect(await watchlists.locator('details').textContent()).toMatch(/Word parking — found: parking/);
    const flagged = e.page
      .getByRole('region', { name: 'Speaks for an organisation' })
      .getByRole('article', { name: 'Claims to speak for Stad Gent' });
    await flagged.getByText('Open', { exact: true }).waitFor();
    await expectAccessible('the mention page with a claim');

    // Decided on the mention's own page: satire, say.
    await flagged.getByRole('button', { name: `Dismiss: post by Gent Info (${FAKE})` }).click();
    const dialog = e.page.getByRole('dialog', { name: `Dismiss the post by Gent Info (${FAKE})?` });
    await dialog.getByLabel('Note (optional)').fill('Satire account, says so in its profile');
    await expectAccessible('the dismiss dialog of a claim');
    await dialog.getByRole('button', { name: 'Dismiss', exact: true }).click();
    await toast(`The post by Gent Info (${FAKE}) is dismissed: not misuse.`).waitFor();
    await flagged.getByText(/^Dismissed by .+ on .+\.$/).waitFor();
    await e.page.reload();
    await heading(`Mention by Gent Info (${FAKE})`).waitFor();
    await e.page.getByRole('region', { name: 'Speaks for an organisation' }).getByText('Satire account, says so in its profile').waitFor();

    // The mention stream leads to the same page.
    await e.page.goto(`/listening?organisationId=${gentId}`);
    const card = e.page.getByRole('article').filter({ hasText: 'Vrijdagmarkt' });
    await card.getByRole('heading', { level: 3 }).getByRole('link').click();
    await heading(`Mention by Gent Info (${FAKE})`).waitFor();
  });

  it('says plainly when a mention does not exist', async () => {
    await e.page.goto('/listening/mentions/00000000-0000-4000-8000-000000000000');
    await heading('Mention not found').waitFor();
    await e.page.getByRole('heading', { name: 'This mention does not exist (any more)' }).waitFor();
    await e.page.getByRole('link', { name: 'To the mentions' }).waitFor();
    await expectAccessible('the mention page of a missing mention');
  });

  it('lets a viewer read the candidates and claims without the actions', async () => {
    await e.context.clearCookies();
    await signIn(e.page, VIEWER, DEMO_PASSWORD);
    await openMisuse();
    await e.page
      .getByText('Only administrators, editors in chief and communicators can confirm or dismiss misuse and start a scan.')
      .waitFor();
    await candidate(handle('stadgent_official')).waitFor();
    expect(await e.page.getByRole('button', { name: 'Scan now' }).count()).toBe(0);
    expect(await e.page.getByRole('button', { name: /^(Confirm misuse|Dismiss|Reopen)/ }).count()).toBe(0);
    await claims().getByLabel('Show posts').selectOption('dismissed');
    await claims().getByRole('article', { name: 'Claims to speak for Stad Gent' }).waitFor();
    await expectAccessible('the misuse page for a viewer');
    expect(pageErrors).toEqual([]);
  });
});
