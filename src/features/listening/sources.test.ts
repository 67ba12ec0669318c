import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { startWebSources, type WebSourcesPeer } from '../../../test/peers/web-sources.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { auditLog } from '../../kit/audit-schema.js';
import { rows } from '../../kit/sql.js';
import { callerOf } from '../publishing/test-fixtures.js';
import { pollSourcesJob } from './jobs.js';
import { pollSourceNow } from './poll.js';
import { listeningSources } from './schema.js';
import type { TListeningSource } from './schemas.js';

describe('listening sources: CRUD, validation, the poll job', () => {
  let t: TestApp;
  let web: WebSourcesPeer;
  let org: { id: string };
  let otherOrg: { id: string };
  let communicator: TestUser;
  let viewer: TestUser;
  let outsider: TestUser;

  beforeAll(async () => {
    web = await startWebSources();
    t = await createTestApp({ env: { KANAAL_ALLOW_URLS: '127.0.0.1' } });
    org = await buildOrganisation(t.ctx.db);
    otherOrg = await buildOrganisation(t.ctx.db);
    communicator = await buildUser(t.ctx.db, { roles: [[org.id, 'communicator']] });
    viewer = await buildUser(t.ctx.db, { roles: [[org.id, 'viewer']] });
    outsider = await buildUser(t.ctx.db, { roles: [[otherOrg.id, 'admin']] });
    // The peer's feeds date from 2025: keep them (the default 365 days would skip them as expired).
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/organisations/${org.id}/listening-settings`,
      headers: communicator.headers,
      payload: { retentionDays: 3650 },
    });
    expect(res.statusCode, res.body).toBe(200);
  });
  afterAll(async () => {
    await t?.close();
    await web?.close();
  });

  const create = (user: TestUser, body: object, orgId = org.id) =>
    t.app.inject({ method: 'POST', url: `/api/organisations/${orgId}/listening-sources`, headers: user.headers, payload: body });

  it('creates, lists, changes and deletes a source, each change audited', async () => {
    const created = await create(communicator, { kind: 'feed', name: 'Stad Gent', settings: { url: web.url('/atom.xml') } });
    expect(created.statusCode, created.body).toBe(201);
    const source = created.json() as TListeningSource;
    expect(source).toMatchObject({ kind: 'feed', name: 'Stad Gent', active: true, pollIntervalSeconds: 900, silentAfterHours: 168 });
    expect(source.state).toMatchObject({ lastSuccessAt: null, lastError: null, itemsSeen: 0, silent: false });

    const listed = await t.app.inject({ method: 'GET', url: `/api/organisations/${org.id}/listening-sources`, headers: viewer.headers });
    expect((listed.json() as TListeningSource[]).map((s) => s.id)).toContain(source.id);

    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/listening-sources/${source.id}`,
      headers: communicator.headers,
      payload: { name: 'Gent (atom)', pollIntervalSeconds: 300, active: false },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    expect(patched.json()).toMatchObject({ name: 'Gent (atom)', pollIntervalSeconds: 300, active: false });

    const removed = await t.app.inject({ method: 'DELETE', url: `/api/listening-sources/${source.id}`, headers: communicator.headers });
    expect(removed.statusCode).toBe(200);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/listening-sources/${source.id}`, headers: communicator.headers })).statusCode,
    ).toBe(404);

    const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.entityId, source.id));
    expect(audit.map((a) => a.action).sort()).toEqual(['create', 'delete', 'update']);
  });

  it('refuses bad settings with the field that is wrong', async () => {
    const noUrl = await create(communicator, { kind: 'feed', name: 'x', settings: { url: 'not a url' } });
    expect(noUrl.statusCode).toBe(400);
    expect(noUrl.json().error.fields[0].path).toBe('settings.url');

    const privateUrl = await create(communicator, { kind: 'page', name: 'x', settings: { url: 'http://10.1.2.3/intranet' } });
    expect(privateUrl.statusCode).toBe(400);
    expect(privateUrl.json().error.fields[0].path).toBe('settings.url');

    const noStream = await create(communicator, { kind: 'mastodon', name: 'x', settings: { instanceUrl: web.origin } });
    expect(noStream.statusCode).toBe(400);
    expect(noStream.json().error.fields[0].path).toBe('settings.hashtags');

    const unknownKey = await create(communicator, { kind: 'bluesky', name: 'x', settings: { langauges: ['nl'] } });
    expect(unknownKey.statusCode).toBe(400);

    const foreignChannel = await buildChannel(t.ctx.db, otherOrg.id, { network: 'bluesky', handle: 'other.bsky.social' });
    const stolen = await create(communicator, { kind: 'own_mentions', name: 'x', settings: { channelIds: [foreignChannel.id] } });
    expect(stolen.statusCode).toBe(400);
    expect(stolen.json().error.fields[0].path).toBe('settings.channelIds');

    const badInterval = await create(communicator, {
      kind: 'feed',
      name: 'x',
      settings: { url: web.url('/rss.xml') },
      pollIntervalSeconds: 5,
    });
    expect(badInterval.statusCode).toBe(400);
  });

  it('keeps other organisations and read-only roles out', async () => {
    const created = await create(communicator, { kind: 'feed', name: 'Private', settings: { url: web.url('/feed.json') } });
    const id = (created.json() as TListeningSource).id;
    expect((await create(viewer, { kind: 'feed', name: 'v', settings: { url: web.url('/feed.json') } })).statusCode).toBe(403);
    expect((await create(outsider, { kind: 'feed', name: 'o', settings: { url: web.url('/feed.json') } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/listening-sources/${id}`, headers: outsider.headers })).statusCode).toBe(403);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/organisations/${org.id}/listening-sources`, headers: outsider.headers })).statusCode,
    ).toBe(403);
    const patch = await t.app.inject({
      method: 'PATCH',
      url: `/api/listening-sources/${id}`,
      headers: outsider.headers,
      payload: { name: 'Hacked' },
    });
    expect(patch.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/listening-sources/${id}`, headers: viewer.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'POST', url: `/api/listening-sources/${id}/poll`, headers: outsider.headers })).statusCode).toBe(
      403,
    );
    await t.app.inject({ method: 'DELETE', url: `/api/listening-sources/${id}`, headers: communicator.headers });
  });

  it('polls due feeds: stores mentions once across two sources, records a broken feed in plain words', async () => {
    const a = (
      await create(communicator, { kind: 'feed', name: 'RSS A', settings: { url: web.url('/rss.xml') } })
    ).json() as TListeningSource;
    const b = (
      await create(communicator, { kind: 'feed', name: 'RSS B', settings: { url: web.url('/rss.xml?mirror=1') } })
    ).json() as TListeningSource;
    const broken = (
      await create(communicator, { kind: 'feed', name: 'Broken', settings: { url: web.url('/malformed.xml') } })
    ).json() as TListeningSource;
    const missing = (
      await create(communicator, { kind: 'feed', name: 'Gone', settings: { url: web.url('/status/404') } })
    ).json() as TListeningSource;

    await pollSourcesJob.handler(t.ctx, {});

    const get = async (id: string) =>
      (await t.app.inject({ method: 'GET', url: `/api/listening-sources/${id}`, headers: viewer.headers })).json() as TListeningSource;
    const [sa, sb, sbroken, smissing] = await Promise.all([get(a.id), get(b.id), get(broken.id), get(missing.id)]);
    expect(sa.state).toMatchObject({ lastError: null, lastErrorCode: null, lastErrorParams: null, itemsSeen: 3 });
    expect(sa.state.lastSuccessAt).not.toBeNull();
    expect(sb.state).toMatchObject({ lastError: null, itemsSeen: 3 });
    expect(sbroken.state.lastError).toBe('the feed is not well-formed XML');
    expect(sbroken.state.lastSuccessAt).toBeNull();
    expect(smissing.state).toMatchObject({
      lastError: 'the address answered 404 (not found)',
      lastErrorCode: 'http_not_found',
      lastErrorParams: { status: 404 },
    });

    // Two linked entries seen by both sources are one mention each; the entry without a link is per source.
    const page = await t.app.inject({
      method: 'GET',
      url: `/api/mentions?organisationId=${org.id}&sourceId=${b.id}`,
      headers: viewer.headers,
    });
    const seen = (page.json().items as Array<{ url: string | null; sources: Array<{ name: string }> }>).map((m) => [
      m.url,
      m.sources.map((s) => s.name).sort(),
    ]);
    // Newest first: the undated entry counts as published when stored.
    expect(seen).toEqual([
      [null, ['RSS B']],
      [web.url('/nieuws/zomer'), ['RSS A', 'RSS B']],
      ['https://stad.gent/nieuws/fietspad', ['RSS A', 'RSS B']],
    ]);

    // Not due again until the interval has passed: a second run reads nothing.
    const before = web.requests.length;
    await pollSourcesJob.handler(t.ctx, {});
    expect(web.requests.length).toBe(before);

    // When due, the feed is asked with its validators and answers 304: nothing new, still a success.
    await t.ctx.db
      .update(listeningSources)
      .set({ lastPolledAt: new Date(Date.now() - 3_600_000) })
      .where(eq(listeningSources.id, a.id));
    await pollSourcesJob.handler(t.ctx, {});
    const last = web.requests[web.requests.length - 1];
    expect(last?.headers['if-none-match']).toBe('"rss-v1"');
    expect((await get(a.id)).state.itemsSeen).toBe(3);
  });

  it('reads a source once at a time: "check now" waits for the poll job\'s read and says what it left out', async () => {
    const source = (
      await create(outsider, { kind: 'feed', name: 'Gent nieuws', settings: { url: web.url('/rss.xml?retention=1') } }, otherOrg.id)
    ).json() as TListeningSource;
    const checkNow = () => t.app.inject({ method: 'POST', url: `/api/listening-sources/${source.id}/poll`, headers: outsider.headers });
    // Another worker is reading it (its lease runs for a minute more): neither a job nor "check now" reads it too.
    await t.ctx.db
      .update(listeningSources)
      .set({ readingUntil: new Date(Date.now() + 60_000) })
      .where(eq(listeningSources.id, source.id));
    const before = web.requests.length;
    await pollSourcesJob.handler(t.ctx, {});
    await expect(pollSourceNow(t.ctx, callerOf(outsider), source.id, { waitMs: 300 })).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining('being read right now'),
    });
    expect(web.requests.length).toBe(before);

    // The reader crashed: its lease runs out and the source can be read again.
    await t.ctx.db
      .update(listeningSources)
      .set({ readingUntil: new Date(Date.now() - 1000) })
      .where(eq(listeningSources.id, source.id));
    const checked = await checkNow();
    expect(checked.statusCode, checked.body).toBe(200);
    // A read in progress elsewhere: "check now" waits for it to end, then reads.
    await t.ctx.db
      .update(listeningSources)
      .set({ readingUntil: new Date(Date.now() + 60_000) })
      .where(eq(listeningSources.id, source.id));
    setTimeout(
      () => void t.ctx.db.update(listeningSources).set({ readingUntil: null }).where(eq(listeningSources.id, source.id)).execute(),
      400,
    );
    const afterWait = await checkNow();
    expect(afterWait.statusCode, afterWait.body).toBe(200);
    expect(afterWait.json()).toMatchObject({ stored: 0, error: null });
    // This organisation keeps mentions 365 days (the default): the two entries of June 2025 are left
    // out as expired, the undated one counts as published now.
    expect(checked.json()).toMatchObject({ received: 3, skipped: 2, stored: 1, duplicates: 0, error: null });
    const [row] = await t.ctx.db.select().from(listeningSources).where(eq(listeningSources.id, source.id));
    expect(row?.readingUntil).toBeNull();
  });

  it('watches a page: first read sets the baseline, an added paragraph becomes a mention', async () => {
    const page = (
      await create(communicator, { kind: 'page', name: 'Persberichten', settings: { url: web.url('/watched.html'), selector: '#news' } })
    ).json() as TListeningSource;
    const poll = () => t.app.inject({ method: 'POST', url: `/api/listening-sources/${page.id}/poll`, headers: communicator.headers });
    const first = await poll();
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ stored: 0, error: null });
    web.watched.news.push('Nieuwe opleidingen voor vrijwilligers.');
    const second = (await poll()).json();
    expect(second).toMatchObject({ received: 1, stored: 1, error: null });
    const [mention] = await rows<{ text: string; language: string }>(
      t.ctx.db,
      sql`SELECT m.text, m.language FROM mentions m WHERE m.source_id = ${page.id}::uuid`,
    );
    expect(mention).toEqual({ text: 'Nieuwe opleidingen voor vrijwilligers.', language: 'nl' });
  });

  it('records why a read failed as a code with its values next to the English, and clears all three on success', async () => {
    const page = (
      await create(communicator, {
        kind: 'page',
        name: 'Nieuwsberichten',
        settings: { url: web.url('/watched.html'), selector: '#news p' },
      })
    ).json() as TListeningSource;
    const poll = async () => {
      const res = await t.app.inject({ method: 'POST', url: `/api/listening-sources/${page.id}/poll`, headers: communicator.headers });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as { error: string | null; source: TListeningSource };
    };
    const stored = async () => {
      const [row] = await t.ctx.db.select().from(listeningSources).where(eq(listeningSources.id, page.id));
      return [row?.lastError, row?.lastErrorCode, row?.lastErrorParams];
    };
    const news = web.watched.news.splice(0);
    try {
      const failed = await poll();
      const english = 'the selector “#news p” matches nothing on the page';
      expect(failed.error).toBe(english);
      expect(failed.source.state).toMatchObject({
        lastError: english,
        lastErrorCode: 'selector_empty',
        lastErrorParams: { selector: '#news p' },
      });
      expect(await stored()).toEqual([english, 'selector_empty', { selector: '#news p' }]);
      const listed = await t.app.inject({ method: 'GET', url: `/api/organisations/${org.id}/listening-sources`, headers: viewer.headers });
      expect((listed.json() as TListeningSource[]).find((s) => s.id === page.id)?.state).toMatchObject({
        lastErrorCode: 'selector_empty',
        lastErrorParams: { selector: '#news p' },
      });
    } finally {
      web.watched.news.push(...news);
    }
    const worked = await poll();
    expect(worked.error).toBeNull();
    expect(worked.source.state).toMatchObject({ lastError: null, lastErrorCode: null, lastErrorParams: null, lastErrorAt: null });
    expect(await stored()).toEqual([null, null, null]);
  });

  it('shows a source as silent once nothing new came for longer than its threshold', async () => {
    const quiet = (
      await create(communicator, { kind: 'feed', name: 'Quiet', settings: { url: web.url('/empty-atom.xml') }, silentAfterHours: 1 })
    ).json() as TListeningSource;
    expect(quiet.state.silent).toBe(false);
    await t.ctx.db
      .update(listeningSources)
      .set({ createdAt: new Date(Date.now() - 2 * 3_600_000) })
      .where(eq(listeningSources.id, quiet.id));
    const polled = (
      await t.app.inject({ method: 'POST', url: `/api/listening-sources/${quiet.id}/poll`, headers: communicator.headers })
    ).json();
    expect(polled.error).toBeNull();
    expect(polled.source.state.silent).toBe(true);
  });
});
