import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CreatedMember, type LinkedInPeer, startLinkedInPeer } from './server.js';
import type { LiOrganization } from './store.js';

/** The peer checked against LinkedIn's documentation, with plain fetch. */

let peer: LinkedInPeer;
let page: LiOrganization;
let admin: CreatedMember;
let author: string;
beforeEach(async () => {
  peer = await startLinkedInPeer();
  page = peer.createOrganization({ localizedName: 'Stad Gent', vanityName: 'stad-gent' });
  admin = peer.createMember({ name: 'An Admin', roles: [{ organization: page }] });
  author = `urn:li:organization:${page.id}`;
});
afterEach(() => peer.close());

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);

type Json = Record<string, unknown> & {
  elements: Array<Record<string, unknown>>;
  value: { uploadUrl: string; image: string; uploadUrlExpiresAt: number };
  paging: { start: number; count: number; total: number; links: Array<{ rel: string; href: string }> };
};

async function call(
  path: string,
  init: { method?: string; json?: unknown; token?: string | null; version?: string | null; restli?: string | null; body?: Buffer } = {},
) {
  const headers: Record<string, string> = {};
  const token = init.token === undefined ? admin.accessToken : init.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  const version = init.version === undefined ? '202605' : init.version;
  if (version) headers['LinkedIn-Version'] = version;
  const restli = init.restli === undefined ? '2.0.0' : init.restli;
  if (restli) headers['X-Restli-Protocol-Version'] = restli;
  if (init.json !== undefined) headers['Content-Type'] = 'application/json';
  const url = path.startsWith('http') ? path : `${peer.url}${path}`;
  const response = await fetch(url, {
    method: init.method ?? (init.json === undefined && !init.body ? 'GET' : 'POST'),
    headers,
    body: init.body ? new Uint8Array(init.body) : init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as Json };
}

function post(commentary: string, extra: Record<string, unknown> = {}) {
  return {
    author,
    commentary,
    visibility: 'PUBLIC',
    distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
    lifecycleState: 'PUBLISHED',
    isReshareDisabledByAuthor: false,
    ...extra,
  };
}

async function uploadedImage(bytes = PNG): Promise<string> {
  const init = await call('/rest/images?action=initializeUpload', { json: { initializeUploadRequest: { owner: author } } });
  expect(init.status).toBe(200);
  const put = await call(init.body.value.uploadUrl, { method: 'PUT', body: bytes, version: null, restli: null });
  expect(put.status).toBe(201);
  return init.body.value.image;
}

describe('LinkedIn peer: the versioned REST front end', () => {
  it('requires a valid token, LinkedIn-Version and Rest.li 2.0.0, answering in LinkedIn’s error shape', async () => {
    expect((await call(`/rest/organizations/${page.id}`)).body).toMatchObject({
      id: page.id,
      localizedName: 'Stad Gent',
      vanityName: 'stad-gent',
    });
    expect((await call(`/rest/organizations/${page.id}`, { token: 'nope' })).body).toEqual({
      status: 401,
      serviceErrorCode: 65600,
      code: 'INVALID_ACCESS_TOKEN',
      message: 'Invalid access token',
    });
    expect((await call(`/rest/organizations/${page.id}`, { version: null })).body).toMatchObject({ status: 400, code: 'VERSION_MISSING' });
    expect((await call(`/rest/organizations/${page.id}`, { version: '202201' })).body).toMatchObject({
      status: 426,
      code: 'NONEXISTENT_VERSION',
    });
    expect((await call(`/rest/organizations/${page.id}`, { restli: null })).status).toBe(400);
    expect((await call('/rest/organizations/1')).status).toBe(404);
    peer.advanceClock(60 * 24 * 60 * 60 * 1000 + 1);
    expect((await call(`/rest/organizations/${page.id}`)).body).toMatchObject({ status: 401, serviceErrorCode: 65602 });
  });

  it('lists the member’s page roles', async () => {
    const acls = await call('/rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED');
    expect(acls.body.elements).toEqual([
      { roleAssignee: `urn:li:person:${admin.member.id}`, role: 'ADMINISTRATOR', state: 'APPROVED', organization: author },
    ]);
  });
});

describe('LinkedIn peer: posts and images', () => {
  it('creates a post: 201, empty body, URN in x-restli-id; keeps commentary as little text', async () => {
    const created = await call('/rest/posts', { json: post('Loket \\(tijdelijk\\) dicht #Gent') });
    expect(created.status).toBe(201);
    expect(created.body).toBeNull();
    const urn = created.headers.get('x-restli-id') ?? '';
    expect(urn).toMatch(/^urn:li:share:\d{19}$/);
    const read = await call(`/rest/posts/${encodeURIComponent(urn)}`);
    expect(read.body).toMatchObject({
      id: urn,
      author,
      commentary: 'Loket \\(tijdelijk\\) dicht {hashtag|\\#|Gent}',
      lifecycleState: 'PUBLISHED',
    });
    expect(peer.state.posts.get(urn)?.plainText).toBe('Loket (tijdelijk) dicht #Gent');
  });

  it('validates like Rest.li and refuses duplicates; cuts commentary at an unescaped reserved character', async () => {
    expect((await call('/rest/posts', { json: post('x', { colour: 'red' }) })).body).toMatchObject({
      status: 422,
      message: 'ERROR :: /colour :: unrecognized field found but not allowed',
    });
    expect((await call('/rest/posts', { json: { ...post('x'), distribution: {} } })).status).toBe(422);
    expect((await call('/rest/posts', { json: post('a'.repeat(3001)) })).body).toMatchObject({ status: 422 });
    const first = await call('/rest/posts', { json: post('Twee keer') });
    expect((await call('/rest/posts', { json: post('Twee keer') })).body).toEqual({
      status: 422,
      serviceErrorCode: 0,
      code: 'DUPLICATE_POST',
      message: `Content is a duplicate of ${first.headers.get('x-restli-id')}`,
    });
    await call('/rest/posts', { json: post('Open (behalve maandag)') });
    expect(peer.state.postsOf(author)[0]?.plainText).toBe('Open ');
  });

  it('refuses a member without a role on the page (403) and one without w_organization_social', async () => {
    const stranger = peer.createMember({ name: 'Stranger' });
    expect((await call('/rest/posts', { json: post('x'), token: stranger.accessToken })).body).toMatchObject({
      status: 403,
      code: 'ACCESS_DENIED',
    });
    const reader = peer.createMember({ name: 'Reader', roles: [{ organization: page }], scopes: ['r_organization_social'] });
    expect((await call('/rest/posts', { json: post('x'), token: reader.accessToken })).status).toBe(403);
  });

  it('uploads images and posts one or several with alt text; refuses images that are not', async () => {
    const one = await uploadedImage();
    const image = await call(`/rest/images/${encodeURIComponent(one)}`);
    expect(image.body).toMatchObject({ id: one, owner: author, status: 'AVAILABLE', mediaType: 'image/png' });
    const single = await call('/rest/posts', { json: post('Eén', { content: { media: { id: one, altText: 'Kaart' } } }) });
    expect(single.headers.get('x-restli-id')).toMatch(/^urn:li:share:/);
    const images = [
      { id: await uploadedImage(), altText: 'A' },
      { id: await uploadedImage(), altText: 'B' },
    ];
    const multi = await call('/rest/posts', { json: post('Twee', { content: { multiImage: { images } } }) });
    expect(multi.headers.get('x-restli-id')).toMatch(/^urn:li:ugcPost:/);
    const junk = await uploadedImage(Buffer.from('not an image'));
    expect((await call('/rest/posts', { json: post('Drie', { content: { media: { id: junk } } }) })).status).toBe(422);
    const waiting = (await call('/rest/images?action=initializeUpload', { json: { initializeUploadRequest: { owner: author } } })).body
      .value.image;
    expect((await call('/rest/posts', { json: post('Vier', { content: { media: { id: waiting } } }) })).status).toBe(422);
  });

  it('finds an author’s posts newest first, page by page', async () => {
    for (let i = 0; i < 5; i += 1) {
      await call('/rest/posts', { json: post(`bericht ${i}`) });
      peer.advanceClock(1000);
    }
    const first = await call(`/rest/posts?q=author&author=${encodeURIComponent(author)}&count=3&sortBy=CREATED`);
    expect(first.body.elements.map((p) => p.commentary)).toEqual(['bericht 4', 'bericht 3', 'bericht 2']);
    expect(first.body.paging).toMatchObject({ start: 0, count: 3, total: 5, links: [{ rel: 'next' }] });
    const second = await call(`/rest/posts?q=author&author=${encodeURIComponent(author)}&count=3&start=3&sortBy=CREATED`);
    expect(second.body.elements.map((p) => p.commentary)).toEqual(['bericht 1', 'bericht 0']);
    expect((await call(`/rest/posts?q=author&author=${encodeURIComponent(author)}&count=101`)).status).toBe(400);
  });
});

describe('LinkedIn peer: faults and limits', () => {
  it('cutAfterStore stores the post and answers nothing; cutBeforeStore stores nothing', async () => {
    peer.faults.add({ kind: 'cutAfterStore', path: '/rest/posts' });
    await expect(call('/rest/posts', { json: post('weg') })).rejects.toThrow();
    peer.faults.add({ kind: 'cutBeforeStore', path: '/rest/posts' });
    await expect(call('/rest/posts', { json: post('niet') })).rejects.toThrow();
    expect(peer.state.postsOf(author).map((p) => p.plainText)).toEqual(['weg']);
    expect(peer.state.requests.map((r) => r.outcome)).toEqual(['cut-after-store', 'cut-before-store']);
  });

  it('429 with Retry-After from the switch; 429 without it past the daily member quota', async () => {
    peer.faults.add({ kind: 'status429', path: '/rest/posts', retryAfterSeconds: 30 });
    const throttled = await call('/rest/posts', { json: post('a') });
    expect([throttled.status, throttled.body.code, throttled.headers.get('retry-after')]).toEqual([429, 'TOO_MANY_REQUESTS', '30']);
    peer.settings.postsPerMemberPerDay = 1;
    expect((await call('/rest/posts', { json: post('b') })).status).toBe(201);
    const over = await call('/rest/posts', { json: post('c') });
    expect([over.status, over.headers.get('retry-after')]).toEqual([429, null]);
  });
});

describe('LinkedIn peer: OAuth', () => {
  it('authorizes, exchanges the code once, refreshes with the same refresh token and its remaining lifetime', async () => {
    const client = peer.createClient({ redirectUris: ['https://kanaal.example/cb'] });
    const authorize = new URL('/oauth/v2/authorization', peer.url);
    for (const [k, v] of Object.entries({
      response_type: 'code',
      client_id: client.clientId,
      redirect_uri: 'https://kanaal.example/cb',
      state: 's1',
      scope: 'w_organization_social r_organization_social',
    })) {
      authorize.searchParams.set(k, v);
    }
    const redirect = await fetch(authorize, { redirect: 'manual' });
    const location = new URL(redirect.headers.get('location') ?? '');
    expect(location.searchParams.get('state')).toBe('s1');
    const form = (fields: Record<string, string>) =>
      fetch(`${peer.url}/oauth/v2/accessToken`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: client.clientId, client_secret: client.clientSecret, ...fields }),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
    const code = location.searchParams.get('code') ?? '';
    const tokens = await form({ grant_type: 'authorization_code', code, redirect_uri: 'https://kanaal.example/cb' });
    expect(tokens.body).toMatchObject({
      expires_in: 5184000,
      refresh_token_expires_in: 31536000,
      scope: 'w_organization_social,r_organization_social',
    });
    expect((await form({ grant_type: 'authorization_code', code, redirect_uri: 'https://kanaal.example/cb' })).status).toBe(400);
    peer.advanceClock(10 * 24 * 60 * 60 * 1000);
    const refreshed = await form({ grant_type: 'refresh_token', refresh_token: String(tokens.body.refresh_token) });
    expect(refreshed.body.refresh_token).toBe(tokens.body.refresh_token);
    expect(Number(refreshed.body.refresh_token_expires_in)).toBeGreaterThanOrEqual(355 * 24 * 60 * 60 - 1);
    expect(Number(refreshed.body.refresh_token_expires_in)).toBeLessThanOrEqual(355 * 24 * 60 * 60);
    expect(refreshed.body.access_token).not.toBe(tokens.body.access_token);
    peer.advanceClock(356 * 24 * 60 * 60 * 1000);
    expect((await form({ grant_type: 'refresh_token', refresh_token: String(tokens.body.refresh_token) })).status).toBe(400);
  });
});
