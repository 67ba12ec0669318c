import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { type MastodonPeer, startMastodonPeer } from '../../../test/peers/mastodon/server.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { drainDuePublications } from '../publishing/jobs.js';
import { publications } from '../publishing/schema.js';
import { connectedChannel } from '../publishing/test-fixtures.js';
import { posts } from './schema.js';

describe('a post follows its publications', () => {
  let t: TestApp;
  let peer: MastodonPeer;
  let org: { id: string };
  let editor: TestUser;
  let channelIds: string[];

  beforeAll(async () => {
    t = await createTestApp();
    peer = await startMastodonPeer();
    org = await buildOrganisation(t.ctx.db, { defaultLanguage: 'nl' });
    editor = await buildUser(t.ctx.db, { roles: [[org.id, 'editor_in_chief']] });
    channelIds = [];
    for (let i = 0; i < 2; i++) channelIds.push((await connectedChannel(t, peer, org.id)).channel.id);
  });
  afterAll(async () => {
    await peer?.close();
    await t?.close();
  });

  /** A post for both channels, approved and scheduled, then made due now. */
  async function scheduledPost(text: string): Promise<string> {
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/organisations/${org.id}/posts`,
      headers: editor.headers,
      payload: { title: text, baseText: text, channels: channelIds.map((channelId) => ({ channelId })) },
    });
    const id = created.json().id as string;
    expect((await t.app.inject({ method: 'POST', url: `/api/posts/${id}/submit`, headers: editor.headers })).json().state).toBe('approved');
    const plannedAt = new Date(Date.now() + 3_600_000).toISOString();
    const scheduled = await t.app.inject({ method: 'POST', url: `/api/posts/${id}/schedule`, headers: editor.headers, payload: { plannedAt } });
    expect(scheduled.statusCode, scheduled.body).toBe(200);
    await t.ctx.db.update(publications).set({ dueAt: sql`now() - interval '1 second'` }).where(eq(publications.postId, id));
    return id;
  }

  const postState = async (id: string) => (await t.ctx.db.select().from(posts).where(eq(posts.id, id)))[0]?.state;
  const getPost = (id: string) => t.app.inject({ method: 'GET', url: `/api/posts/${id}`, headers: editor.headers });

  it('becomes published once every publication is out, not before', async () => {
    const id = await scheduledPost('Het stadhuis is morgen open.');
    const [first] = await t.ctx.db.select().from(publications).where(eq(publications.postId, id));
    // Only one of the two is due: the post stays scheduled while the other waits.
    await t.ctx.db
      .update(publications)
      .set({ dueAt: sql`now() + interval '1 hour'` })
      .where(sql`${publications.postId} = ${id} AND ${publications.id} <> ${first?.id}`);
    expect(await drainDuePublications(t.ctx)).toBe(1);
    expect(await postState(id)).toBe('scheduled');

    await t.ctx.db.update(publications).set({ dueAt: sql`now() - interval '1 second'` }).where(eq(publications.postId, id));
    expect(await drainDuePublications(t.ctx)).toBe(1);
    expect(await postState(id)).toBe('published');
    expect((await getPost(id)).json().state).toBe('published');
  });

  it('is published when one publication went out and the other failed; stays scheduled when none went out', async () => {
    const partly = await scheduledPost('De markt verhuist naar het plein.');
    peer.faults.add({ kind: 'expiredToken', method: 'POST', path: '/api/v1/statuses' });
    expect(await drainDuePublications(t.ctx)).toBe(2);
    const states = (await t.ctx.db.select().from(publications).where(eq(publications.postId, partly))).map((p) => p.state).sort();
    expect(states).toEqual(['failed', 'published']);
    expect(await postState(partly)).toBe('published');

    const none = await scheduledPost('De bibliotheek sluit vroeger.');
    peer.faults.add({ kind: 'expiredToken', method: 'POST', path: '/api/v1/statuses', times: 2 });
    expect(await drainDuePublications(t.ctx)).toBe(2);
    expect(await postState(none)).toBe('scheduled');
  });
});
