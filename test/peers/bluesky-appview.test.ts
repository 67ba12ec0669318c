import { AtpAgent, XRPCError } from '@atproto/api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BlueskyAppViewPeer, startBlueskyAppViewPeer } from './bluesky-appview.js';

/** The AppView peer answered by the real @atproto/api client (which checks replies against the lexicon). */
describe('Bluesky AppView peer: app.bsky.actor.searchActors', () => {
  let appview: BlueskyAppViewPeer;
  let agent: AtpAgent;
  beforeAll(async () => {
    appview = await startBlueskyAppViewPeer();
    agent = new AtpAgent({ service: appview.url });
    appview.addActor({ handle: 'stadgent.bsky.social', displayName: 'Stad Gent' });
    appview.addActor({ handle: 'stadgent-official.bsky.social' });
    appview.addActor({ handle: 'bakkerij.bsky.social', displayName: 'Bakkerij Gent' });
  });
  afterAll(() => appview?.close());

  it('finds actors by handle or display name, with pages', async () => {
    const { data } = await agent.app.bsky.actor.searchActors({ q: 'STADGENT' });
    expect(data.actors.map((a) => a.handle)).toEqual(['stadgent.bsky.social', 'stadgent-official.bsky.social']);
    expect(data.actors[0]?.did).toMatch(/^did:plc:[a-z2-7]{24}$/);
    expect((await agent.app.bsky.actor.searchActors({ q: 'gent' })).data.actors).toHaveLength(3);
    const first = await agent.app.bsky.actor.searchActors({ q: 'gent', limit: 2 });
    expect(first.data.cursor).toBe('2');
    const next = await agent.app.bsky.actor.searchActors({ q: 'gent', limit: 2, cursor: first.data.cursor });
    expect(next.data.actors.map((a) => a.handle)).toEqual(['bakkerij.bsky.social']);
  });

  it('answers XRPC errors and faults', async () => {
    await expect(agent.app.bsky.actor.searchActors({ q: 'x', limit: 101 })).rejects.toBeInstanceOf(XRPCError);
    appview.faults.add({ kind: 'status500' });
    await expect(agent.app.bsky.actor.searchActors({ q: 'x' })).rejects.toMatchObject({ status: 500, error: 'InternalServerError' });
    expect(() => appview.addActor({ handle: 'stаdgent.bsky.social' })).toThrow(/not a valid Bluesky handle/);
  });
});
