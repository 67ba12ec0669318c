import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { rows } from '../../kit/sql.js';
import { ingestItems } from './ingest.js';
import { purgeMentionsJob } from './jobs.js';
import type { TMention, TWatchlist } from './schemas.js';
import { item } from './test-items.js';

const DAY = 86_400_000;

describe('mentions: search by watchlist, language, date and full text; retention', () => {
  let t: TestApp;
  let org: { id: string };
  let otherOrg: { id: string };
  let viewer: TestUser;
  let chief: TestUser;
  let outsider: TestUser;
  let watchlist: TWatchlist;
  const now = Date.now();

  beforeAll(async () => {
    t = await createTestApp();
    org = await buildOrganisation(t.ctx.db);
    otherOrg = await buildOrganisation(t.ctx.db);
    viewer = await buildUser(t.ctx.db, { roles: [[org.id, 'viewer']] });
    chief = await buildUser(t.ctx.db, { roles: [[org.id, 'editor_in_chief']] });
    outsider = await buildUser(t.ctx.db, { roles: [[otherOrg.id, 'admin']] });
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/organisations/${org.id}/watchlists`,
      headers: chief.headers,
      payload: { name: 'Opleidingen', query: 'opleiding* OR formation*' },
    });
    watchlist = created.json() as TWatchlist;
    await ingestItems(t.ctx, { organisationId: org.id }, [
      item('at://nl-1', 'De stad biedt nieuwe opleidingen aan voor jongeren.', { publishedAt: new Date(now - 1 * DAY) }),
      item('at://nl-2', 'Zwembad gesloten wegens werken.', { publishedAt: new Date(now - 2 * DAY) }),
      item('at://fr-1', 'La commune organise des formations professionnelles gratuites.', {
        language: 'fr',
        publishedAt: new Date(now - 3 * DAY),
      }),
      item('at://en-1', 'The council publishes the recycling calendar.', { language: 'en', publishedAt: new Date(now - 4 * DAY) }),
      item('at://xx-1', 'Zonder taal: een opleiding in het wilde weg.', { language: null, publishedAt: new Date(now - 5 * DAY) }),
    ]);
    await ingestItems(t.ctx, { organisationId: otherOrg.id }, [item('at://other', 'Geheime opleiding van een andere organisatie')]);
  });
  afterAll(async () => t?.close());

  const search = async (query: string, user = viewer) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/mentions?organisationId=${org.id}${query}`, headers: user.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { items: TMention[]; nextCursor: string | null };
  };
  const ids = (page: { items: TMention[] }) => page.items.map((m) => m.externalId);

  it('lists newest first and pages with a cursor', async () => {
    const first = await search('&limit=2');
    expect(ids(first)).toEqual(['at://nl-1', 'at://nl-2']);
    const second = await search(`&limit=2&cursor=${first.nextCursor}`);
    expect(ids(second)).toEqual(['at://fr-1', 'at://en-1']);
    const third = await search(`&limit=2&cursor=${second.nextCursor}`);
    expect(ids(third)).toEqual(['at://xx-1']);
    expect(third.nextCursor).toBeNull();
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/mentions?organisationId=${org.id}&cursor=nonsense`, headers: viewer.headers }))
        .statusCode,
    ).toBe(400);
  });

  it('filters by watchlist (with highlights and the reason), language and date', async () => {
    const matched = await search(`&watchlistId=${watchlist.id}`);
    expect(ids(matched)).toEqual(['at://nl-1', 'at://fr-1', 'at://xx-1']);
    const [nl] = matched.items;
    expect(nl?.matches).toEqual([
      expect.objectContaining({
        watchlistId: watchlist.id,
        watchlistName: 'Opleidingen',
        explanation: 'Matched “opleiding*” (opleidingen).',
      }),
    ]);
    const [highlight] = nl?.highlights ?? [];
    expect(nl?.text.slice(highlight?.start, highlight?.end)).toBe('opleidingen');

    expect(ids(await search('&language=fr'))).toEqual(['at://fr-1']);
    expect(ids(await search('&language=none'))).toEqual(['at://xx-1']);
    const from = new Date(now - 3.5 * DAY).toISOString();
    const to = new Date(now - 1.5 * DAY).toISOString();
    expect(ids(await search(`&from=${from}&to=${to}`))).toEqual(['at://nl-2', 'at://fr-1']);
    expect(ids(await search(`&watchlistId=${watchlist.id}&from=${from}`))).toEqual(['at://nl-1', 'at://fr-1']);
  });

  it('searches full text with stemming in each mention’s language', async () => {
    // Dutch: "opleiding" finds "opleidingen"; French: "formation professionnelle" finds the plural.
    const nl = await search('&q=opleiding');
    expect(ids(nl)).toEqual(['at://nl-1', 'at://xx-1']);
    const [first] = nl.items;
    const searchHit = first?.highlights.find((h) => h.reason === 'search');
    expect(first?.text.slice(searchHit?.start, searchHit?.end)).toBe('opleidingen');
    expect(ids(await search(`&q=${encodeURIComponent('formation professionnelle')}`))).toEqual(['at://fr-1']);
    expect(ids(await search('&q=zwembaden'))).toEqual(['at://nl-2']);
    expect(ids(await search('&q=calendars'))).toEqual(['at://en-1']);
    expect(ids(await search(`&q=${encodeURIComponent('opleiding -jongeren')}`))).toEqual(['at://xx-1']);
    expect(ids(await search('&q=geheime'))).toEqual([]);
  });

  it('keeps other organisations out', async () => {
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/mentions?organisationId=${org.id}`, headers: outsider.headers })).statusCode,
    ).toBe(403);
    const page = await search('');
    const mention = page.items[0] as TMention;
    expect((await t.app.inject({ method: 'GET', url: `/api/mentions/${mention.id}`, headers: outsider.headers })).statusCode).toBe(403);
    const own = await t.app.inject({ method: 'GET', url: `/api/mentions/${mention.id}`, headers: viewer.headers });
    expect(own.json()).toMatchObject({ id: mention.id, externalId: mention.externalId });
  });

  it('exports the filtered mentions as CSV with column names in the reader’s language, audited', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/mentions/export.csv?organisationId=${org.id}&watchlistId=${watchlist.id}&lang=nl`,
      headers: viewer.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="kanaal-mentions-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(res.headers['x-kanaal-truncated']).toBe('false');
    expect(res.body.startsWith('\uFEFF')).toBe(true);
    const lines = res.body.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'Tijd (Europe/Brussels),Tijd (UTC),Soort bron,Auteur,Naam auteur,Titel,Tekst,Adres,Taal,Zoekprofielen,Bronnen,Id van de vermelding',
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(',Bluesky,');
    expect(lines[1]).toContain(',De stad biedt nieuwe opleidingen aan voor jongeren.,');
    expect(lines[1]).toContain(',Opleidingen,');
    expect(lines[2]).toContain('La commune organise des formations professionnelles gratuites.');
    expect(lines[3]).toContain('Zonder taal');
    const [utc] = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z/.exec(lines[1] ?? '') ?? [];
    expect(Math.abs(Date.parse(utc ?? '') - (now - DAY))).toBeLessThan(1000);

    const [audit] = await rows<{ after: { rows: number; truncated: boolean; filters: { watchlistId: string } } }>(
      t.ctx.db,
      sql`SELECT after FROM audit_log WHERE action = 'export' AND entity = 'mentions' AND organisation_id = ${org.id}::uuid`,
    );
    expect(audit?.after).toMatchObject({ rows: 3, truncated: false, filters: { watchlistId: watchlist.id } });

    const english = await t.app.inject({
      method: 'GET',
      url: `/api/mentions/export.csv?organisationId=${org.id}&q=zwembad`,
      headers: viewer.headers,
    });
    expect(english.body.slice(1).split('\r\n')[0]).toMatch(/^Time \(Europe\/Brussels\),Time \(UTC\),Source kind,/);
    expect(english.body.slice(1).trimEnd().split('\r\n')).toHaveLength(2);

    const badLanguage = await t.app.inject({
      method: 'GET',
      url: `/api/mentions/export.csv?organisationId=${org.id}&lang=de`,
      headers: viewer.headers,
    });
    expect(badLanguage.statusCode).toBe(400);
    expect(badLanguage.json()).toMatchObject({ error: { fields: [expect.objectContaining({ path: 'lang' })] } });
    const outside = await t.app.inject({
      method: 'GET',
      url: `/api/mentions/export.csv?organisationId=${org.id}`,
      headers: outsider.headers,
    });
    expect(outside.statusCode).toBe(403);
  });

  it('exports text a spreadsheet would run as a formula with a leading apostrophe', async () => {
    const third = await buildOrganisation(t.ctx.db);
    const admin = await buildUser(t.ctx.db, { roles: [[third.id, 'admin']] });
    await ingestItems(t.ctx, { organisationId: third.id }, [item('at://formula', '=HYPERLINK("https://example.org/x","klik")')]);
    const res = await t.app.inject({ method: 'GET', url: `/api/mentions/export.csv?organisationId=${third.id}`, headers: admin.headers });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain(`"'=HYPERLINK(""https://example.org/x"",""klik"")"`);
    expect(res.body).not.toContain('opleiding');
  });

  it('purges mentions older than the retention period, per organisation', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/organisations/${org.id}/listening-settings`,
      headers: chief.headers,
      payload: { retentionDays: 3 },
    });
    expect(res.json()).toEqual({ organisationId: org.id, retentionDays: 3 });
    expect(
      (
        await t.app.inject({
          method: 'PUT',
          url: `/api/organisations/${org.id}/listening-settings`,
          headers: viewer.headers,
          payload: { retentionDays: 1 },
        })
      ).statusCode,
    ).toBe(403);
    // Items older than the retention period are not even stored.
    const late = await ingestItems(t.ctx, { organisationId: org.id }, [
      item('at://old', 'Te oud', { publishedAt: new Date(now - 10 * DAY) }),
    ]);
    expect(late).toMatchObject({ stored: 0, skipped: 1 });

    await purgeMentionsJob.handler(t.ctx, {});
    expect(ids(await search(''))).toEqual(['at://nl-1', 'at://nl-2']);
    const matches = await rows<{ n: number }>(
      t.ctx.db,
      sql`SELECT count(*)::int AS n FROM mention_matches WHERE organisation_id = ${org.id}::uuid`,
    );
    expect(matches[0]?.n).toBe(1);
    // The other organisation keeps the default (365 days).
    const other = await rows<{ n: number }>(
      t.ctx.db,
      sql`SELECT count(*)::int AS n FROM mentions WHERE organisation_id = ${otherOrg.id}::uuid`,
    );
    expect(other[0]?.n).toBe(1);
  });
});
