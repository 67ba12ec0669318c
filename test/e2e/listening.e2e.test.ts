import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import type { Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../../src/app/demo-data.js';
import { type SmtpPeer, startSmtpPeer } from '../../src/features/listening/alert-test-support.js';
import { organisations } from '../../src/features/registry/schema.js';
import { RSS_FEED, startWebSources, type WebSourcesPeer } from '../peers/web-sources.js';
import { type E2E, seriousA11yViolations, signIn, startE2E } from './harness.js';

const CHIEF = 'an.peeters@demo.kanaal.local'; // editor in chief of FPS Personnel and Organisation
const VIEWER = 'lotte.claes@demo.kanaal.local'; // viewer at the Flemish government

type CityFeed = { url: string; add(item: string): void; close(): Promise<void> };

/** The city's news feed (the peer's RSS feed) on a loopback server of its own, so that a new item can appear in it. */
async function startCityFeed(): Promise<CityFeed> {
  const added: string[] = [];
  const server = createServer((_req, res) => {
    const body = RSS_FEED.replace('<item>', `${added.join('')}<item>`);
    res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/nieuws.xml`,
    add: (item) => added.unshift(item),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Listening as an editor in chief uses it, in Chromium, against a local web server playing a city's
 * news feed: the retention period set long enough for the feed's 2025 items, a watchlist written in
 * the query editor (a broken query shows its error at its position, the fixed one is tested live),
 * the feed added as a source (a wrong address is refused on its field), read with "Check now", and
 * the matched item found in the mention stream with its words marked and the reason disclosed; then an
 * "every match" alert rule made in the alerts page's form (a wrong webhook address refused on its
 * field), and a new matching item in the feed brings the alert live on that page and by e-mail on a
 * real SMTP server, with the matched words and a link to the mention. A viewer sees the pages
 * without the actions. Axe on every page and dialog.
 */
describe('listening in the browser', () => {
  let e: E2E;
  let web: WebSourcesPeer;
  let feed: CityFeed;
  let smtp: SmtpPeer;
  let organisationId = '';
  const pageErrors: string[] = [];
  const WATCHLIST = 'Fietspaden Gent';
  const SOURCE = 'Stad Gent nieuws';

  beforeAll(async () => {
    web = await startWebSources();
    feed = await startCityFeed();
    smtp = await startSmtpPeer();
    e = await startE2E({ env: { KANAAL_ALLOW_URLS: '127.0.0.1', SMTP_URL: smtp.url } });
    e.page.on('pageerror', (error) => pageErrors.push(error.message));
    const [organisation] = await e.running.ctx.db.select().from(organisations).where(eq(organisations.slug, 'fod-po'));
    organisationId = organisation?.id ?? '';
    await signIn(e.page, CHIEF, DEMO_PASSWORD);
  });
  afterAll(async () => {
    await e?.close();
    await web?.close();
    await feed?.close();
    await smtp?.close();
  });

  const expectAccessible = async (what: string) => {
    expect(await seriousA11yViolations(e.page), `axe on ${what}`).toEqual([]);
  };
  // One toast, not the live region that lists them all: a pattern anchored with ^ must not see an older one before it.
  const toast = (text: string | RegExp) => e.page.locator('.toast-region .toast').filter({ hasText: text }).last();
  const listeningNav = () => e.page.getByRole('navigation', { name: 'Listening', exact: true });
  const heading = (name: string) => e.page.getByRole('heading', { level: 1, name, exact: true });
  const row = (name: string): Locator => e.page.getByRole('row').filter({ has: e.page.getByRole('rowheader', { name }) });

  it('opens listening from the sidebar and keeps mentions long enough for the feed', async () => {
    await e.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Listening' }).click();
    await heading('Mentions').waitFor();
    await e.page.getByRole('combobox', { name: 'Organisation' }).selectOption(organisationId);
    await e.page.getByRole('heading', { name: 'No mentions yet' }).waitFor();
    await expectAccessible('the empty mention stream');

    await listeningNav().getByRole('link', { name: 'Sources' }).click();
    await heading('Sources').waitFor();
    expect(new URL(e.page.url()).searchParams.get('organisationId')).toBe(organisationId);
    // The feed's items date from 2025: the default of 365 days would leave them out.
    const days = e.page.getByLabel('Keep mentions for (days)');
    await expect.poll(() => days.inputValue()).toBe('365');
    await days.fill('3650');
    await e.page.getByRole('region', { name: 'Keeping mentions' }).getByRole('button', { name: 'Save' }).click();
    await toast('Mentions are now kept for 3,650 days.').waitFor();
    await expectAccessible('the sources page without sources');
  });

  it('writes a watchlist: the error shown at its position, then the fixed query tested live', async () => {
    await listeningNav().getByRole('link', { name: 'Watchlists' }).click();
    await heading('Watchlists').waitFor();
    await e.page.getByRole('link', { name: 'New watchlist' }).click();
    await heading('New watchlist').waitFor();
    await e.page.getByLabel('Name').fill(WATCHLIST);
    const query = e.page.getByRole('textbox', { name: 'Query' });

    await query.fill('fietspad* NEAR coupure');
    const problem = e.page.getByRole('list', { name: 'Problems in the query' }).getByRole('listitem');
    await problem.first().waitFor();
    expect(await problem.count()).toBe(1);
    expect(await problem.textContent()).toContain('At position 11 (“NEAR”): Write NEAR/n');
    expect(await query.getAttribute('aria-invalid')).toBe('true');
    expect(await query.getAttribute('aria-describedby')).toContain('watchlist-query-errors');
    expect(await e.page.getByTestId('query-mirror').locator('mark').allTextContents()).toEqual(['NEAR']);
    await e.page.getByRole('status').filter({ hasText: '1 problem in the query:' }).waitFor();
    // "Select in the query" puts the caret on the error in the text area.
    await problem.getByRole('button', { name: /Select in the query/ }).click();
    // (No DOM types in the Node project: the text area is described by the two numbers read here.)
    const selection = await query.evaluate((element) => {
      const area = element as unknown as { selectionStart: number; selectionEnd: number };
      return [area.selectionStart, area.selectionEnd];
    });
    expect(selection).toEqual([10, 14]);
    await expectAccessible('the query editor with an error');

    await query.fill('fietspad* NEAR/5 coupure');
    await e.page
      .getByRole('status')
      .filter({ hasText: /^The query is valid\.$/ })
      .waitFor();
    expect(await query.getAttribute('aria-invalid')).toBeNull();
    expect(await e.page.getByTestId('query-mirror').count()).toBe(0);
    // Nothing has been read yet, so the live test has nothing to try the query on.
    await e.page.getByRole('region', { name: 'Live test' }).getByText('No mentions stored yet').waitFor();
    await expectAccessible('the query editor with a valid query and the live test');

    await e.page.getByRole('button', { name: 'Save watchlist' }).click();
    await heading('Watchlists').waitFor();
    await toast(`Watchlist ${WATCHLIST} saved.`).waitFor();
    expect(await row(WATCHLIST).textContent()).toContain('fietspad* NEAR/5 coupure');
    await expectAccessible('the watchlist list');
  });

  it('adds the city’s feed as a source: refusals shown on their fields, then it is checked now', async () => {
    await listeningNav().getByRole('link', { name: 'Sources' }).click();
    await heading('Sources').waitFor();
    await e.page.getByRole('button', { name: 'Add source' }).click();
    const dialog = e.page.getByRole('dialog', { name: 'Add a source' });
    expect(await dialog.getByRole('radio', { name: 'News feed' }).isChecked()).toBe(true);
    const add = dialog.getByRole('button', { name: 'Add source' });
    const name = dialog.getByLabel('Name');
    const address = dialog.getByLabel('Feed address');

    // Empty required fields are said at once, on their fields.
    await add.click();
    await dialog.getByRole('alert').filter({ hasText: 'Correct the marked fields.' }).waitFor();
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await address.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.locator('#source-name-error').textContent()).toContain('Fill in this field.');

    // The server's refusal of a Mastodon source without anything to follow lands on the hashtags.
    await name.fill(SOURCE);
    await dialog.getByRole('radio', { name: 'Mastodon' }).check();
    await dialog.getByLabel('Mastodon server').fill(web.origin);
    await add.click();
    const hashtags = dialog.getByRole('textbox', { name: 'Hashtags' });
    await expect.poll(() => hashtags.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.locator('#source-hashtags-error').textContent()).toContain('Name at least one hashtag or a public timeline.');
    expect(await dialog.getByLabel('Mastodon server').getAttribute('aria-invalid')).toBeNull();
    await expectAccessible('the source dialog for Mastodon with a field error');

    // A feed address that is no web address is refused on that field.
    await dialog.getByRole('radio', { name: 'News feed' }).check();
    await address.fill('stad.gent/nieuws');
    await add.click();
    await expect.poll(() => address.getAttribute('aria-invalid')).toBe('true');
    expect(await dialog.locator('#source-url-error').textContent()).toContain('Give a full web address');
    expect(await name.getAttribute('aria-invalid')).toBeNull();
    await expectAccessible('the source dialog with a field error');

    await address.fill(feed.url);
    await add.click();
    await dialog.waitFor({ state: 'detached' });
    await toast(`Source ${SOURCE} added.`).waitFor();
    await row(SOURCE).getByText('News feed').waitFor();

    // The minute job may read it too (before or at the same time): the feed is read now, its items seen at least once.
    await row(SOURCE)
      .getByRole('button', { name: `Check ${SOURCE} now` })
      .click();
    await toast(new RegExp(`^${SOURCE} checked: \\d+ new mentions? \\(`)).waitFor();
    await row(SOURCE).getByText('Last read successfully').waitFor();
    await row(SOURCE)
      .getByText(/^[1-9]\d* items seen/)
      .waitFor();
    expect(
      await row(SOURCE)
        .getByRole('checkbox', { name: `Active ${SOURCE}` })
        .isChecked(),
    ).toBe(true);
    await expectAccessible('the sources page with a source');
  });

  it('shows the matched item in the stream filtered by the watchlist, with its words marked and why', async () => {
    await listeningNav().getByRole('link', { name: 'Watchlists' }).click();
    await row(WATCHLIST)
      .getByRole('link', { name: `Show the 1 mention of ${WATCHLIST}` })
      .click();
    await heading('Mentions').waitFor();
    await e.page.getByRole('heading', { level: 2, name: `Mentions matched by ${WATCHLIST}` }).waitFor();
    expect(await e.page.getByRole('combobox', { name: 'Watchlist' }).inputValue()).not.toBe('');

    const mentions = e.page.getByRole('article');
    await mentions.first().waitFor();
    expect(await mentions.count()).toBe(1);
    const mention = mentions.first();
    expect(await mention.getByRole('heading', { level: 3 }).textContent()).toContain('Nieuw fietspad');
    const marked = await mention.locator('mark').allTextContents();
    expect(marked.map((text) => text.toLowerCase())).toEqual(expect.arrayContaining(['fietspad', 'coupure']));
    expect(await mention.textContent()).toContain(SOURCE);
    expect(await mention.getByRole('link', { name: /Open the original/ }).getAttribute('href')).toBe('https://stad.gent/nieuws/fietspad');

    const why = mention.locator('details');
    await mention.getByText('Why did this match?').click();
    expect(await why.getAttribute('open')).not.toBeNull();
    const reasons = (await why.textContent()) ?? '';
    expect(reasons).toContain(WATCHLIST);
    expect(reasons).toContain('Wildcard fietspad*');
    expect(reasons).toMatch(/Word coupure — found: Coupure/);
    await expectAccessible('the mention stream filtered by a watchlist, reasons open');

    // The export holds what the filters show, downloaded with the person's session.
    const exportHref = (await e.page.getByRole('link', { name: 'Export as CSV' }).getAttribute('href')) ?? '';
    expect(new URL(exportHref, e.baseUrl).searchParams.get('watchlistId')).not.toBeNull();
    const exported = await e.page.request.get(new URL(exportHref, e.baseUrl).toString());
    expect(exported.status()).toBe(200);
    const csvLines = (await exported.text()).trimEnd().split('\r\n');
    expect(csvLines[0]).toContain('Source kind,Author,Author name,Title,Text');
    expect(csvLines).toHaveLength(2);
    expect(csvLines[1]).toContain('Nieuw fietspad');
    expect(csvLines[1]).toContain(WATCHLIST);

    // A full-text search over every mention marks its hits too (stemmed in the mention's language).
    await e.page.getByRole('combobox', { name: 'Watchlist' }).selectOption('');
    await e.page.getByRole('searchbox', { name: 'Search' }).fill('feesten');
    await e.page.getByRole('article').filter({ hasText: 'Zomerfeesten' }).locator('mark.highlight--search').first().waitFor();
    expect(await e.page.getByRole('article').count()).toBe(1);
    expect(new URL(e.page.url()).searchParams.get('q')).toBe('feesten');
    await expectAccessible('the mention stream with a search');
  });

  it('alerts on a new match: a rule made in the form, the alert live on the page and by e-mail', async () => {
    const EMAIL = 'persdienst@bosa.test';
    await listeningNav().getByRole('link', { name: 'Watchlists' }).click();
    await row(WATCHLIST)
      .getByRole('link', { name: `Alerts of ${WATCHLIST}` })
      .click();
    await heading(`Alerts for ${WATCHLIST}`).waitFor();
    await e.page.getByRole('heading', { name: 'No alert rules yet' }).waitFor();
    const live = e.page.getByRole('region', { name: 'Alerts in Kanaal' });
    await live.getByText('Live: new alerts appear here by themselves.').waitFor();
    await expectAccessible('the alerts page without rules');

    await e.page.getByRole('button', { name: 'New alert rule' }).click();
    const dialog = e.page.getByRole('dialog', { name: 'New alert rule' });
    expect(await dialog.getByRole('radio', { name: 'Every match' }).isChecked()).toBe(true);
    // A spike is explained in plain words, with the numbers as they stand.
    await dialog.getByRole('radio', { name: 'Spike' }).check();
    const explained = (await dialog.locator('.spike-explained').textContent()) ?? '';
    expect(explained).toContain('when there are at least 5 and at least 3 times the usual number');
    expect(explained).toContain('over the 7 days before that window');
    await expectAccessible('the alert rule dialog for a spike');
    await dialog.getByRole('radio', { name: 'Every match' }).check();

    // The server refuses a webhook address that is no web address, on that field.
    await dialog.getByRole('textbox', { name: 'E-mail addresses' }).fill(EMAIL);
    await dialog.getByRole('checkbox', { name: 'Send to a webhook' }).check();
    const hook = dialog.getByRole('textbox', { name: 'Webhook address' });
    await hook.fill('stad.gent/hook');
    await dialog.getByRole('button', { name: 'Create alert rule' }).click();
    await expect.poll(() => hook.getAttribute('aria-invalid')).toBe('true');
    await dialog.getByRole('alert').filter({ hasText: 'Correct the marked fields.' }).waitFor();
    expect(((await dialog.locator('#alert-webhook-url-error').textContent()) ?? '').length).toBeGreaterThan(0);
    expect(await dialog.getByRole('textbox', { name: 'E-mail addresses' }).getAttribute('aria-invalid')).toBeNull();
    await expectAccessible('the alert rule dialog with a field error');

    await dialog.getByRole('checkbox', { name: 'Send to a webhook' }).uncheck();
    await dialog.getByRole('button', { name: 'Create alert rule' }).click();
    await dialog.waitFor({ state: 'detached' });
    await toast('Alert rule Every match created.').waitFor();
    const rule = e.page.getByRole('article', { name: 'Every match' });
    await rule.getByText(EMAIL).waitFor();
    expect(await rule.textContent()).toContain('Sends each new mention at once');
    await expectAccessible('the alerts page with a rule');

    // A new item about the Coupure cycle path appears in the city's feed, and is read now from a second tab.
    feed.add(`<item>
  <title>Fietspad aan de Coupure krijgt extra verlichting</title>
  <link>https://stad.gent/nieuws/fietspad-verlichting</link>
  <guid isPermaLink="false">gent-2025-0077</guid>
  <description>De stad plaatst deze week nieuwe lampen langs het fietspad.</description>
  <pubDate>${new Date().toUTCString()}</pubDate>
</item>`);
    const other = await e.context.newPage();
    await other.goto(`/listening/sources?organisationId=${organisationId}`);
    await other
      .getByRole('row')
      .filter({ has: other.getByRole('rowheader', { name: SOURCE }) })
      .getByRole('button', { name: `Check ${SOURCE} now` })
      .click();
    await other
      .locator('.toast-region')
      .getByText(new RegExp(`^${SOURCE} checked: `))
      .waitFor();
    await other.close();

    // The alert arrives live on the open page, announced, with a link to the mention.
    await live
      .getByRole('status')
      .filter({ hasText: `New alert: New mention for ${WATCHLIST}` })
      .waitFor({ timeout: 30_000 });
    const open = live.getByRole('link', { name: 'Open the mention' }).first();
    const href = (await open.getAttribute('href')) ?? '';
    const mentionId = /^\/listening\/mentions\/([0-9a-f-]{36})$/.exec(href)?.[1] ?? '';
    expect(mentionId, href).not.toBe('');

    // …and by e-mail, on the SMTP server: the matched words marked, a link to the mention in Kanaal.
    const alertMails = () => smtp.inbox.filter((mail) => mail.to.includes(EMAIL));
    await expect.poll(() => alertMails().length, { timeout: 30_000 }).toBe(1);
    const [mail] = alertMails();
    expect(mail?.subject).toContain(WATCHLIST);
    expect(mail?.text).toContain('Fietspad aan de Coupure krijgt extra verlichting');
    expect(mail?.text).toMatch(/\*Fietspad\*/);
    expect(mail?.text).toContain(`/listening/mentions/${mentionId}`);
    expect(mail?.text).toContain('https://stad.gent/nieuws/fietspad-verlichting');

    // The delivery log says where it went and how it ended.
    await rule.getByRole('button', { name: 'Show delivery log' }).click();
    const log = rule.getByRole('table', { name: 'Delivery log of Every match' });
    const emailRow = log.getByRole('row').filter({ hasText: `E-mail to ${EMAIL}` });
    await emailRow.getByText('Sent', { exact: true }).waitFor();
    expect(await emailRow.getByRole('link', { name: 'New mention' }).getAttribute('href')).toBe(`/listening/mentions/${mentionId}`);
    await log.getByRole('row').filter({ hasText: 'In Kanaal' }).getByText('Sent', { exact: true }).waitFor();
    await expectAccessible('the alerts page with the alert and the delivery log');

    // A test send reports each target's outcome.
    await rule.getByRole('button', { name: 'Send a test of Every match' }).click();
    await rule.getByRole('status').filter({ hasText: 'Test sent: 2 of 2 targets reached.' }).waitFor({ timeout: 30_000 });
    const outcome = rule.getByRole('region', { name: 'Test result' });
    await outcome
      .getByRole('listitem')
      .filter({ hasText: `E-mail to ${EMAIL}` })
      .getByText('Sent', { exact: true })
      .waitFor();
    await expect.poll(() => alertMails().length, { timeout: 30_000 }).toBe(2);
    await expectAccessible('the alerts page after a test');
  });

  it('lets a viewer look without offering changes', async () => {
    await e.context.clearCookies();
    await signIn(e.page, VIEWER, DEMO_PASSWORD);
    await e.page.goto('/listening/sources');
    await heading('Sources').waitFor();
    await e.page.getByText(/Mentions are kept for [\d,]+ days\./).waitFor();
    expect(await e.page.getByRole('button', { name: 'Add source' }).count()).toBe(0);
    expect(await e.page.getByLabel('Keep mentions for (days)').count()).toBe(0);
    await listeningNav().getByRole('link', { name: 'Watchlists' }).click();
    await heading('Watchlists').waitFor();
    expect(await e.page.getByRole('link', { name: 'New watchlist' }).count()).toBe(0);
    await expectAccessible('the watchlists page for a viewer');
    expect(pageErrors).toEqual([]);
  });
});
