import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MetaPeer, startMetaPeer } from './server.js';

let peer: MetaPeer;
beforeEach(async () => {
  peer = await startMetaPeer();
});
afterEach(() => peer.close());

type GraphErrorBody = { error: { message: string; type: string; code: number; error_subcode?: number; fbtrace_id: string } };

describe('Meta Graph peer', () => {
  it('answers errors in Graph’s shape: bad token, unknown object, unversioned path', async () => {
    const page = peer.createPage({ name: 'Stad Gent' });
    const bad = await fetch(`${peer.url}/v21.0/me?access_token=nope`);
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as GraphErrorBody;
    expect(body.error).toMatchObject({ type: 'OAuthException', code: 190, fbtrace_id: expect.any(String) });
    const unknown = await fetch(`${peer.url}/v21.0/999?access_token=${page.accessToken}`);
    expect(((await unknown.json()) as GraphErrorBody).error).toMatchObject({ code: 100, error_subcode: 33, type: 'GraphMethodException' });
    const unversioned = await fetch(`${peer.url}/me?access_token=${page.accessToken}`);
    expect(((await unversioned.json()) as GraphErrorBody).error.code).toBe(2500);
  });

  it('takes the token as query, form field or Bearer header; reads /me and the feed with paging', async () => {
    const page = peer.createPage({ name: 'Stad Gent', username: 'stadgent' });
    for (let i = 0; i < 3; i += 1) {
      const made = await fetch(`${peer.url}/v21.0/${page.subject.id}/feed`, {
        method: 'POST',
        body: new URLSearchParams({ message: `Bericht ${i}`, access_token: page.accessToken }),
      });
      expect(made.status).toBe(200);
    }
    const me = await fetch(`${peer.url}/v21.0/me?fields=id,name`, { headers: { Authorization: `Bearer ${page.accessToken}` } });
    expect(await me.json()).toEqual({ id: page.subject.id, name: 'Stad Gent' });
    const first = (await (await fetch(`${peer.url}/v21.0/${page.subject.id}/feed?limit=2&access_token=${page.accessToken}`)).json()) as {
      data: Array<{ message: string }>;
      paging: { next?: string };
    };
    expect(first.data.map((p) => p.message)).toEqual(['Bericht 2', 'Bericht 1']);
    const next = first.paging.next ?? '';
    expect(next).not.toContain('access_token');
    const second = (await (await fetch(next, { headers: { Authorization: `Bearer ${page.accessToken}` } })).json()) as {
      data: Array<{ message: string }>;
    };
    expect(second.data.map((p) => p.message)).toEqual(['Bericht 0']);
  });

  it('a container is IN_PROGRESS until polled N times; publishing early is refused', async () => {
    peer.settings.containerPolls = 2;
    const user = peer.createThreadsUser({ username: 'gent' });
    const auth = { Authorization: `Bearer ${user.accessToken}` };
    const made = (await (
      await fetch(`${peer.url}/v1.0/${user.subject.id}/threads`, {
        method: 'POST',
        headers: auth,
        body: new URLSearchParams({ media_type: 'TEXT', text: 'Hallo' }),
      })
    ).json()) as { id: string };
    const early = await fetch(`${peer.url}/v1.0/${user.subject.id}/threads_publish`, {
      method: 'POST',
      headers: auth,
      body: new URLSearchParams({ creation_id: made.id }),
    });
    expect(((await early.json()) as GraphErrorBody).error).toMatchObject({ code: 9007, error_subcode: 2207027 });
    const statuses: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      statuses.push(
        ((await (await fetch(`${peer.url}/v1.0/${made.id}?fields=status`, { headers: auth })).json()) as { status: string }).status,
      );
    }
    expect(statuses).toEqual(['IN_PROGRESS', 'IN_PROGRESS', 'FINISHED']);
  });
});
