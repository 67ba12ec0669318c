import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type CreatedUser, startVivaEngagePeer, type VivaEngagePeer } from './server.js';
import type { VeGroup } from './store.js';

/** The peer checked against the Yammer REST API documentation, with plain fetch. */

let peer: VivaEngagePeer;
let alice: CreatedUser;
let group: VeGroup;
beforeEach(async () => {
  peer = await startVivaEngagePeer();
  alice = peer.createUser({ name: 'alice' });
  group = peer.createGroup({ name: 'Team', members: [alice.user] });
});
afterEach(() => peer.close());

async function call(path: string, init: { method?: string; token?: string | null; body?: URLSearchParams | FormData } = {}) {
  const token = init.token === undefined ? alice.accessToken : init.token;
  const response = await fetch(`${peer.url}${path}`, {
    method: init.method ?? (init.body ? 'POST' : 'GET'),
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    body: init.body,
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

async function upload(name: string, bytes = Buffer.from(name)): Promise<string> {
  const form = new FormData();
  form.set('network_id', alice.user.networkId);
  form.set('target_type', 'GROUP');
  form.set('group_id', group.id);
  form.set('filename', name);
  form.set('file', new Blob([new Uint8Array(bytes)]), name);
  const reply = await call('/v4/uploadSmallFile', { body: form });
  expect(reply.status).toBe(201);
  return String(reply.body.id);
}

describe('viva engage peer', () => {
  it('needs a valid bearer token, and tokens expire', async () => {
    expect((await call('/api/v1/users/current.json', { token: null })).status).toBe(401);
    expect((await call('/api/v1/users/current.json')).body).toMatchObject({ id: Number(alice.user.id), name: 'alice' });
    peer.advanceClock(3601 * 1000);
    const expired = await call('/api/v1/users/current.json');
    expect(expired).toMatchObject({ status: 401, body: { response: { message: 'Token not found.', stat: 'fail' } } });
  });

  it('posts form-encoded messages with every attached_objects[] value, and lists the group newest first', async () => {
    const files = [await upload('a.png'), await upload('b.png')];
    const form = new URLSearchParams({ body: 'Hallo\r\nteam ', group_id: group.id });
    for (const id of files) form.append('attached_objects[]', `uploaded_file:${id}`);
    const created = await call('/api/v1/messages.json', { body: form });
    expect(created.status).toBe(201);
    const [message] = created.body.messages as Array<Record<string, unknown>>;
    expect(message).toMatchObject({ body: { plain: 'Hallo\nteam' }, group_id: Number(group.id), replied_to_id: null });
    expect(message?.attachments).toHaveLength(2);
    expect(message?.created_at).toMatch(/^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} \+0000$/);

    for (let i = 0; i < 25; i += 1) peer.postAs(alice.user, group, `bericht ${i}`);
    const first = await call(`/api/v1/messages/in_group/${group.id}.json`);
    const page = first.body.messages as Array<{ id: number; body: { plain: string } }>;
    expect(page).toHaveLength(20);
    expect(page[0]?.body.plain).toBe('bericht 24');
    expect(first.body.meta).toMatchObject({ older_available: true });
    const second = await call(`/api/v1/messages/in_group/${group.id}.json?older_than=${page[19]?.id}`);
    expect((second.body.messages as unknown[]).length).toBe(6);
    expect(second.body.meta).toMatchObject({ older_available: false });
  });

  it('refuses foreign files, files over 4 MB and non-members', async () => {
    const bob = peer.createUser({ name: 'bob' });
    const form = new FormData();
    form.set('network_id', alice.user.networkId);
    form.set('target_type', 'GROUP');
    form.set('group_id', group.id);
    form.set('filename', 'big.png');
    form.set('file', new Blob([new Uint8Array(4 * 1024 * 1024 + 1)]), 'big.png');
    expect((await call('/v4/uploadSmallFile', { body: form })).status).toBe(400);
    const file = await upload('a.png');
    group.memberIds.add(bob.user.id);
    const foreign = new URLSearchParams({ body: 'x', group_id: group.id, 'attached_objects[]': `uploaded_file:${file}` });
    expect((await call('/api/v1/messages.json', { body: foreign, token: bob.accessToken })).status).toBe(400);
    group.memberIds.delete(bob.user.id);
    const outsider = await call('/api/v1/messages.json', {
      body: new URLSearchParams({ body: 'x', group_id: group.id }),
      token: bob.accessToken,
    });
    expect(outsider.status).toBe(403);
  });

  it('limits requests per user per app and answers 429 with Retry-After', async () => {
    peer.settings.rateLimits.other = { limit: 2, periodSeconds: 600 };
    await call('/api/v1/users/current.json');
    await call('/api/v1/users/current.json');
    const limited = await call('/api/v1/users/current.json');
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.body).toMatchObject({ response: { message: 'Rate limited due to excessive requests.' } });
  });
});
