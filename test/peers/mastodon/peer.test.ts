import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countableLength } from './format.js';
import { startMastodonPeer, type CreatedAccount, type MastodonPeer } from './server.js';

/** The peer checked against the Mastodon API documentation, with plain fetch. */

let peer: MastodonPeer;
let alice: CreatedAccount;
beforeEach(async () => {
  peer = await startMastodonPeer();
  alice = peer.createAccount({ username: 'alice' });
});
afterEach(() => peer.close());

type Call = {
  method?: string;
  token?: string | null;
  json?: unknown;
  form?: Record<string, unknown>;
  body?: FormData;
  headers?: Record<string, string>;
};

/** One request; `T` is the shape the test expects back (JSON, or the text of an HTML page). */
async function call<T = Record<string, string | null>>(
  path: string,
  options: Call = {},
): Promise<{ status: number; headers: Headers; body: T }> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? alice.accessToken : options.token;
  if (token) headers.Authorization = `Bearer ${token}`;
  let body: string | FormData | undefined = options.body;
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (options.form) {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(options.form)) for (const v of [value].flat()) form.append(key, String(v));
    body = form.toString();
    headers['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  const response = await fetch(`${peer.url}${path}`, {
    method: options.method ?? (body ? 'POST' : 'GET'),
    headers,
    body,
    redirect: 'manual',
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
  };
}

function upload(name: string, description?: string): FormData {
  const form = new FormData();
  form.append('file', new File([Buffer.from(name)], name, { type: 'image/png' }));
  if (description !== undefined) form.append('description', description);
  return form;
}

describe('rate limits', () => {
  it('puts the documented headers on every API reply and answers 429 past the limit', async () => {
    const first = await call('/api/v1/accounts/verify_credentials');
    expect(first.headers.get('x-ratelimit-limit')).toBe('300');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('299');
    const reset = Date.parse(first.headers.get('x-ratelimit-reset') ?? '');
    expect(reset % (5 * 60_000)).toBe(0);
    expect(reset - Date.now()).toBeLessThanOrEqual(5 * 60_000);
    expect((await call('/api/v1/nothing-here')).headers.get('x-ratelimit-remaining')).toBe('298');
    // An upload is also under the 30 / 30 min media limit: the closer one is reported.
    const media = await call('/api/v2/media', { body: upload('a.png') });
    expect([media.status, media.headers.get('x-ratelimit-limit'), media.headers.get('x-ratelimit-remaining')]).toEqual([200, '30', '29']);

    peer.settings.rateLimits = { ...peer.settings.rateLimits, api: { limit: 4, periodSeconds: 300 } };
    expect((await call('/api/v1/accounts/verify_credentials')).status).toBe(200);
    const over = await call('/api/v1/accounts/verify_credentials');
    expect([over.status, over.body, over.headers.get('x-ratelimit-remaining'), over.headers.get('retry-after')]).toEqual([
      429,
      { error: 'Too many requests' },
      '0',
      null,
    ]);
    // Another account has its own bucket; a new window starts afresh.
    expect((await call('/api/v1/accounts/verify_credentials', { token: peer.createAccount({ username: 'bob' }).accessToken })).status).toBe(
      200,
    );
    peer.advanceClock(5 * 60_000);
    expect((await call('/api/v1/accounts/verify_credentials')).status).toBe(200);
  });
});

describe('statuses and Idempotency-Key', () => {
  it('returns the same status for a repeated key by the same account within an hour, and only then', async () => {
    const key = { 'Idempotency-Key': 'publication-1' };
    const first = await call('/api/v1/statuses', { json: { status: 'Hallo' }, headers: key });
    const again = await call('/api/v1/statuses', { form: { status: 'Iets anders' }, headers: key });
    expect([first.status, again.status, again.body.id, again.body.content]).toEqual([200, 200, first.body.id, '<p>Hallo</p>']);

    const bob = peer.createAccount({ username: 'bob' });
    const bobs = await call('/api/v1/statuses', { json: { status: 'Hallo' }, headers: key, token: bob.accessToken });
    expect(bobs.body.id).not.toBe(first.body.id);

    peer.advanceClock(3600 * 1000 + 1);
    const later = await call('/api/v1/statuses', { json: { status: 'Hallo' }, headers: key });
    expect(later.body.id).not.toBe(first.body.id);
    expect(peer.state.statusesOf(alice.account.id)).toHaveLength(2);
  });

  it('answers "Record not found" for a key whose status was deleted', async () => {
    const key = { 'Idempotency-Key': 'k' };
    const first = await call('/api/v1/statuses', { json: { status: 'Weg' }, headers: key });
    const deleted = await call(`/api/v1/statuses/${first.body.id}`, { method: 'DELETE' });
    expect([deleted.status, deleted.body.text]).toEqual([200, 'Weg']);
    expect(await call('/api/v1/statuses', { json: { status: 'Weg' }, headers: key })).toMatchObject({
      status: 404,
      body: { error: 'Record not found' },
    });
  });

  it('validates like Mastodon: blank text, 500 characters counted as Mastodon counts them', async () => {
    expect(await call('/api/v1/statuses', { json: { status: ' ' } })).toMatchObject({
      status: 422,
      body: { error: "Validation failed: Text can't be blank" },
    });
    expect(await call('/api/v1/statuses', { json: { status: 'é'.repeat(501) } })).toMatchObject({
      status: 422,
      body: { error: 'Validation failed: Text character limit of 500 exceeded' },
    });
    expect(countableLength(`${'a'.repeat(10)} https://example.org/${'x'.repeat(300)}`)).toBe(10 + 1 + 23);
    expect(countableLength('@someone@a.very.long.example.org hi')).toBe('@someone hi'.length);
    expect(countableLength('👨‍👩‍👧‍👦', 'cw')).toBe(3);
  });

  it('attaches media given as form arrays, and lists an account’s statuses newest first with paging', async () => {
    const media = await call('/api/v2/media', { body: upload('a.png', 'Alt A') });
    const posted = await call('/api/v1/statuses', { form: { status: 'Met beeld', 'media_ids[]': [media.body.id], language: 'nl' } });
    expect(posted.body).toMatchObject({
      language: 'nl',
      visibility: 'public',
      media_attachments: [{ id: media.body.id, description: 'Alt A', type: 'image' }],
    });
    expect((await call('/api/v1/statuses', { json: { status: 'Nog eens', media_ids: [media.body.id] } })).body.error).toMatch(
      /already attached/,
    );

    const ids: Array<string | null> = [posted.body.id ?? null];
    for (let i = 0; i < 4; i += 1) ids.push((await call('/api/v1/statuses', { json: { status: `Bericht ${i}` } })).body.id ?? null);
    const newestFirst = [...ids].reverse();
    const page = await call<Array<{ id: string }>>(`/api/v1/accounts/${alice.account.id}/statuses?limit=2`);
    expect(page.body.map((s) => s.id)).toEqual(newestFirst.slice(0, 2));
    expect(page.headers.get('link')).toContain(`max_id=${newestFirst[1]}>; rel="next"`);
    const next = await call<Array<{ id: string }>>(`/api/v1/accounts/${alice.account.id}/statuses?limit=2&max_id=${newestFirst[1]}`);
    expect(next.body.map((s) => s.id)).toEqual(newestFirst.slice(2, 4));
    const since = await call<Array<{ id: string }>>(`/api/v1/accounts/${alice.account.id}/statuses?since_id=${newestFirst[2]}`);
    expect(since.body.map((s) => s.id)).toEqual(newestFirst.slice(0, 2));
    const min = await call<Array<{ id: string }>>(`/api/v1/accounts/${alice.account.id}/statuses?limit=1&min_id=${newestFirst[4]}`);
    expect(min.body.map((s) => s.id)).toEqual([newestFirst[3]]);
  });
});

describe('media processing', () => {
  it('answers 202 with url null, 206 while processing, 200 when done, and refuses unprocessed media in a status', async () => {
    peer.settings.mediaProcessingPolls = 2;
    const created = await call('/api/v2/media', { body: upload('a.png', 'Eerst') });
    expect([created.status, created.body.url, created.body.description]).toEqual([202, null, 'Eerst']);
    expect(await call('/api/v1/statuses', { json: { status: 'Te vroeg', media_ids: [created.body.id] } })).toMatchObject({
      status: 422,
      body: { error: 'Cannot attach files that have not finished processing. Try again in a moment!' },
    });
    const updated = await call(`/api/v1/media/${created.body.id}`, { method: 'PUT', json: { description: 'Daarna' } });
    expect([updated.status, updated.body.description]).toEqual([206, 'Daarna']);
    const polled = await call(`/api/v1/media/${created.body.id}`);
    expect([polled.status, polled.body.url]).toEqual([206, null]);
    const done = await call(`/api/v1/media/${created.body.id}`);
    expect([done.status, typeof done.body.url]).toEqual([200, 'string']);
    const bad = new FormData();
    bad.append('file', new File(['x'], 'x.exe', { type: 'application/x-msdownload' }));
    expect(await call('/api/v2/media', { body: bad })).toMatchObject({
      status: 422,
      body: { error: 'Validation failed: File content type is invalid, File is invalid' },
    });
  });
});

describe('authentication and OAuth', () => {
  it('checks bearer tokens, user tokens and scopes', async () => {
    expect(await call('/api/v1/accounts/verify_credentials', { token: null })).toMatchObject({
      status: 401,
      body: { error: 'The access token is invalid' },
    });
    const readOnly = peer.createAccount({ username: 'reader', scopes: ['read'] });
    expect(await call('/api/v1/statuses', { json: { status: 'x' }, token: readOnly.accessToken })).toMatchObject({
      status: 403,
      body: { error: 'This action is outside the authorized scopes' },
    });
    expect(
      (await call<{ configuration: { statuses: { characters_reserved_per_url: number } } }>('/api/v1/instance', { token: null })).body
        .configuration.statuses.characters_reserved_per_url,
    ).toBe(23);
  });

  it('registers apps and issues tokens from JSON or form bodies; app tokens cannot act as a user', async () => {
    const app = (
      await call('/api/v1/apps', {
        token: null,
        json: { client_name: 'T', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write' },
      })
    ).body;
    expect(app).toMatchObject({
      name: 'T',
      scopes: ['read', 'write'],
      redirect_uris: ['urn:ietf:wg:oauth:2.0:oob'],
      client_secret_expires_at: 0,
    });
    const base = { client_id: app.client_id, client_secret: app.client_secret, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob' };
    const appToken = await call('/oauth/token', { token: null, json: { ...base, grant_type: 'client_credentials', scope: 'read' } });
    expect(appToken.body).toMatchObject({ token_type: 'Bearer', scope: 'read' });
    expect(await call('/api/v1/accounts/verify_credentials', { token: appToken.body.access_token })).toMatchObject({
      status: 422,
      body: { error: 'This method requires an authenticated user' },
    });
    const page = await call<string>(
      `/oauth/authorize?response_type=code&client_id=${app.client_id}&redirect_uri=urn:ietf:wg:oauth:2.0:oob&scope=read+write`,
      { token: null },
    );
    const code = /value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const user = await call('/oauth/token', { token: null, form: { ...base, grant_type: 'authorization_code', code } });
    expect((await call('/api/v1/accounts/verify_credentials', { token: user.body.access_token })).body.username).toBe('alice');
    expect(
      await call('/oauth/token', { token: null, form: { ...base, client_secret: 'wrong', grant_type: 'client_credentials' } }),
    ).toMatchObject({
      status: 401,
      body: { error: 'invalid_client' },
    });
    expect(await call('/oauth/revoke', { token: null, form: { ...base, token: user.body.access_token } })).toMatchObject({
      status: 200,
      body: {},
    });
    expect((await call('/api/v1/accounts/verify_credentials', { token: user.body.access_token })).body).toEqual({
      error: 'The access token was revoked',
    });
  });
});

describe('fault switches', () => {
  it('cutAfterStore stores then hangs up; cutBeforeStore hangs up without storing; both only for matching requests', async () => {
    peer.faults.add({ kind: 'cutAfterStore', method: 'POST', path: '/api/v1/statuses' });
    expect((await call('/api/v1/accounts/verify_credentials')).status).toBe(200);
    await expect(call('/api/v1/statuses', { json: { status: 'Gebeurd' } })).rejects.toThrow();
    expect(peer.state.statusesOf(alice.account.id).map((s) => s.text)).toEqual(['Gebeurd']);
    peer.faults.add({ kind: 'cutBeforeStore', method: 'POST', path: '/api/v1/statuses', times: 2 });
    await expect(call('/api/v1/statuses', { json: { status: 'Niet gebeurd' } })).rejects.toThrow();
    await expect(call('/api/v1/statuses', { json: { status: 'Niet gebeurd' } })).rejects.toThrow();
    expect((await call('/api/v1/statuses', { json: { status: 'Wel' } })).status).toBe(200);
    expect(peer.state.statusesOf(alice.account.id).map((s) => s.text)).toEqual(['Wel', 'Gebeurd']);
    expect(peer.state.postStatusRequests).toBe(4);
    expect(peer.state.requests.map((r) => r.outcome)).toEqual([200, 'cut-after-store', 'cut-before-store', 'cut-before-store', 200]);
  });

  it('status429 carries Retry-After; slow delays the reply', async () => {
    peer.faults.add({ kind: 'status429', path: /^\/api\/v1\/accounts\//, retryAfterSeconds: 7 });
    const limited = await call('/api/v1/accounts/verify_credentials');
    expect([limited.status, limited.body, limited.headers.get('retry-after'), limited.headers.get('x-ratelimit-remaining')]).toEqual([
      429,
      { error: 'Too many requests' },
      '7',
      '0',
    ]);
    peer.faults.add({ kind: 'slow', delayMs: 200 });
    const started = Date.now();
    expect((await call('/api/v1/accounts/verify_credentials')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });
});
