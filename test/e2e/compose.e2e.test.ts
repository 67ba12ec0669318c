import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type E2E, seriousA11yViolations, signIn, startE2E } from './harness.js';

// A 1×1 transparent PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

type ChannelRow = { id: string; organisationId: string; handle: string; status: string; languages: string[] };

/**
 * Composing as the administrator in Chromium: a post for two channels with a Dutch and a French
 * variant, instant counters and a house-style warning, an uploaded image with alt texts, saved and
 * submitted (the demo data has no approval workflow, so it is approved at once) and scheduled —
 * with axe on the list, the composer and the approvals page.
 */
describe('compose in the browser', () => {
  let e: E2E;
  const pageErrors: string[] = [];
  let organisationId = '';
  let handles: string[] = [];

  beforeAll(async () => {
    e = await startE2E();
    e.page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(e.page);
    const channels = (await (await e.page.request.get('/api/channels')).json()) as ChannelRow[];
    const byOrg = new Map<string, ChannelRow[]>();
    for (const c of channels.filter((c) => c.status === 'active' && c.languages.includes('nl') && c.languages.includes('fr'))) {
      byOrg.set(c.organisationId, [...(byOrg.get(c.organisationId) ?? []), c]);
    }
    const [orgId, list] = [...byOrg].find(([, l]) => l.length >= 2) ?? ['', []];
    organisationId = orgId;
    // Handles that name one channel only, so a label finds exactly one checkbox.
    handles = list.map((c) => c.handle).filter((h, _i, all) => all.filter((o) => o.includes(h) || h.includes(o)).length === 1).slice(0, 2);
  });
  afterAll(async () => e?.close());

  const expectAccessible = async (what: string) => {
    expect(await seriousA11yViolations(e.page), `axe on ${what}`).toEqual([]);
  };

  it('lists posts and opens the composer', async () => {
    expect(handles).toHaveLength(2);
    await e.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Compose' }).click();
    await e.page.getByRole('heading', { level: 1, name: 'Compose' }).waitFor();
    await expectAccessible('posts list');
    await e.page.goto(`/posts/new?organisationId=${organisationId}`);
    await e.page.getByRole('heading', { level: 1, name: 'New post' }).waitFor();
  });

  it('composes for two channels with NL and FR variants and counts at once', async () => {
    await e.page.getByLabel('Title').fill('Examens voorjaar');
    await e.page.getByRole('tab', { name: 'NL' }).click();
    await e.page.getByLabel('Text in Dutch').fill('Schrijf je in voor de examens #Selor #Examens #Voorjaar #Werk https://example.org');
    await e.page.getByRole('tab', { name: 'FR' }).click();
    await e.page.getByLabel('Text in French').fill('Inscrivez-vous aux examens #Selor');
    for (const handle of handles) {
      await e.page.getByRole('checkbox', { name: new RegExp(handle.replace(/[.@]/g, '\\$&')) }).check();
    }
    expect(await e.page.locator('.channel-pick .counter').count()).toBe(2);
    await expectAccessible('composer with a new draft');
    await e.page.getByRole('button', { name: 'Save draft' }).click();
    await e.page.waitForURL(/\/posts\/[0-9a-f-]{36}$/);
    await e.page.getByRole('heading', { name: 'Preview per channel' }).waitFor();
    await e.page.locator('.preview-card').first().waitFor();
    expect(await e.page.locator('.preview-card').count()).toBe(2);
    await e.page.getByRole('list', { name: 'House-style checks' }).first().getByText('Warning').first().waitFor();
  });

  it('uploads an image with alt texts, submits and schedules', async () => {
    const file = join(tmpdir(), `kanaal-e2e-${Date.now()}.png`);
    await writeFile(file, PNG);
    await e.page.getByLabel('Upload a file').setInputFiles(file);
    await e.page.getByRole('status').filter({ hasText: 'has been uploaded' }).waitFor();
    await e.page.getByLabel(/^Alternative text in Dutch/).fill('Een leeg vierkant');
    await e.page.getByLabel(/^Alternative text in French/).fill('Un carré vide');
    await e.page.getByRole('button', { name: 'Save alternative texts' }).click();
    await e.page.getByRole('status').filter({ hasText: 'alternative texts of' }).waitFor();
    await e.page.getByRole('button', { name: 'Save draft' }).click();
    await e.page.getByText('Version 2').waitFor();
    await expectAccessible('composer with preview');
    await e.page.getByRole('button', { name: 'Submit for approval' }).click();
    await e.page.getByRole('status').filter({ hasText: 'the post is approved' }).waitFor();
    await e.page.getByLabel('Date and time').fill('2030-05-04T09:30');
    await e.page.getByRole('button', { name: 'Schedule', exact: true }).click();
    await e.page.getByText(/Planned for/).waitFor();
    await expectAccessible('scheduled post');
  });

  it('shows the approvals page', async () => {
    await e.page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Approvals' }).click();
    await e.page.getByRole('heading', { level: 1, name: 'Approvals' }).waitFor();
    await e.page.getByRole('heading', { name: 'Nothing is waiting for you' }).waitFor();
    await expectAccessible('approvals page');
    await e.page.getByRole('tab', { name: 'Settings' }).click();
    await e.page.getByRole('heading', { name: 'Approval workflow' }).waitFor();
    await expectAccessible('approval settings');
    expect(pageErrors).toEqual([]);
  });
});
