import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildOrganisation, buildUser } from '../../../test/factories.js';
import { type GeneratedFrame, generateJetstreamEvents, type JetstreamPeer, startJetstreamPeer } from '../../../test/peers/jetstream.js';
import { createTestApp, type TestApp, usingPostgres } from '../../../test/support.js';
import { rows } from '../../kit/sql.js';
import { listeningSources } from './schema.js';
import { ZMastodonSettings } from './source-settings.js';
import { startListeningStreams } from './stream-loop.js';

/** The posts a reader should have kept: created and not deleted afterwards. */
function survivingPosts(frames: GeneratedFrame[]): Set<string> {
  const alive = new Set<string>();
  for (const frame of frames) {
    if (frame.kind === 'post' && frame.expected) alive.add(frame.expected.uri);
    if (frame.kind === 'post-delete') {
      const event = JSON.parse(frame.frame) as { did: string; commit: { rkey: string } };
      alive.delete(`at://${event.did}/app.bsky.feed.post/${event.commit.rkey}`);
    }
  }
  return alive;
}

function postFrame(timeUs: number, did: string, rkey: string, text: string): GeneratedFrame {
  const record = { $type: 'app.bsky.feed.post', text, langs: ['nl'], createdAt: new Date(timeUs / 1000).toISOString() };
  const frame = JSON.stringify({
    did,
    time_us: timeUs,
    kind: 'commit',
    commit: { rev: 'r', operation: 'create', collection: 'app.bsky.feed.post', rkey, record, cid: 'c' },
  });
  const uri = `at://${did}/app.bsky.feed.post/${rkey}`;
  const expected = { uri, url: `https://bsky.app/profile/${did}/post/${rkey}`, did, text, language: 'nl', createdAt: record.createdAt };
  return { kind: 'post', timeUs, frame, collection: 'app.bsky.feed.post', expected };
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('listening streams: Jetstream sources resume from their stored cursor', () => {
  let t: TestApp;
  let peer: JetstreamPeer;
  const startUs = (Date.now() - 3_600_000) * 1000;
  const history = generateJetstreamEvents(400, { seed: 7, startUs, malformedRate: 0.02 });
  const lastUs = history[history.length - 1]?.timeUs ?? 0;

  beforeAll(async () => {
    peer = await startJetstreamPeer({ events: history });
    t = await createTestApp();
  });
  afterAll(async () => {
    await t?.close();
    await peer?.close();
  });

  const mentionUris = async (organisationId: string) =>
    new Set(
      (
        await rows<{ external_id: string }>(t.ctx.db, sql`SELECT external_id FROM mentions WHERE organisation_id = ${organisationId}::uuid`)
      ).map((r) => r.external_id),
    );

  it('stores the stream, stops, and after a restart continues from the cursor without gaps or duplicates', async () => {
    const everything = await buildOrganisation(t.ctx.db);
    const owner = await buildOrganisation(t.ctx.db);
    const filtered = await buildOrganisation(t.ctx.db);
    const admin = await buildUser(t.ctx.db, {
      roles: [
        [everything.id, 'admin'],
        [owner.id, 'admin'],
        [filtered.id, 'admin'],
      ],
    });
    const create = async (orgId: string, body: object) => {
      const res = await t.app.inject({
        method: 'POST',
        url: `/api/organisations/${orgId}/listening-sources`,
        headers: admin.headers,
        payload: body,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as { id: string };
    };
    await create(everything.id, { kind: 'bluesky', name: 'Firehose', settings: { keep: 'all' } });
    // Own mentions: only posts naming the organisation's Bluesky channel.
    await buildChannel(t.ctx.db, owner.id, { network: 'bluesky', handle: 'stad.example' });
    const own = await create(owner.id, { kind: 'own_mentions', name: 'Mentions of us' });
    // Default keep: matching, so only what a watchlist matches (and Dutch only).
    await t.app.inject({
      method: 'POST',
      url: `/api/organisations/${filtered.id}/watchlists`,
      headers: admin.headers,
      payload: { name: 'Zwembad', query: 'zwembad OR piscine' },
    });
    await create(filtered.id, { kind: 'bluesky', name: 'Zwembad', settings: { languages: ['nl'] } });

    const streams = startListeningStreams(t.ctx, { jetstreamUrl: peer.url, refreshMs: 3_600_000, jetstreamBatchMs: 20 });
    const expected = survivingPosts(history);
    await waitFor(async () => (await mentionUris(everything.id)).size === expected.size, 'the first run to store every post');
    const atEnd = async (cursor: number) => {
      const list = await t.ctx.db.select().from(listeningSources);
      return list.filter((s) => s.state.cursor === cursor).length === 3;
    };
    await waitFor(() => atEnd(lastUs), 'every source to store the cursor of the last event');
    expect(streams.running().sort()).toHaveLength(3);
    await streams.stop();
    expect(peer.openSockets()).toBe(0);
    expect(await mentionUris(everything.id)).toEqual(expected);

    const zwembad = await rows<{ text: string; language: string }>(
      t.ctx.db,
      sql`SELECT text, language FROM mentions WHERE organisation_id = ${filtered.id}::uuid`,
    );
    expect(zwembad.length).toBeGreaterThan(0);
    expect(zwembad.every((m) => m.language === 'nl' && /zwembad/i.test(m.text))).toBe(true);

    // While stopped: more posts, one of them mentioning the organisation's channel.
    const later = generateJetstreamEvents(100, { seed: 8, startUs: lastUs + 1_000, malformedRate: 0 });
    const mentionUs = (later[later.length - 1]?.timeUs ?? lastUs) + 1_000;
    const mention = postFrame(mentionUs, 'did:plc:citizen', '3kmentionpost1', 'Vraag aan @stad.example: wanneer opent het zwembad?');
    const notAMention = postFrame(mentionUs + 1_000, 'did:plc:citizen', '3kmentionpost2', 'Mail naar @stad.examplewebsite.be');
    peer.append([...later, mention, notAMention]);

    const connectionsBefore = peer.connections.length;
    const again = startListeningStreams(t.ctx, { jetstreamUrl: peer.url, refreshMs: 3_600_000, jetstreamBatchMs: 20 });
    const all2 = survivingPosts([...history, ...later, mention, notAMention]);
    await waitFor(async () => (await mentionUris(everything.id)).size === all2.size, 'the second run to catch up');
    await waitFor(() => atEnd(mentionUs + 1_000), 'every source to reach the new end');
    await again.stop();

    // Resumed from the stored cursor (less Jetstream's 3 s safety rewind), not from the start.
    const resumed = peer.connections.slice(connectionsBefore).map((c) => c.cursor);
    expect(resumed).toContain(lastUs - 3_000_000);
    expect(resumed).not.toContain(null);
    expect(await mentionUris(everything.id)).toEqual(all2);
    const dupes = await rows<{ n: number }>(
      t.ctx.db,
      sql`SELECT count(*)::int AS n FROM mentions WHERE organisation_id = ${everything.id}::uuid`,
    );
    expect(dupes[0]?.n).toBe(all2.size);

    const ownMentions = await rows<{ external_id: string; kind: string }>(
      t.ctx.db,
      sql`SELECT external_id, kind FROM mentions WHERE organisation_id = ${owner.id}::uuid`,
    );
    expect(ownMentions).toEqual([{ external_id: 'at://did:plc:citizen/app.bsky.feed.post/3kmentionpost1', kind: 'own_mentions' }]);
    const [ownRow] = await t.ctx.db.select().from(listeningSources).where(eq(listeningSources.id, own.id));
    expect(ownRow?.lastError).toBeNull();
    expect(ownRow?.lastSuccessAt).not.toBeNull();
  });

  it('stops a stream when its source is deactivated, and starts it when reactivated', async () => {
    const org = await buildOrganisation(t.ctx.db);
    const [source] = await t.ctx.db
      .insert(listeningSources)
      .values({ organisationId: org.id, kind: 'bluesky', name: 'B', settings: { keep: 'all' } })
      .returning();
    if (!source) throw new Error('insert failed');
    const streams = startListeningStreams(t.ctx, { jetstreamUrl: peer.url, refreshMs: 3_600_000, jetstreamBatchMs: 20 });
    try {
      await streams.refresh();
      expect(streams.running()).toContain(source.id);
      await t.ctx.db.update(listeningSources).set({ active: false, updatedAt: new Date() }).where(eq(listeningSources.id, source.id));
      await streams.refresh();
      expect(streams.running()).not.toContain(source.id);
      await t.ctx.db.update(listeningSources).set({ active: true, updatedAt: new Date() }).where(eq(listeningSources.id, source.id));
      await streams.refresh();
      expect(streams.running()).toContain(source.id);
    } finally {
      await streams.stop();
    }
  });

  it('records a stream that cannot start as a code with its values, and clears an error once a batch is stored', async () => {
    const org = await buildOrganisation(t.ctx.db);
    const [refused, recovering] = await t.ctx.db
      .insert(listeningSources)
      .values([
        {
          organisationId: org.id,
          kind: 'mastodon',
          name: 'Intranet',
          settings: ZMastodonSettings.parse({ instanceUrl: 'http://10.1.2.3', hashtags: ['gent'] }),
        },
        {
          organisationId: org.id,
          kind: 'bluesky',
          name: 'Firehose',
          settings: { keep: 'all' },
          lastError: 'Bluesky stream: the connection was cut',
          lastErrorCode: 'bluesky_stream',
          lastErrorParams: { message: 'the connection was cut' },
          lastErrorAt: new Date(),
        },
      ])
      .returning();
    if (!refused || !recovering) throw new Error('insert failed');
    const errorOf = async (id: string) => {
      const [row] = await t.ctx.db.select().from(listeningSources).where(eq(listeningSources.id, id));
      return { text: row?.lastError, code: row?.lastErrorCode, params: row?.lastErrorParams, succeeded: row?.lastSuccessAt != null };
    };
    const streams = startListeningStreams(t.ctx, { jetstreamUrl: peer.url, refreshMs: 3_600_000, jetstreamBatchMs: 20 });
    try {
      await streams.refresh();
      await waitFor(async () => (await errorOf(recovering.id)).succeeded, 'the Bluesky source to store a batch');
    } finally {
      await streams.stop();
    }
    expect(await errorOf(refused.id)).toEqual({
      text: 'the address points to a private network',
      code: 'private_address',
      params: {},
      succeeded: false,
    });
    expect(await errorOf(recovering.id)).toEqual({ text: null, code: null, params: null, succeeded: true });
  });

  it.skipIf(!usingPostgres)('runs the streams in one process only: another worker takes over when it stops', async () => {
    const org = await buildOrganisation(t.ctx.db);
    const [source] = await t.ctx.db
      .insert(listeningSources)
      .values({ organisationId: org.id, kind: 'bluesky', name: 'B', settings: { keep: 'all' } })
      .returning();
    if (!source) throw new Error('insert failed');
    const options = { jetstreamUrl: peer.url, refreshMs: 3_600_000, jetstreamBatchMs: 20 };
    const first = startListeningStreams(t.ctx, options);
    await first.refresh();
    const secondWorker = startListeningStreams({ ...t.ctx }, options);
    await secondWorker.refresh();
    expect(first.running()).toContain(source.id);
    expect(secondWorker.running()).toEqual([]);
    await first.stop();
    await secondWorker.refresh();
    expect(secondWorker.running()).toContain(source.id);
    await secondWorker.stop();
  });
});
