import { afterEach, describe, expect, it } from 'vitest';
import { type GeneratedFrame, generateJetstreamEvents, type JetstreamPeer, startJetstreamPeer } from '../../../../test/peers/jetstream.js';
import type { SourceItem } from '../sources/item.js';
import { type JetstreamOptions, type JetstreamReader, type JetstreamState, startJetstream } from './jetstream.js';
import { jetstreamEventToItem } from './jetstream-event.js';

async function waitFor(condition: () => boolean, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const posts = (frames: GeneratedFrame[]) => frames.filter((f) => f.kind === 'post');
const sentToPostReader = (frames: GeneratedFrame[]) => frames.filter((f) => f.collection === null || f.collection === 'app.bsky.feed.post');

let peer: JetstreamPeer | null = null;
let reader: JetstreamReader | null = null;
afterEach(async () => {
  await reader?.stop();
  await peer?.close();
  reader = peer = null;
});

/** A reader that keeps every item by externalId and every batch it was given. */
function collect(options: Partial<JetstreamOptions> & { url: string }) {
  const items = new Map<string, SourceItem>();
  const batches: Array<{ size: number; cursor: number }> = [];
  const states: JetstreamState[] = [];
  let deliveries = 0;
  reader = startJetstream({
    backoff: { initialMs: 20, maxMs: 200 },
    onState: (state) => states.push(state),
    ...options,
    onEvents: async (batch, cursor, deleted) => {
      await options.onEvents?.(batch, cursor, deleted);
      deliveries += batch.length;
      batches.push({ size: batch.length, cursor });
      for (const item of batch) items.set(item.externalId, item);
    },
  });
  return { items, batches, states, reader, deliveries: () => deliveries };
}

describe('jetstreamEventToItem', () => {
  const post = (record: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    did: 'did:plc:eygmaihciaxprqvxpfvl6flk',
    time_us: 1725911162329308,
    kind: 'commit',
    commit: { rev: '3l3qo2vutsw2b', operation: 'create', collection: 'app.bsky.feed.post', rkey: '3l3qo2vuowo2b', record, cid: 'bafy' },
    ...extra,
  });

  it('turns a post create into an item', () => {
    const item = jetstreamEventToItem(post({ text: 'Réunion publique ce soir', langs: ['fr-BE'], createdAt: '2024-09-09T19:46:02.102Z' }));
    expect(item).toEqual({
      kind: 'bluesky',
      externalId: 'at://did:plc:eygmaihciaxprqvxpfvl6flk/app.bsky.feed.post/3l3qo2vuowo2b',
      url: 'https://bsky.app/profile/did:plc:eygmaihciaxprqvxpfvl6flk/post/3l3qo2vuowo2b',
      author: 'did:plc:eygmaihciaxprqvxpfvl6flk',
      authorDisplayName: null,
      title: null,
      text: 'Réunion publique ce soir',
      language: 'fr',
      publishedAt: new Date('2024-09-09T19:46:02.102Z'),
    });
  });

  it('leaves out what is not a usable post', () => {
    expect(jetstreamEventToItem(post({ text: 'x', langs: [], createdAt: 'yesterday' }))).toMatchObject({
      language: null,
      publishedAt: null,
    });
    expect(jetstreamEventToItem(post({ langs: ['nl'] }))).toBeNull();
    expect(jetstreamEventToItem(post({ text: 'x' }, { did: 'not a did' }))).toBeNull();
    expect(
      jetstreamEventToItem({ ...post({ text: 'x' }), commit: { operation: 'delete', collection: 'app.bsky.feed.post', rkey: 'r' } }),
    ).toBeNull();
    expect(jetstreamEventToItem({ did: 'did:plc:a', time_us: 1, kind: 'identity', identity: { handle: 'a.bsky.social' } })).toBeNull();
    expect(jetstreamEventToItem(null)).toBeNull();
    expect(jetstreamEventToItem('{"kind":"commit"}')).toBeNull();
  });
});

describe('startJetstream against a local Jetstream', () => {
  it('delivers posts in batches with the cursor of their last event, and counts the rest', async () => {
    const frames = generateJetstreamEvents(2_000, { seed: 7 });
    peer = await startJetstreamPeer({ events: frames });
    const run = collect({ url: peer.url, batchSize: 100, mergeEvents: 100 });
    const expected = posts(frames);
    await waitFor(() => run.items.size === expected.length);

    for (const frame of expected) {
      const item = run.items.get(frame.expected?.uri as string);
      expect(item).toMatchObject({
        kind: 'bluesky',
        url: frame.expected?.url,
        author: frame.expected?.did,
        text: frame.expected?.text,
        language: frame.expected?.language,
        publishedAt: new Date(frame.expected?.createdAt as string),
      });
    }
    expect(new Set(expected.map((f) => f.expected?.language))).toEqual(new Set(['nl', 'fr', 'en', null]));
    expect(run.batches.every((b) => b.size <= 100)).toBe(true);
    const cursors = run.batches.map((b) => b.cursor);
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    const sent = sentToPostReader(frames);
    await waitFor(() => run.batches.at(-1)?.cursor === sent.at(-1)?.timeUs);
    expect(run.reader.state().acknowledgedCursor).toBe(sent.at(-1)?.timeUs);

    const broken = sent.filter((f) => f.kind === 'malformed' || f.kind === 'broken-post').length;
    expect(broken).toBeGreaterThan(10);
    expect(run.reader.counters).toMatchObject({
      items: expected.length,
      malformed: broken,
      deletes: sent.filter((f) => f.kind === 'post-delete').length,
      events: sent.filter((f) => f.kind !== 'malformed').length,
      reconnects: 0,
    });
    expect(peer.connections).toEqual([expect.objectContaining({ cursor: null, wantedCollections: ['app.bsky.feed.post'] })]);

    const later = generateJetstreamEvents(50, { seed: 8, startUs: (sent.at(-1)?.timeUs as number) + 1_000, malformedRate: 0 });
    peer.append(later);
    await waitFor(() => run.items.size === expected.length + posts(later).length);
    expect(run.reader.state()).toMatchObject({ connected: true, lastError: null });
  });

  it('hands batches that queued up behind a slow store over as one, in order, up to mergeEvents', async () => {
    const frames = generateJetstreamEvents(2_000, { seed: 9, malformedRate: 0 });
    peer = await startJetstreamPeer({ events: frames });
    let first = true;
    const order: string[] = [];
    const run = collect({
      url: peer.url,
      batchSize: 50,
      mergeEvents: 400,
      onEvents: async (batch) => {
        order.push(...batch.map((item) => item.externalId));
        if (first) {
          first = false;
          await new Promise((resolve) => setTimeout(resolve, 300)); // the store is slow once: batches queue up
        }
      },
    });
    const expected = posts(frames);
    await waitFor(() => run.items.size === expected.length);
    const sizes = run.batches.map((b) => b.size);
    expect(Math.max(...sizes)).toBeGreaterThan(50); // merged
    expect(Math.max(...sizes)).toBeLessThanOrEqual(400);
    expect(order).toEqual(expected.map((f) => f.expected?.uri)); // each once, in stream order
    const cursors = run.batches.map((b) => b.cursor);
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
  });

  it('resumes after dropped connections from the acknowledged cursor minus the rewind, losing nothing', async () => {
    const frames = generateJetstreamEvents(3_000, { seed: 11, malformedRate: 0 });
    peer = await startJetstreamPeer({ events: frames });
    peer.cutAfter(700, 2);
    const rewindUs = 20_000;
    // A slow store makes the acknowledged cursor lag behind what was received.
    const run = collect({ url: peer.url, batchSize: 50, rewindUs, onEvents: () => new Promise((r) => setTimeout(r, 2)) });
    const expected = posts(frames);
    await waitFor(() => run.items.size === expected.length);

    expect([...run.items.keys()].sort()).toEqual(expected.map((f) => f.expected?.uri).sort());
    expect(run.deliveries()).toBeGreaterThan(expected.length); // the rewind replays: duplicates are the caller's to drop
    expect(peer.connections).toHaveLength(3);
    const [first, second, third] = peer.connections;
    expect(first?.cursor).toBeNull();
    const sent = sentToPostReader(frames);
    const cutAt = (sent[699] as GeneratedFrame).timeUs;
    expect(second?.cursor).toBeGreaterThan(sent[0]?.timeUs as number);
    expect(second?.cursor).toBeLessThanOrEqual(cutAt - rewindUs);
    expect(third?.cursor).toBeGreaterThan(second?.cursor as number);
    expect(run.reader.counters.reconnects).toBe(2);
    const cut = ['the connection was cut', 'the connection was cut by the other side'];
    expect(run.states.some((s) => !s.connected && cut.includes(s.lastError ?? ''))).toBe(true);
  });

  it('replays from the acknowledged cursor when storing a batch fails', async () => {
    const frames = generateJetstreamEvents(1_500, { seed: 5, malformedRate: 0 });
    peer = await startJetstreamPeer({ events: frames });
    let calls = 0;
    let failedCursor = 0;
    const run = collect({
      url: peer.url,
      batchSize: 100,
      onEvents: (_items, cursor) => {
        calls += 1;
        if (calls !== 3) return;
        failedCursor = cursor;
        throw new Error('database is read-only');
      },
    });
    await waitFor(() => run.items.size === posts(frames).length);
    expect(run.states.some((s) => s.lastError === 'storing the events failed: database is read-only')).toBe(true);
    expect(peer.connections).toHaveLength(2);
    expect(peer.connections[1]?.cursor).toBe((run.batches[1]?.cursor as number) - 3_000_000);
    // Nothing received after the failed batch may be acknowledged before the replay covers it.
    expect(run.batches[2]?.cursor).toBeLessThan(failedCursor);
  });

  it('backs off exponentially with jitter and a cap while the server refuses', async () => {
    peer = await startJetstreamPeer({ events: generateJetstreamEvents(100, { seed: 3 }) });
    peer.refuse(5, 503);
    const run = collect({ url: peer.url, backoff: { initialMs: 40, maxMs: 100, random: () => 0.5 } });
    await waitFor(() => run.items.size > 0);
    const at = peer.connections.map((c) => c.at);
    const gaps = at.slice(1).map((t, i) => t - (at[i] as number));
    // Waits are ¾ of min(100, 40·2ⁿ) with this jitter: 30, 60, 75, 75, 75 ms.
    const planned = [30, 60, 75, 75, 75];
    gaps.forEach((gap, i) => {
      expect(gap).toBeGreaterThanOrEqual((planned[i] as number) - 2);
      expect(gap).toBeLessThan((planned[i] as number) + 150);
    });
    expect(peer.connections.map((c) => c.refused)).toEqual([503, 503, 503, 503, 503, null]);
    expect(run.reader.counters.reconnects).toBe(5);
    expect(run.states.some((s) => s.lastError === 'the server refused the connection (HTTP 503)' && s.nextAttemptAt !== null)).toBe(true);
    expect(run.reader.state().lastError).toBeNull();
  });

  it('stop() closes the socket and ends reconnecting', async () => {
    peer = await startJetstreamPeer({ events: generateJetstreamEvents(300, { seed: 9 }) });
    const run = collect({ url: peer.url });
    await waitFor(() => run.items.size > 0 && (peer as JetstreamPeer).openSockets() === 1);
    await run.reader.stop();
    await waitFor(() => (peer as JetstreamPeer).openSockets() === 0);
    expect(run.reader.state()).toMatchObject({ connected: false, stopped: true, nextAttemptAt: null });

    peer.refuse(10);
    reader = startJetstream({ url: peer.url, onEvents: () => {}, backoff: { initialMs: 30 } });
    await waitFor(() => (peer as JetstreamPeer).connections.length === 2);
    await reader.stop();
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(peer.connections).toHaveLength(2);
  });
});
