import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { type BlueskyPds, startBlueskyPds } from '../../../test/peers/bluesky-pds.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { seal } from '../../kit/crypto.js';
import { claimDuePublication } from '../publishing/claim.js';
import { schedulePublication } from '../publishing/service.js';
import { callerOf } from '../publishing/test-fixtures.js';
import { publishClaimed } from '../publishing/worker.js';
import { loadConnectedAccount } from './accounts.js';

describe('connecting a Bluesky channel with an app password (real PDS)', () => {
  let pds: BlueskyPds;
  let t: TestApp;
  let org: { id: string };
  let chief: TestUser;

  beforeAll(async () => {
    pds = await startBlueskyPds();
    t = await createTestApp({ env: { KANAAL_ALLOW_URLS: '127.0.0.1,localhost' } });
    org = await buildOrganisation(t.ctx.db);
    chief = await buildUser(t.ctx.db, { roles: [[org.id, 'editor_in_chief']] });
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await pds?.close();
  });

  const connect = (channelId: string, values: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: `/api/channels/${channelId}/connection/form`, headers: chief.headers, payload: { values } });

  it('checks the fields, refuses a main password, verifies the account and stores the app password sealed', async () => {
    const account = await pds.createAccount('gent.test');
    const channel = await buildChannel(t.ctx.db, org.id, { network: 'bluesky', handle: 'gent.test' });
    const status = await t.app.inject({ method: 'GET', url: `/api/channels/${channel.id}/connection`, headers: chief.headers });
    expect(status.json().method.fields.map((f: { name: string }) => f.name)).toEqual(['identifier', 'appPassword', 'service']);

    const missing = await connect(channel.id, { appPassword: account.appPassword });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().error.fields).toEqual([{ path: 'values.identifier', message: 'required' }]);
    const badUrl = await connect(channel.id, { identifier: 'gent.test', appPassword: account.appPassword, service: 'ftp://pds' });
    expect(badUrl.json().error.fields).toEqual([{ path: 'values.service', message: 'must start with https://' }]);

    // A private address is refused unless the installation allows it (here only 127.0.0.1 and localhost are).
    const internal = await connect(channel.id, { identifier: 'gent.test', appPassword: account.appPassword, service: 'http://10.0.0.8' });
    expect(internal.statusCode).toBe(400);
    expect(internal.json().error.fields[0]).toMatchObject({ path: 'values.service', message: expect.stringContaining('private') });

    const mainPassword = await connect(channel.id, { identifier: 'gent.test', appPassword: account.password, service: pds.url });
    expect(mainPassword.statusCode).toBe(422);
    expect(mainPassword.json().error.message).toContain('app password');
    const wrong = await connect(channel.id, { identifier: 'gent.test', appPassword: 'aaaa-bbbb-cccc-dddd', service: pds.url });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.message).toContain('did not accept these credentials');

    const connected = await connect(channel.id, { identifier: '@gent.test', appPassword: account.appPassword, service: pds.url });
    expect(connected.statusCode, connected.body).toBe(200);
    expect(connected.json()).toMatchObject({ health: 'ok', connection: { remoteAccountId: account.did, apiBaseUrl: pds.url } });
    const loaded = await loadConnectedAccount(t.ctx.db, t.ctx.keyring, channel.id);
    // The session opened while verifying is stored with the app password: the first post needs no login.
    expect(loaded?.account.credentials).toMatchObject({ identifier: 'gent.test', appPassword: account.appPassword, session: { did: account.did } });

    // Another account's app password cannot be connected to this channel.
    const other = await pds.createAccount('brugge.test');
    const mismatch = await connect(channel.id, { identifier: 'brugge.test', appPassword: other.appPassword, service: pds.url });
    expect(mismatch.statusCode).toBe(422);
    expect(mismatch.json().error.message).toContain('You signed in as @brugge.test');

    const checked = await t.app.inject({ method: 'POST', url: `/api/channels/${channel.id}/connection/check`, headers: chief.headers });
    expect(checked.json()).toMatchObject({ health: 'ok' });
    expect(checked.json().connection.lastSuccessAt).not.toBeNull();
  });

  it('stores the session a publish had to open, so the next post does not log in again', async () => {
    const account = await pds.createAccount('leuven.test');
    const channel = await buildChannel(t.ctx.db, org.id, { network: 'bluesky', handle: 'leuven.test' });
    await connect(channel.id, { identifier: 'leuven.test', appPassword: account.appPassword, service: pds.url });
    // Forget the session, as after an installation restored from an older backup.
    await t.ctx.db.execute(sql`UPDATE channel_connections SET credentials_sealed = ${seal(
      t.ctx.keyring,
      JSON.stringify({ identifier: 'leuven.test', appPassword: account.appPassword }),
      channel.id,
    )} WHERE channel_id = ${channel.id}::uuid`);
    expect((await loadConnectedAccount(t.ctx.db, t.ctx.keyring, channel.id))?.account.credentials.session).toBeUndefined();

    await schedulePublication(t.ctx.db, callerOf(chief), { channelId: channel.id, text: 'Nieuwe openingsuren', dueAt: new Date(Date.now() - 1000) });
    const claimed = await claimDuePublication(t.ctx.db, randomUUID());
    if (!claimed) throw new Error('nothing was due');
    const published = await publishClaimed(t.ctx, claimed);
    expect(published?.state).toBe('published');
    const stored = (await loadConnectedAccount(t.ctx.db, t.ctx.keyring, channel.id))?.account.credentials;
    expect(stored).toMatchObject({ identifier: 'leuven.test', appPassword: account.appPassword, session: { did: account.did } });
  });
});
