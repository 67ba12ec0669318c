import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CreatedUser, startXPeer, type XPeer } from './server.js';

/** The peer checked against X's API v2 documentation, with plain fetch. */

let peer: XPeer;
let alice: CreatedUser;
beforeEach(async () => {
  peer = await startXPeer();
  alice = peer.createUser({ username: 'alice' });
});
afterEach(() => peer.close());

type TweetJson = { id: string; text: string; created_at?: string; edit_history_tweet_ids?: string[] };
type BodyJson = {
  data: TweetJson & TweetJson[] & { deleted?: boolean };
  meta: { result_count: number; next_token?: string };
  title?: string;
  detail?: string;
};

async function call(path: string, init: { method?: string; json?: unknown; token?: string | null } = {}) {
  const headers: Record<string, string> = {};
  const token = init.token === undefined ? alice.accessToken : init.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  if (init.json !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${peer.url}${path}`, {
    method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
    headers,
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as BodyJson };
}

describe('X peer', () => {
  it('answers users/me with rate-limit headers (Unix seconds) and 401 without a valid token', async () => {
    const me = await call('/2/users/me');
    expect(me.body).toEqual({ data: { id: alice.user.id, name: 'alice', username: 'alice' } });
    expect(me.headers.get('x-rate-limit-limit')).toBe('75');
    expect(me.headers.get('x-rate-limit-remaining')).toBe('74');
    const reset = Number(me.headers.get('x-rate-limit-reset'));
    expect(reset * 1000 - Date.now()).toBeLessThanOrEqual(15 * 60_000 + 1000);
    const anonymous = await call('/2/users/me', { token: 'nope' });
    expect([anonymous.status, anonymous.body]).toEqual([
      401,
      { title: 'Unauthorized', detail: 'Unauthorized', type: 'about:blank', status: 401 },
    ]);
  });

  it('creates tweets (201), wraps links in t.co, refuses duplicates and too long text, 429 past the limit', async () => {
    const created = await call('/2/tweets', { json: { text: 'Zie https://example.org/a & b' } });
    expect(created.status).toBe(201);
    expect(created.body.data.text).toMatch(/^Zie https:\/\/t\.co\/\w{10} &amp; b$/);
    expect(created.body.data.edit_history_tweet_ids).toEqual([created.body.data.id]);
    const duplicate = await call('/2/tweets', { json: { text: 'Zie https://example.org/a & b' } });
    expect([duplicate.status, duplicate.body.detail]).toEqual([403, 'You are not allowed to create a Tweet with duplicate content.']);
    const long = await call('/2/tweets', { json: { text: 'é'.repeat(281) } });
    expect([long.status, long.body.title]).toEqual([403, 'Forbidden']);
    const badMedia = await call('/2/tweets', { json: { text: 'x', media: { media_ids: ['123'] } } });
    expect([badMedia.status, badMedia.body.title]).toEqual([400, 'Invalid Request']);

    peer.settings.rateLimits = { ...peer.settings.rateLimits, 'POST /2/tweets': [{ limit: 4, periodSeconds: 900 }] };
    const over = await call('/2/tweets', { json: { text: 'vijfde' } });
    expect([over.status, over.body.title, over.headers.get('x-rate-limit-remaining')]).toEqual([429, 'Too Many Requests', '0']);
  });

  it('lists the user timeline newest first with fields, media and pagination; deletes', async () => {
    for (let i = 0; i < 7; i += 1) await call('/2/tweets', { json: { text: `bericht ${i}` } });
    const first = await call(`/2/users/${alice.user.id}/tweets?max_results=5&tweet.fields=created_at`);
    expect(first.body.data.map((t) => t.text)).toEqual(['bericht 6', 'bericht 5', 'bericht 4', 'bericht 3', 'bericht 2']);
    expect(first.body.data[0]?.created_at).toEqual(expect.any(String));
    expect(first.body.meta).toMatchObject({ result_count: 5, next_token: expect.any(String) });
    const second = await call(`/2/users/${alice.user.id}/tweets?max_results=5&pagination_token=${first.body.meta.next_token}`);
    expect(second.body.data.map((t) => t.text)).toEqual(['bericht 1', 'bericht 0']);
    expect(second.body.meta.next_token).toBeUndefined();
    expect((await call(`/2/users/${alice.user.id}/tweets?max_results=500`)).status).toBe(400);
    const gone = await call(`/2/tweets/${first.body.data[0]?.id}`, { method: 'DELETE' });
    expect(gone.body).toEqual({ data: { deleted: true } });
    expect(peer.state.tweetsOf(alice.user.id)).toHaveLength(6);
  });

  it('cutAfterStore stores the tweet and sends nothing; cutBeforeStore stores nothing', async () => {
    peer.faults.add({ kind: 'cutAfterStore', path: '/2/tweets' });
    await expect(call('/2/tweets', { json: { text: 'weg' } })).rejects.toThrow();
    peer.faults.add({ kind: 'cutBeforeStore', path: '/2/tweets' });
    await expect(call('/2/tweets', { json: { text: 'niet' } })).rejects.toThrow();
    expect(peer.state.tweetsOf(alice.user.id).map((t) => t.submittedText)).toEqual(['weg']);
    expect(peer.state.requests.map((r) => r.outcome)).toEqual(['cut-after-store', 'cut-before-store']);
  });

  it('expires access tokens after 7200 s', async () => {
    peer.advanceClock(7200 * 1000 + 1);
    expect((await call('/2/users/me')).status).toBe(401);
  });
});
