import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildOrganisation } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { escapeHtml } from './directory-html.js';

describe('public directory', () => {
  let t: TestApp;
  const get = (url: string) => t.app.inject({ method: 'GET', url });

  beforeAll(async () => {
    t = await createTestApp();
    const db = t.ctx.db;
    const root = await buildOrganisation(db, {
      name: 'FOD P&O',
      slug: 'fod-po',
      website: 'https://www.fodpo.example/nl',
      names: { fr: 'SPF P&O' },
    });
    const selor = await buildOrganisation(db, { name: 'Selor', slug: 'selor', parentId: root.id, website: 'https://selor.example' });
    const demo = await buildOrganisation(db, { name: 'Demo Agency', slug: 'demo-agency', isDemo: true, parentId: root.id });
    await buildChannel(db, root.id, { network: 'mastodon', handle: '@fodpo@mastodon.example', languages: ['nl', 'fr'] });
    await buildChannel(db, root.id, { network: 'bluesky', handle: 'fodpo.example', languages: ['nl'] });
    await buildChannel(db, root.id, { network: 'x', handle: '@FOD_PO_intern', visibility: 'internal' });
    await buildChannel(db, root.id, { network: 'facebook', handle: 'FODPOsleeping', status: 'dormant' });
    await buildChannel(db, selor.id, { network: 'instagram', handle: '@selor.old', status: 'archived' });
    await buildChannel(db, selor.id, {
      network: 'bluesky',
      handle: 'selor.bsky.social',
      languages: ['fr'],
      displayName: '<script>alert(1)</script>',
    });
    await buildChannel(db, selor.id, {
      network: 'facebook',
      handle: 'Selor',
      languages: ['nl', 'fr'],
      profileUrl: 'https://www.facebook.com/Selor',
    });
    await buildChannel(db, demo.id, { network: 'x', handle: '@demo_agency', isDemo: true });
  });
  afterAll(async () => t?.close());

  it('lists only active public channels, grouped by organisation in tree order, without signing in', async () => {
    const res = await get('/api/public/directory');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const body = res.json();
    expect(body.organisations.map((o: { slug: string }) => o.slug)).toEqual(['fod-po', 'demo-agency', 'selor']);
    const handles = body.organisations.flatMap((o: { channels: Array<{ handle: string }> }) => o.channels.map((c) => c.handle));
    expect(handles).toEqual(['@fodpo@mastodon.example', 'fodpo.example', '@demo_agency', 'selor.bsky.social', 'Selor']);
    expect(handles).not.toEqual(expect.arrayContaining(['@FOD_PO_intern']));
    const [fod, , selor] = body.organisations;
    expect(fod).toMatchObject({ name: 'FOD P&O', names: { fr: 'SPF P&O' }, website: 'https://www.fodpo.example/nl', isDemo: false });
    expect(fod.channels[0]).toEqual({
      network: 'mastodon',
      handle: '@fodpo@mastodon.example',
      displayName: null,
      profileUrl: 'https://mastodon.example/@fodpo',
      languages: ['nl', 'fr'],
      relMe: '<a rel="me" href="https://mastodon.example/@fodpo">Mastodon</a>',
      isDemo: false,
    });
    // Bluesky: on the organisation's own domain already, or the domain it should move to.
    expect(fod.channels[1]).toMatchObject({ relMe: null, blueskyHandle: 'fodpo.example', blueskyOwnDomain: true });
    expect(selor.channels[0]).toMatchObject({ handle: 'selor.bsky.social', blueskyHandle: 'selor.example', blueskyOwnDomain: false });
    expect(selor.channels[1]).toMatchObject({ profileUrl: 'https://www.facebook.com/Selor', relMe: null });
    expect(selor.channels[1]).not.toHaveProperty('blueskyHandle');
  });

  it('filters by organisation subtree, network and content language', async () => {
    const slugs = async (query: string) =>
      (
        (await get(`/api/public/directory?${query}`)).json().organisations as Array<{ slug: string; channels: Array<{ handle: string }> }>
      ).map((o) => `${o.slug}:${o.channels.map((c) => c.handle).join('|')}`);
    expect(await slugs('organisation=selor')).toEqual(['selor:selor.bsky.social|Selor']);
    expect(await slugs('network=bluesky')).toEqual(['fod-po:fodpo.example', 'selor:selor.bsky.social']);
    expect(await slugs('lang=fr')).toEqual(['fod-po:@fodpo@mastodon.example', 'selor:selor.bsky.social|Selor']);
    expect((await get('/api/public/directory?organisation=nope')).statusCode).toBe(404);
    expect((await get('/api/public/directory?network=myspace')).statusCode).toBe(400);
  });

  it('renders an accessible page in the asked language with rel="me" links and a demo badge', async () => {
    const res = await get('/directory?lang=fr');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const html = res.body;
    expect(html).toContain('<html lang="fr">');
    expect(html).toMatch(/<a class="skip" href="#main">Aller au contenu<\/a>/);
    expect(html).toContain('<main id="main"');
    expect(html).toMatch(/<nav aria-label="Langue">/);
    expect(html.match(/<h1>/g)).toHaveLength(1);
    expect(html).toContain('<h1>Comptes officiels de SPF P&amp;O</h1>');
    expect(html).toContain('<h2 id="org-selor">Selor</h2>');
    expect(html).toMatch(/<form role="search" method="get" action="\/directory">/);
    expect(html).toContain('<label for="q">');
    expect(html).toContain('<a href="https://mastodon.example/@fodpo" rel="me">@fodpo@mastodon.example</a>');
    expect(html).toContain('&lt;a rel=&quot;me&quot; href=&quot;https://mastodon.example/@fodpo&quot;&gt;Mastodon&lt;/a&gt;');
    expect(html).toContain('attendu @selor.example');
    expect(html).toContain('Vérifié : l&#39;identifiant est le propre domaine');
    expect(html).toMatch(/<span class="badge"[^>]*>démo<\/span>/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('@FOD_PO_intern');
    expect(html).not.toContain('FODPOsleeping');
    expect(html).not.toContain('@selor.old');
    for (const lang of ['nl', 'fr', 'en']) expect(html).toContain(`hreflang="${lang}"`);
  });

  it('searches on the server, ignoring case and accents', async () => {
    const html = (await get('/directory?lang=en&q=S%C3%89LOR')).body;
    expect(html).toContain('<h1>Official accounts of FOD P&amp;O</h1>');
    expect(html).toContain('id="org-selor"');
    expect(html).not.toContain('id="org-fod-po"');
    expect(html).toContain('value="SÉLOR"');
    expect((await get('/directory?q=zzzz&lang=nl')).body).toContain('Geen accounts gevonden.');
    const missing = await get('/directory?organisation=nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.body).toContain('<html lang=');
  });

  it('is public in the OpenAPI document', async () => {
    const doc = (await get('/api/openapi.json')).json();
    expect(doc.paths['/api/public/directory'].get.security).toEqual([]);
    expect(doc.paths['/directory'].get.security).toEqual([]);
  });

  it('escapes HTML', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
