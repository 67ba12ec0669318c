import { createRestAPIClient } from 'masto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CreatedAccount, type MastodonPeer, startMastodonPeer } from './server.js';

/** The peer's account search, checked against Mastodon's documented behaviour with plain fetch and masto. */

let peer: MastodonPeer;
let alice: CreatedAccount;
beforeEach(async () => {
  peer = await startMastodonPeer();
  alice = peer.createAccount({ username: 'alice', displayName: 'Alice Peeters' });
  peer.createAccount({ username: 'stadgent_official', displayName: 'Stad Gent (officieel)' });
  peer.createAccount({ username: 'bakkerij', displayName: 'Bakkerij' });
  peer.createAccount({ username: 'stadgent', displayName: 'Gent', domain: 'evil.example' });
});
afterEach(() => peer.close());

const search = async (query: string, token: string | null = null) => {
  const response = await fetch(`${peer.url}/api/v2/search?${query}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: response.status, body: (await response.json()) as { accounts?: Array<{ acct: string; url: string }>; error?: string } };
};

describe('GET /api/v2/search (accounts)', () => {
  it('matches word prefixes of user name, display name and domain, case-insensitively', async () => {
    expect((await search('type=accounts&q=STAD')).body.accounts?.map((a) => a.acct)).toEqual(['stadgent_official', 'stadgent@evil.example']);
    expect((await search('type=accounts&q=official')).body.accounts?.map((a) => a.acct)).toEqual(['stadgent_official']);
    expect((await search('type=accounts&q=stad%20gent')).body.accounts?.map((a) => a.acct)).toEqual(['stadgent_official', 'stadgent@evil.example']);
    expect((await search('type=accounts&q=stad%20bakkerij')).body.accounts).toEqual([]);
    expect((await search('type=accounts&q=%40stadgent%40evil')).body.accounts?.map((a) => [a.acct, a.url])).toEqual([
      ['stadgent@evil.example', 'https://evil.example/@stadgent'],
    ]);
    expect((await search('type=accounts&q=tadgent')).body.accounts).toEqual([]);
    expect((await search('type=statuses&q=stad')).body).toEqual({ accounts: [], statuses: [], hashtags: [] });
    expect((await search('type=accounts&q=a&limit=1')).body.accounts).toHaveLength(1);
  });

  it('follows the authentication rules of a real instance', async () => {
    expect((await search('type=accounts&q=stad&resolve=true')).status).toBe(401);
    expect((await search('type=accounts&q=stad&offset=1')).status).toBe(401);
    expect((await search('type=accounts&q=stad&resolve=true', alice.accessToken)).status).toBe(200);
    expect((await search('type=accounts&q=stad', 'not-a-token')).status).toBe(401);
    const writeOnly = peer.createAccount({ username: 'writer', scopes: ['write'] });
    expect((await search('type=accounts&q=stad', writeOnly.accessToken)).status).toBe(403);
    peer.settings.searchRequiresAuth = true;
    expect(await search('type=accounts&q=stad')).toMatchObject({ status: 401, body: { error: 'This API requires an authenticated user' } });
    expect((await search('type=accounts&q=stad', alice.accessToken)).status).toBe(200);
  });

  it('answers masto’s search call', async () => {
    const client = createRestAPIClient({ url: peer.url, accessToken: alice.accessToken });
    const result = await client.v2.search.list({ q: 'stadgent', type: 'accounts', resolve: false, limit: 40 });
    expect(result.accounts.map((a) => [a.acct, a.displayName])).toEqual([
      ['stadgent_official', 'Stad Gent (officieel)'],
      ['stadgent@evil.example', 'Gent'],
    ]);
  });
});
