import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { eq, isNull } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { buildChannel, buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { startMastodonPeer, type CreatedAccount, type MastodonPeer } from '../../../test/peers/mastodon/server.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import type { Caller } from '../../kit/access.js';
import { SYSTEM_ACTOR } from '../../kit/audit.js';
import type { Role } from '../../kit/auth/schema.js';
import { saveChannelConnection } from '../connections/accounts.js';
import { mediaPath } from './media-store.js';
import {
  type MediaRef,
  type PublicationRow,
  publicationAttempts,
  publications,
  publishedArchive,
  publishingPauses,
  publishingRateBuckets,
} from './schema.js';
import { type ScheduleInput, schedulePublication } from './service.js';

/**
 * Shared set-up for the publishing tests: a Kanaal test app on a fresh database, a Mastodon peer,
 * an organisation with a connected Mastodon channel and an editor in chief. Not a test file.
 */

export type PublishingFixture = {
  t: TestApp;
  peer: MastodonPeer;
  org: { id: string };
  editor: TestUser;
  caller: Caller;
  channel: { id: string };
  alice: CreatedAccount;
  /** Schedules a publication on the fixture's channel (due a second ago) as the editor, or as `as`. */
  schedule(overrides?: Partial<ScheduleInput>, as?: Caller): Promise<PublicationRow>;
  row(id: string): Promise<PublicationRow>;
  outcomes(id: string): Promise<string[]>;
  /** Statuses alice has on the peer (live ones). */
  statuses(): ReturnType<MastodonPeer['state']['statusesOf']>;
  storeMedia(storageKey: string, bytes: Buffer): Promise<void>;
  close(): Promise<void>;
};

export function callerOf(user: TestUser): Caller {
  return { userId: user.user.id, email: user.user.email, name: user.user.name, isSuperadmin: user.user.isSuperadmin, via: 'token' };
}

let counter = 0;

/** Connects a new channel of `organisationId` to a new peer account. */
export async function connectedChannel(t: TestApp, peer: MastodonPeer, organisationId: string) {
  const username = `acct${Date.now().toString(36)}${counter++}`;
  const account = peer.createAccount({ username });
  const channel = await buildChannel(t.ctx.db, organisationId, { handle: `@${username}@${peer.domain}` });
  await t.ctx.db.transaction((tx) =>
    saveChannelConnection(tx, t.ctx.keyring, SYSTEM_ACTOR, {
      channelId: channel.id,
      apiBaseUrl: peer.url,
      credentials: { accessToken: account.accessToken, accountId: account.account.id },
      remoteAccountId: account.account.id,
    }),
  );
  return { channel, account };
}

/**
 * A fixture on `t`'s database (a fresh peer, organisation, editor and connected channel); `close`
 * closes the peer and, when `ownsApp`, the app too.
 */
export async function publishingFixture(t: TestApp, options: { role?: Role; ownsApp?: boolean } = {}): Promise<PublishingFixture> {
  const peer = await startMastodonPeer();
  const db = t.ctx.db;
  const org = await buildOrganisation(db, { timeZone: 'Europe/Brussels' });
  const editor = await buildUser(db, { roles: [[org.id, options.role ?? 'editor_in_chief']] });
  const caller = callerOf(editor);
  const { channel, account: alice } = await connectedChannel(t, peer, org.id);
  return {
    t,
    peer,
    org,
    editor,
    caller,
    channel,
    alice,
    schedule: (overrides = {}, as = caller) =>
      db.transaction((tx) =>
        schedulePublication(tx, as, {
          channelId: channel.id,
          text: `Bericht ${counter++}: het loket is gesloten.`,
          language: 'nl',
          dueAt: new Date(Date.now() - 1000),
          ...overrides,
        }),
      ),
    async row(id) {
      const [found] = await db.select().from(publications).where(eq(publications.id, id));
      if (!found) throw new Error(`no publication ${id}`);
      return found;
    },
    async outcomes(id) {
      const found = await db
        .select()
        .from(publicationAttempts)
        .where(eq(publicationAttempts.publicationId, id))
        .orderBy(publicationAttempts.id);
      return found.map((a) => a.outcome);
    },
    statuses: () => peer.state.statusesOf(alice.account.id),
    async storeMedia(storageKey, bytes) {
      const path = mediaPath(t.ctx.config.dataDir, storageKey);
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, bytes);
    },
    async close() {
      await peer.close();
      if (options.ownsApp) await closeApp(t);
    },
  };
}

export async function closeApp(t: TestApp): Promise<void> {
  await t.close();
  await rm(t.ctx.config.dataDir, { recursive: true, force: true });
}

/** Empties the publishing tables and lifts every pause, so tests sharing one database start alike. */
export async function resetPublishing(t: TestApp): Promise<void> {
  const db = t.ctx.db;
  await db.delete(publishedArchive);
  await db.delete(publications);
  await db.delete(publishingRateBuckets);
  await db.update(publishingPauses).set({ liftedAt: new Date(), liftReason: 'test reset' }).where(isNull(publishingPauses.liftedAt));
}

/**
 * Registers the hooks for a test file: one app per file (booting one is the slow part), and per
 * test a clean slate and a new fixture, handed to `use`.
 */
export function publishingSuite(use: (fixture: PublishingFixture) => void): void {
  let t: TestApp | undefined;
  let current: PublishingFixture | undefined;
  beforeAll(async () => {
    t = await createTestApp();
  });
  beforeEach(async () => {
    if (!t) throw new Error('no test app');
    await resetPublishing(t);
    current = await publishingFixture(t);
    use(current);
  });
  afterEach(async () => current?.close());
  afterAll(async () => {
    if (t) await closeApp(t);
  });
}

export function imageRef(storageKey: string, altText: string): MediaRef {
  return { fileName: storageKey.split('/').pop() ?? storageKey, mimeType: 'image/png', storageKey, altText };
}
