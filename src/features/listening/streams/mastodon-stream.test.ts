import { afterEach, describe, expect, it } from 'vitest';
import { type MastodonStreamingPeer, startMastodonStreamingPeer } from '../../../../test/peers/mastodon-streaming.js';
import { UnsafeUrlError } from '../../../kit/safe-fetch.js';
import type { SourceItem } from '../sources/item.js';
import { fetchSince } from './mastodon-fetch.js';
import { htmlToText, statusToItem } from './mastodon-status.js';
import {
  type MastodonItemInfo,
  type MastodonStreamOptions,
  type MastodonStreamReader,
  type MastodonStreamState,
  startMastodonStream,
} from './mastodon-stream.js';
import { checkStreamTarget } from './stream-target.js';

const ALLOW = ['127.0.0.1/32'];
const TOKEN = 'listening-token';

async function waitFor(condition: () => boolean, timeoutMs = 8_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let peer: MastodonStreamingPeer | null = null;
let reader: MastodonStreamReader | null = null;
afterEach(async () => {
  await reader?.stop();
  await peer?.close();
  reader = peer = null;
});

async function listen(options: Partial<MastodonStreamOptions> = {}) {
  const p = peer as MastodonStreamingPeer;
  const received: Array<{ item: SourceItem; info: MastodonItemInfo }> = [];
  const deleted: string[] = [];
  const states: MastodonStreamState[] = [];
  reader = await startMastodonStream({
    instanceUrl: p.url,
    streams: [{ stream: 'hashtag', tag: 'Afval' }, { stream: 'public:local' }],
    accessToken: TOKEN,
    allow: ALLOW,
    backoff: { initialMs: 20, maxMs: 200 },
    onItems: (items, info) => {
      for (const item of items) received.push({ item, info });
    },
    onDelete: (id) => {
      deleted.push(id);
    },
    onState: (state) => states.push(state),
    ...options,
  });
  return { received, deleted, states, reader };
}

describe('Mastodon statuses to items', () => {
  it('strips content HTML to plain text', () => {
    const html =
      '<p>Gr&#xE9;&#233;t &amp; <span class="h-card"><a href="https://x/@a" class="u-url mention">@<span>a</span></a></span> &lt;3</p>' +
      '<p>Zie <a href="https://stad.example/afval"><span class="invisible">https://</span><span class="ellipsis">stad.example/af</span><span class="invisible">val</span></a><br>regel&nbsp;2 &bogus;</p>';
    expect(htmlToText(html)).toBe('Gréét & @a <3\n\nZie https://stad.example/afval\nregel\u00a02 &bogus;');
  });

  it('maps a status, adding the account domain to local authors', () => {
    const status = {
      id: '1',
      uri: 'https://stad.example/users/alice/statuses/1',
      url: null,
      created_at: '2025-03-30T01:30:00.000Z',
      content: '<p>Hallo</p>',
      spoiler_text: 'Let op',
      language: 'nl-BE',
      account: { acct: 'alice', display_name: '' },
    };
    expect(statusToItem(status, 'stad.example')).toEqual({
      kind: 'mastodon',
      externalId: status.uri,
      url: status.uri,
      author: '@alice@stad.example',
      authorDisplayName: null,
      title: null,
      text: 'Let op\n\nHallo',
      language: 'nl',
      publishedAt: new Date(status.created_at),
    });
    expect(statusToItem({ ...status, account: { acct: 'bob@elders.example' } }, 'stad.example')?.author).toBe('@bob@elders.example');
    expect(statusToItem({ ...status, uri: 'javascript:alert(1)' }, 'x')).toBeNull();
  });
});

describe('startMastodonStream against a local streaming server', () => {
  it('subscribes, turns updates into items and passes edits and deletions on', async () => {
    peer = await startMastodonStreamingPeer({ tokens: [TOKEN] });
    const run = await listen();
    await waitFor(() => peer?.subscriptions()[0]?.length === 2);
    expect(peer.upgrades[0]?.authorization).toBe(`Bearer ${TOKEN}`);

    const local = peer.post({
      acct: 'alice',
      displayName: 'Alice (Stad)',
      content: '<p>Waar blijft de <a href="x">#afval</a>ophaling?</p>',
      tags: ['afval'],
    });
    const remote = peer.post({ acct: 'bob@elders.example', content: '<p>Les poubelles &amp; le tri</p>', language: 'fr', tags: ['Afval'] });
    peer.post({ acct: 'carol@elders.example', content: '<p>not for us</p>', tags: ['other'] });
    await waitFor(() => run.received.length === 3);

    const byStream = (key: string) =>
      run.received.filter((r) => ('tag' in r.info.stream ? `hashtag:${r.info.stream.tag}` : r.info.stream.stream) === key);
    expect(byStream('hashtag:Afval').map((r) => r.item.externalId)).toEqual([local.uri, remote.uri]);
    expect(byStream('public:local').map((r) => r.item.externalId)).toEqual([local.uri]);
    expect(byStream('hashtag:Afval')[0]?.item).toEqual({
      kind: 'mastodon',
      externalId: local.uri,
      url: local.url,
      author: '@alice@stad.example', // the instance's account domain, not its web host
      authorDisplayName: 'Alice (Stad)',
      title: null,
      text: 'Waar blijft de #afvalophaling?',
      language: 'nl',
      publishedAt: new Date(local.created_at),
    });
    expect(byStream('hashtag:Afval')[1]?.item).toMatchObject({
      author: '@bob@elders.example',
      text: 'Les poubelles & le tri',
      language: 'fr',
    });
    expect(byStream('hashtag:Afval')[1]?.info).toMatchObject({ statusId: remote.id, edited: false, fromPoll: false });

    peer.edit(remote.id, '<p>Les poubelles, corrigé</p>');
    peer.remove(local.id);
    await waitFor(() => run.received.length === 4 && run.deleted.length === 2);
    expect(run.received[3]).toMatchObject({ item: { text: 'Les poubelles, corrigé' }, info: { edited: true } });
    expect(run.deleted).toEqual([local.id, local.id]);

    peer.sendRaw('{not json');
    peer.sendRaw(JSON.stringify({ stream: ['public:local'], event: 'update', payload: '{"id":"9"' }));
    peer.sendRaw(JSON.stringify({ error: 'Missing tag name parameter', status: 400 }));
    peer.post({ acct: 'dave', content: '<p>nog steeds hier</p>' });
    await waitFor(() => run.received.length === 5);
    expect(run.reader.counters).toMatchObject({ items: 5, deletes: 2, malformed: 2, reconnects: 0 });
    expect(run.states.some((s) => s.lastError === 'the instance refused a stream: Missing tag name parameter')).toBe(true);
    expect(run.reader.state().lastStatusIds).toEqual({ 'hashtag:afval': remote.id, 'public:local': peer.statuses.at(-1)?.id });
  });

  it('reconnects with backoff after a cut and fills the gap by polling the timeline', async () => {
    peer = await startMastodonStreamingPeer({ tokens: [TOKEN] });
    const run = await listen({ streams: [{ stream: 'hashtag', tag: 'afval' }], backoff: { initialMs: 300, random: () => 0.5 } });
    await waitFor(() => peer?.subscriptions()[0]?.length === 1);
    const first = peer.post({ acct: 'alice', content: '<p>een</p>', tags: ['afval'] });
    await waitFor(() => run.received.length === 1);

    peer.cutAll();
    const missed = [1, 2, 3].map((n) =>
      (peer as MastodonStreamingPeer).post({ acct: 'bob@elders.example', content: `<p>gemist ${n}</p>`, tags: ['afval'] }),
    );
    await waitFor(() => run.received.length === 4);

    expect(run.received.slice(1).map((r) => [r.item.externalId, r.info.fromPoll])).toEqual(missed.map((s) => [s.uri, true]));
    expect(peer.requests).toContain(`GET /api/v1/timelines/tag/afval?min_id=${first.id}&limit=40`);
    expect(peer.upgrades).toHaveLength(2);
    const wait = (peer.upgrades[1]?.at as number) - (peer.upgrades[0]?.at as number);
    expect(wait).toBeGreaterThanOrEqual(225); // ¾ of the first 300 ms step
    expect(run.reader.counters).toMatchObject({ reconnects: 1, polledItems: 3 });
    expect(run.reader.state()).toMatchObject({ connected: true, lastStatusIds: { 'hashtag:afval': missed[2]?.id } });

    const live = peer.post({ acct: 'alice', content: '<p>weer live</p>', tags: ['afval'] });
    await waitFor(() => run.received.length === 5);
    expect(run.received[4]?.item.externalId).toBe(live.uri);
  });

  it('says plainly when the instance wants a token, and keeps trying', async () => {
    peer = await startMastodonStreamingPeer({ tokens: [TOKEN] });
    const run = await listen({ accessToken: undefined });
    await waitFor(() => (peer as MastodonStreamingPeer).upgrades.length >= 3);
    expect(peer.upgrades.every((u) => u.refusedWith === 401)).toBe(true);
    expect(run.reader.state()).toMatchObject({
      connected: false,
      lastError: 'the server refused the connection (HTTP 401): an access token is needed or was refused',
    });
  });

  it('streams without a token where the server allows it', async () => {
    peer = await startMastodonStreamingPeer({ requireToken: false });
    const run = await listen({ accessToken: undefined, streams: [{ stream: 'public' }] });
    await waitFor(() => peer?.subscriptions()[0]?.length === 1);
    peer.post({ acct: 'erin@elders.example', content: '<p>hoi</p>', language: null });
    await waitFor(() => run.received.length === 1);
    expect(run.received[0]?.item).toMatchObject({ author: '@erin@elders.example', language: null });
  });

  it('refuses a private instance unless it is allow-listed', async () => {
    peer = await startMastodonStreamingPeer({ tokens: [TOKEN] });
    await expect(listen({ allow: [] })).rejects.toBeInstanceOf(UnsafeUrlError);
    await expect(listen({ streamingUrl: 'wss://10.1.2.3' })).rejects.toThrow(/private or internal network/);
    expect(peer.requests.filter((r) => !r.startsWith('GET /api/v2/instance'))).toEqual([]);
    expect(peer.upgrades).toEqual([]);

    await expect(checkStreamTarget('http://localhost:1/', [])).rejects.toBeInstanceOf(UnsafeUrlError);
    await expect(checkStreamTarget('ftp://example.org/', [])).rejects.toThrow(/Only web addresses/);
    await expect(checkStreamTarget('https://u:p@example.org/', [])).rejects.toThrow(/user name or password/);
    expect((await checkStreamTarget('https://127.0.0.1:8/x', ALLOW)).url.toString()).toBe('wss://127.0.0.1:8/x');
  });

  it('fetchSince walks forward from an id, page by page', async () => {
    peer = await startMastodonStreamingPeer();
    const posted = Array.from({ length: 100 }, (_, n) =>
      (peer as MastodonStreamingPeer).post({ acct: n % 2 ? 'alice' : 'bob@elders.example', content: `<p>${n}</p>`, tags: ['afval'] }),
    );
    const stream = { stream: 'hashtag', tag: 'afval' } as const;

    const all = await fetchSince(peer.url, stream, posted[9]?.id as string, { allow: ALLOW, localDomain: 'stad.example' });
    expect(all.complete).toBe(true);
    expect(all.items.map((i) => i.text)).toEqual(posted.slice(10).map((_, n) => String(n + 10)));
    expect(all.newestId).toBe(posted[99]?.id);

    const part = await fetchSince(peer.url, stream, posted[9]?.id as string, { allow: ALLOW, maxPages: 2 });
    expect(part).toMatchObject({ complete: false, newestId: posted[89]?.id });
    expect(part.items).toHaveLength(80);
    const none = await fetchSince(peer.url, { stream: 'public:local' }, posted[99]?.id as string, { allow: ALLOW });
    expect(none).toEqual({ items: [], newestId: null, complete: true });
    await expect(fetchSince(peer.url, stream, '1', { allow: [] })).rejects.toBeInstanceOf(UnsafeUrlError);
  });

  it('stop() closes the socket and ends reconnecting', async () => {
    peer = await startMastodonStreamingPeer({ tokens: [TOKEN] });
    const run = await listen();
    await waitFor(() => peer?.openSockets() === 1);
    await run.reader.stop();
    await waitFor(() => peer?.openSockets() === 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(peer.upgrades).toHaveLength(1);
    expect(run.reader.state()).toMatchObject({ connected: false, stopped: true });
  });
});
