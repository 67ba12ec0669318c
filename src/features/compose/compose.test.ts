import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { publications } from '../publishing/schema.js';

describe('compose: variants, preview, media, scheduling', () => {
  let t: TestApp;
  let org: { id: string };
  let editor: TestUser;
  let nl: { id: string };
  let fr: { id: string };
  let bsky: { id: string };

  beforeAll(async () => {
    t = await createTestApp();
    org = await buildOrganisation(t.ctx.db, { defaultLanguage: 'nl', website: 'https://belgium.be' });
    editor = await buildUser(t.ctx.db, { roles: [[org.id, 'editor_in_chief']] });
    nl = await buildChannel(t.ctx.db, org.id, { network: 'mastodon', languages: ['nl'] });
    fr = await buildChannel(t.ctx.db, org.id, { network: 'x', handle: '@fr', languages: ['fr'] });
    bsky = await buildChannel(t.ctx.db, org.id, { network: 'bluesky', handle: 'de.bsky.social', languages: ['de'] });
  });
  afterAll(async () => t?.close());

  const create = (body: object) => t.app.inject({ method: 'POST', url: `/api/organisations/${org.id}/posts`, headers: editor.headers, payload: body });

  it('gives each channel its final text: override ?? language variant ?? base text, UTM-tagged, counted per network', async () => {
    const res = await create({
      title: 'Nieuwe website',
      baseText: 'Basistekst https://belgium.be/nieuws',
      texts: { nl: 'Lees meer op https://belgium.be/nl', fr: 'Lisez plus sur https://belgium.be/fr' },
      channels: [{ channelId: nl.id }, { channelId: fr.id }, { channelId: bsky.id, textOverride: 'Eigen tekst für Bluesky' }],
    });
    expect(res.statusCode).toBe(201);
    const post = res.json();
    expect(post).toMatchObject({ state: 'draft', version: 1, timeZone: 'Europe/Brussels' });
    const preview = await t.app.inject({ method: 'POST', url: `/api/posts/${post.id}/preview`, headers: editor.headers, payload: {} });
    expect(preview.statusCode).toBe(200);
    const byId = Object.fromEntries(preview.json().channels.map((c: { channelId: string }) => [c.channelId, c]));
    expect(byId[nl.id]).toMatchObject({
      source: 'language',
      language: 'nl',
      text: 'Lees meer op https://belgium.be/nl?utm_source=mastodon&utm_medium=social&utm_campaign=nieuwe-website',
      count: { max: 500, rule: 'chars-urls-23', count: 'Lees meer op '.length + 23 },
    });
    expect(byId[fr.id]).toMatchObject({ source: 'language', language: 'fr', count: { max: 280, rule: 'twitter-weighted' } });
    expect(byId[fr.id].text).toContain('utm_source=x');
    expect(byId[bsky.id]).toMatchObject({ source: 'override', language: 'de', text: 'Eigen tekst für Bluesky', count: { count: 23, max: 300 } });
    expect(preview.json().blocked).toBe(false);

    // Unsaved content previews without being saved; a too-long text is an issue for X only.
    const long = 'a'.repeat(400);
    const live = await t.app.inject({ method: 'POST', url: `/api/posts/${post.id}/preview`, headers: editor.headers, payload: { texts: { fr: long, nl: long } } });
    const liveBy = Object.fromEntries(live.json().channels.map((c: { channelId: string }) => [c.channelId, c]));
    expect(liveBy[fr.id].issues.map((i: { code: string }) => i.code)).toEqual(['text_too_long']);
    expect(liveBy[nl.id].issues).toEqual([]);
    expect(live.json().blocked).toBe(true);
    expect((await t.app.inject({ method: 'GET', url: `/api/posts/${post.id}`, headers: editor.headers })).json().texts.fr).toContain('Lisez');
  });

  it('refuses channels of another organisation and archived channels', async () => {
    const other = await buildOrganisation(t.ctx.db);
    const foreign = await buildChannel(t.ctx.db, other.id);
    const archived = await buildChannel(t.ctx.db, org.id, { status: 'archived' });
    const res = await create({ baseText: 'x', channels: [{ channelId: foreign.id }, { channelId: archived.id }] });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.fields.map((f: { path: string }) => f.path)).toEqual(['channels.0.channelId', 'channels.1.channelId']);
    expect(res.json().error.fields.map((f: { code: string }) => f.code)).toEqual(['not_our_channel', 'channel_archived']);
  });

  it('uploads media, needs alt text in the channel language, and schedules across the Brussels DST change', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/organisations/${org.id}/media?fileName=kaart.png&mimeType=image/png`,
      headers: { ...editor.headers, 'content-type': 'application/octet-stream' },
      payload: png,
    });
    expect(up.statusCode).toBe(201);
    const media = up.json();
    expect(media).toMatchObject({ byteSize: png.length, mimeType: 'image/png', altTexts: {} });
    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/organisations/${org.id}/media?fileName=a.exe&mimeType=application/x-msdownload`,
      headers: { ...editor.headers, 'content-type': 'application/octet-stream' },
      payload: Buffer.from('MZ'),
    });
    expect(bad.statusCode).toBe(422);
    // Browsers send the file's own type, as the web app's upload does.
    const asImage = await t.app.inject({
      method: 'POST',
      url: `/api/organisations/${org.id}/media?fileName=kaart-2.png&mimeType=image/png`,
      headers: { ...editor.headers, 'content-type': 'image/png' },
      payload: Buffer.concat([png, Buffer.from([0])]),
    });
    expect(asImage.statusCode, asImage.body).toBe(201);

    const post = (await create({ title: 'Kaart', baseText: 'De nieuwe kaart.', channels: [{ channelId: nl.id, mediaIds: [media.id] }] })).json();
    const refused = await t.app.inject({ method: 'POST', url: `/api/posts/${post.id}/submit`, headers: editor.headers });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.fields.map((f: { path: string }) => f.path)).toContain(`channels.${nl.id}.lint.alt_text_missing`);

    const alt = await t.app.inject({ method: 'PATCH', url: `/api/media/${media.id}`, headers: editor.headers, payload: { altTexts: { nl: 'Kaart van België met de tien provincies' } } });
    expect(alt.statusCode).toBe(200);
    // No workflow: submitting approves at once.
    const submitted = await t.app.inject({ method: 'POST', url: `/api/posts/${post.id}/submit`, headers: editor.headers });
    expect(submitted.json()).toMatchObject({ state: 'approved' });

    const gap = await t.app.inject({ method: 'POST', url: `/api/posts/${post.id}/schedule`, headers: editor.headers, payload: { plannedAt: '2026-03-29T02:30' } });
    expect(gap.statusCode).toBe(422);
    expect(gap.json().error.fields[0].message).toContain('does not exist');
    const scheduled = await t.app.inject({ method: 'POST', url: `/api/posts/${post.id}/schedule`, headers: editor.headers, payload: { plannedAt: '2026-10-25T02:30:00+01:00' } });
    expect(scheduled.statusCode).toBe(200);
    expect(scheduled.json()).toMatchObject({ state: 'scheduled', plannedAt: '2026-10-25T01:30:00.000Z' });
    const rows = await t.ctx.db.select().from(publications).where(eq(publications.postId, post.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      channelId: nl.id,
      state: 'scheduled',
      timeZone: 'Europe/Brussels',
      text: 'De nieuwe kaart.',
      language: 'nl',
      media: [{ fileName: 'kaart.png', mimeType: 'image/png', storageKey: media.sha256, altText: 'Kaart van België met de tien provincies' }],
    });
    expect(rows[0]?.dueAt.toISOString()).toBe('2026-10-25T01:30:00.000Z');
    const again = await t.app.inject({ method: 'POST', url: `/api/posts/${post.id}/schedule`, headers: editor.headers, payload: { plannedAt: '2026-10-26T10:00:00+01:00' } });
    expect(again.statusCode).toBe(409);
  });

  it('keeps compose settings per organisation, and a rule set to block stops submit', async () => {
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/organisations/${org.id}/compose-settings`,
      headers: editor.headers,
      payload: { lint: { rules: { all_caps: 'block' } }, utm: { enabled: false } },
    });
    expect(put.statusCode).toBe(200);
    const post = (await create({ baseText: 'DIT IS HEEL BELANGRIJK NIEUWS https://belgium.be', channels: [{ channelId: nl.id }] })).json();
    const preview = (await t.app.inject({ method: 'POST', url: `/api/posts/${post.id}/preview`, headers: editor.headers, payload: {} })).json();
    expect(preview.channels[0].text).toBe('DIT IS HEEL BELANGRIJK NIEUWS https://belgium.be');
    expect(preview.channels[0].findings.map((f: { rule: string; severity: string }) => [f.rule, f.severity])).toContainEqual(['all_caps', 'block']);
    const submit = await t.app.inject({ method: 'POST', url: `/api/posts/${post.id}/submit`, headers: editor.headers });
    expect(submit.statusCode).toBe(422);
    expect(submit.json().error.fields.map((f: { path: string }) => f.path)).toContain(`channels.${nl.id}.lint.all_caps`);
    const viewer = await buildUser(t.ctx.db, { roles: [[org.id, 'viewer']] });
    expect((await create({})).statusCode).toBe(201);
    const denied = await t.app.inject({ method: 'POST', url: `/api/organisations/${org.id}/posts`, headers: viewer.headers, payload: {} });
    expect(denied.statusCode).toBe(403);
  });
});
