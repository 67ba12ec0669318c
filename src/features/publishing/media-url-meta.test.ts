import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildChannel, buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { type MetaPeer, startMetaPeer } from '../../../test/peers/meta/server.js';
import { createTestApp, listeningUrl, type TestApp } from '../../../test/support.js';
import { SYSTEM_ACTOR } from '../../kit/audit.js';
import { saveChannelConnection } from '../connections/accounts.js';
import { claimDuePublication } from './claim.js';
import type { MediaRef, PublicationRow } from './schema.js';
import { schedulePublication } from './service.js';
import { callerOf, closeApp } from './test-fixtures.js';
import { publishClaimed } from './worker.js';

/**
 * Instagram and Threads through the publisher: the worker hands the connector a signer, the
 * connector gives Meta (the Meta peer) a signed URL of the app under test, and the peer FETCHES
 * the image from the app over HTTP, as Meta does.
 */

let t: TestApp;
let peer: MetaPeer;
let org: { id: string };
let editor: TestUser;
const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(1500), Buffer.from([0xff, 0xd9])]);

beforeAll(async () => {
  t = await createTestApp({ listen: true });
  // The app listens on a port chosen at start; the links it signs must point there.
  t.ctx.config.publicUrl = listeningUrl(t.app);
  org = await buildOrganisation(t.ctx.db, { timeZone: 'Europe/Brussels' });
  editor = await buildUser(t.ctx.db, { roles: [[org.id, 'editor_in_chief']] });
});
afterAll(async () => {
  if (t) await closeApp(t);
});
beforeEach(async () => {
  peer = await startMetaPeer({ containerPolls: 1 });
});
afterEach(() => peer.close());

async function metaChannel(network: 'instagram' | 'threads') {
  const user = network === 'instagram' ? peer.createInstagramUser({ username: 'stadgent' }) : peer.createThreadsUser({ username: 'stadgent' });
  const channel = await buildChannel(t.ctx.db, org.id, { network, handle: `@stadgent${randomUUID().slice(0, 6)}` });
  const credentials = network === 'instagram' ? { igUserId: user.subject.id, accessToken: user.accessToken } : { threadsUserId: user.subject.id, accessToken: user.accessToken };
  await t.ctx.db.transaction((tx) =>
    saveChannelConnection(tx, t.ctx.keyring, SYSTEM_ACTOR, { channelId: channel.id, apiBaseUrl: peer.url, credentials, remoteAccountId: user.subject.id }),
  );
  return { channel, user };
}

/** Uploads through compose, as a person would: the file lands in the media store under its SHA-256. */
async function upload(bytes: Buffer, fileName: string, mimeType: string): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/organisations/${org.id}/media?fileName=${fileName}&mimeType=${mimeType}`,
    headers: { ...editor.headers, 'content-type': 'application/octet-stream' },
    payload: bytes,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().sha256;
}

async function publishNow(channelId: string, media: MediaRef[]): Promise<PublicationRow | null> {
  await t.ctx.db.transaction((tx) =>
    schedulePublication(tx, callerOf(editor), { channelId, text: `Gentse Feesten: het programma. ${randomUUID().slice(0, 6)}`, language: 'nl', media, dueAt: new Date(Date.now() - 1000) }),
  );
  const claimed = await claimDuePublication(t.ctx.db, randomUUID());
  if (!claimed) throw new Error('nothing was due');
  return publishClaimed(t.ctx, claimed);
}

describe('publishing images to networks that fetch them by URL', () => {
  it('Instagram: Meta fetches the image from a signed URL of Kanaal, valid for an hour', async () => {
    const { channel, user } = await metaChannel('instagram');
    const storageKey = await upload(jpeg, 'affiche.jpg', 'image/jpeg');
    const row = await publishNow(channel.id, [{ fileName: 'affiche.jpg', mimeType: 'image/jpeg', storageKey, altText: 'Affiche van de Gentse Feesten' }]);

    expect(row?.state, row?.failureReason ?? '').toBe('published');
    const [media, ...others] = peer.state.publishedOf(user.subject.id);
    expect(others).toHaveLength(0);
    expect(row?.remoteId).toBe(media?.id);
    expect(media?.items.map((i) => [i.bytes.equals(jpeg), i.altText])).toEqual([[true, 'Affiche van de Gentse Feesten']]);

    const container = peer.state.containers.get(media?.containerId ?? '');
    const url = new URL(container?.imageUrl ?? '');
    expect(`${url.origin}${url.pathname}`).toBe(`${listeningUrl(t.app)}/media/public/${storageKey}`);
    const validFor = Number(url.searchParams.get('exp')) - Date.now() / 1000;
    expect(validFor).toBeGreaterThan(3500);
    expect(validFor).toBeLessThanOrEqual(3600);
    // The same link with its signature changed serves nothing.
    url.searchParams.set('sig', 'A'.repeat(43));
    expect((await fetch(url)).status).toBe(403);
  });

  it('Threads: a carousel of two images, each fetched from its own signed URL', async () => {
    const { channel, user } = await metaChannel('threads');
    const png = Buffer.concat([Buffer.from('\x89PNG\r\n\x1a\n', 'binary'), randomBytes(900)]);
    const first = await upload(jpeg, 'affiche.jpg', 'image/jpeg');
    const second = await upload(png, 'plan.png', 'image/png');
    const row = await publishNow(channel.id, [
      { fileName: 'affiche.jpg', mimeType: 'image/jpeg', storageKey: first, altText: 'Affiche' },
      { fileName: 'plan.png', mimeType: 'image/png', storageKey: second, altText: 'Plan van de feestzone' },
    ]);
    expect(row?.state, row?.failureReason ?? '').toBe('published');
    const [post] = peer.state.publishedOf(user.subject.id);
    expect(post?.items.map((i) => [i.bytes.equals(jpeg) ? 'jpeg' : i.bytes.equals(png) ? 'png' : '?', i.altText])).toEqual([
      ['jpeg', 'Affiche'],
      ['png', 'Plan van de feestzone'],
    ]);
  });

  it('fails with the file named when the image is not in the media store, and asks Meta nothing', async () => {
    const { channel } = await metaChannel('instagram');
    const row = await publishNow(channel.id, [{ fileName: 'weg.jpg', mimeType: 'image/jpeg', storageKey: 'f'.repeat(64), altText: 'Weg' }]);
    expect(row?.state).toBe('failed');
    expect(row?.failureReason).toContain('weg.jpg');
    expect(peer.state.containers.size).toBe(0);
  });
});
