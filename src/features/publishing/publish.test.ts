import { randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildChannel } from '../../../test/factories.js';
import { SYSTEM_ACTOR } from '../../kit/audit.js';
import { rows } from '../../kit/sql.js';
import { type Connector, ConnectorError } from '../../networks/connector.js';
import { CONNECTORS } from '../../networks/registry.js';
import { saveChannelConnection } from '../connections/accounts.js';
import { claimDuePublication, claimDuePublications } from './claim.js';
import { archiveSha256, sha256Hex } from './content.js';
import { drainDuePublications } from './jobs.js';
import { recordPublishedMany } from './record.js';
import { publicationAttempts, publications, publishedArchive } from './schema.js';
import { compareIds } from '../../../test/peers/mastodon/store.js';
import { connectedChannel, imageRef, type PublishingFixture, publishingSuite } from './test-fixtures.js';
import { publishClaimed } from './worker.js';

let f: PublishingFixture;
publishingSuite((fixture) => {
  f = fixture;
});

async function claimAndPublish() {
  const claimed = await claimDuePublication(f.t.ctx.db, randomUUID());
  if (!claimed) throw new Error('nothing was due');
  return publishClaimed(f.t.ctx, claimed);
}

describe('publishing a due publication', () => {
  it('publishes once, keeps the remote id and url, and archives what was sent with its SHA-256', async () => {
    const bytes = Buffer.from('\x89PNG kaart van de omleiding');
    await f.storeMedia('2025/kaart.png', bytes);
    const scheduled = await f.schedule({
      text: 'De Kerkstraat is afgesloten.',
      media: [imageRef('2025/kaart.png', 'Kaart van de omleiding')],
    });
    expect(scheduled.state).toBe('scheduled');

    const handled = await drainDuePublications(f.t.ctx);
    expect(handled).toBe(1);
    expect(await drainDuePublications(f.t.ctx)).toBe(0);

    const row = await f.row(scheduled.id);
    const [status, ...others] = f.statuses();
    expect(others).toHaveLength(0);
    expect(status?.text).toBe('De Kerkstraat is afgesloten.');
    expect(status?.idempotencyKey).toBe(row.idempotencyKey);
    expect(f.peer.state.media.get(status?.mediaIds[0] ?? '')?.description).toBe('Kaart van de omleiding');
    expect(row).toMatchObject({
      state: 'published',
      remoteId: status?.id,
      remoteUrl: `${f.peer.url}/@${f.alice.account.username}/${status?.id}`,
      attemptsCount: 1,
    });
    expect(row.publishedAt).toBeInstanceOf(Date);
    expect(await f.outcomes(row.id)).toEqual(['published']);

    const [archived] = await f.t.ctx.db.select().from(publishedArchive).where(eq(publishedArchive.publicationId, row.id));
    expect(archived).toMatchObject({ network: 'mastodon', remoteId: status?.id, url: row.remoteUrl, text: 'De Kerkstraat is afgesloten.' });
    expect(archived?.media).toEqual([
      { ...imageRef('2025/kaart.png', 'Kaart van de omleiding'), sha256: sha256Hex(bytes), bytes: bytes.length },
    ]);
    expect(archived?.sha256).toBe(archiveSha256(row.text, archived?.media ?? []));
    expect(archived?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('drains a backlog in batches: an account’s posts go in due order, and its backlog does not hold up another account', async () => {
    const backlog = [];
    for (let i = 0; i < 8; i += 1)
      backlog.push(await f.schedule({ text: `Achterstand ${i}`, dueAt: new Date(Date.now() - 20_000 + i * 100) }));
    const { channel: bobChannel, account: bob } = await connectedChannel(f.t, f.peer, f.org.id);
    const later = await f.schedule({ channelId: bobChannel.id, text: 'Ander account', dueAt: new Date(Date.now() - 1000) });

    expect(await drainDuePublications(f.t.ctx, { concurrency: 4, batchSize: 2 })).toBe(9);
    for (const row of [...backlog, later]) {
      expect((await f.row(row.id)).state).toBe('published');
      expect(await f.outcomes(row.id)).toEqual(['published']);
    }
    expect(await f.t.ctx.db.select().from(publishedArchive)).toHaveLength(9);
    // Alice's statuses were made in due order (peer ids grow), once each.
    const made = [...f.statuses()].sort((a, b) => compareIds(a.id, b.id)).map((s) => s.text);
    expect(made).toEqual(backlog.map((r) => r.text));
    // Bob's post, due after all of Alice's, did not wait for her backlog.
    const [bobStatus] = f.peer.state.statusesOf(bob.account.id);
    const aliceLast = f.statuses().find((s) => s.text === 'Achterstand 7');
    expect(bobStatus && aliceLast && compareIds(bobStatus.id, aliceLast.id) < 0).toBe(true);
  });

  it('goes on draining when the sends in flight settle while it claims (it stopped with rows still due)', async () => {
    await f.storeMedia('2025/kaart.png', Buffer.from('\x89PNG kaart'));
    const backlog = [];
    for (let i = 0; i < 4; i += 1) {
      const dueAt = new Date(Date.now() - 20_000 + i * 100);
      backlog.push(await f.schedule({ text: `Achterstand ${i}`, dueAt, media: [imageRef('2025/kaart.png', 'Kaart')] }));
    }
    const { channel: bobChannel } = await connectedChannel(f.t, f.peer, f.org.id);
    const later = await f.schedule({ channelId: bobChannel.id, text: 'Ander account', dueAt: new Date(Date.now() - 1000) });
    // Alice's uploads are slow, so Bob's post (text only) settles while her first one is out; the
    // claim that follows finds only Alice's busy channel due.
    f.peer.faults.add({ kind: 'slow', delayMs: 300, method: 'POST', path: '/api/v2/media', times: 4 });

    // Every claim hands its rows over only once every other send has settled, as a claim on a busy
    // database can: the claims that skipped a busy channel are then overtaken by that channel's send.
    let overtaken = 0;
    const db = new Proxy(f.t.ctx.db, {
      get(target, property, receiver) {
        if (property !== 'update') return Reflect.get(target, property, receiver);
        return (table: Parameters<typeof target.update>[0]) => {
          const update = target.update(table);
          if (table !== publications) return update;
          return new Proxy(update, {
            get(builder, member, builderReceiver) {
              if (member !== 'set') return Reflect.get(builder, member, builderReceiver);
              return (values: Parameters<typeof builder.set>[0]) => {
                const query = builder.set(values);
                return (values as { state?: unknown }).state === 'publishing'
                  ? handedOverAfterOthersSettle(query, target, () => (overtaken += 1))
                  : query;
              };
            },
          });
        };
      },
    });

    expect(await drainDuePublications({ ...f.t.ctx, db }, { concurrency: 4, batchSize: 2 })).toBe(5);
    for (const row of [...backlog, later]) expect((await f.row(row.id)).state).toBe('published');
    expect(overtaken).toBeGreaterThan(0);
  });

  it('records many published outcomes in one statement, and says so where a row had moved on', async () => {
    await f.schedule({ text: 'Eerste' });
    const { channel: other } = await connectedChannel(f.t, f.peer, f.org.id);
    await f.schedule({ channelId: other.id, text: 'Tweede' });
    const [a, b] = await claimDuePublications(f.t.ctx.db, { limit: 2 });
    if (!a?.attemptId || !b) throw new Error('not claimed');
    const sent = (row: typeof a, n: number) => ({
      row,
      attemptId: row === b ? randomUUID() : (row.attemptId as string), // b: another claim's attempt
      post: { remoteId: `r${n}`, url: `https://example.social/@x/r${n}` },
      network: 'mastodon' as const,
      archived: [],
      startedAt: new Date(),
    });
    const [movedA, movedB] = await recordPublishedMany(f.t.ctx.db, [sent(a, 1), sent(b, 2)]);
    expect(movedA).toMatchObject({ id: a.id, state: 'published', remoteId: 'r1', remoteUrl: 'https://example.social/@x/r1' });
    expect(movedA).toEqual(await f.row(a.id));
    expect(movedB).toBeNull();
    expect((await f.row(b.id)).state).toBe('publishing');
    const attempts = await f.t.ctx.db
      .select()
      .from(publicationAttempts)
      .where(inArray(publicationAttempts.publicationId, [a.id, b.id]));
    expect(Object.fromEntries(attempts.map((t) => [t.publicationId, [t.outcome, t.detail]]))).toEqual({
      [a.id]: ['published', 'r1 https://example.social/@x/r1'],
      [b.id]: ['published', 'the row had moved on (r2 https://example.social/@x/r2)'],
    });
    const archived = await f.t.ctx.db.select().from(publishedArchive);
    expect(archived.map((r) => [r.publicationId, r.text, r.sha256])).toEqual([[a.id, 'Eerste', archiveSha256('Eerste', [])]]);
  });

  it('leaves rows that are not due yet alone', async () => {
    await f.schedule({ dueAt: new Date(Date.now() + 60_000) });
    expect(await claimDuePublication(f.t.ctx.db, randomUUID())).toBeNull();
    expect(f.peer.state.postStatusRequests).toBe(0);
  });

  it('429 → back to scheduled after Retry-After, not failed; the account waits for every row', async () => {
    const first = await f.schedule();
    const second = await f.schedule();
    f.peer.faults.add({ kind: 'status429', method: 'POST', path: '/api/v1/statuses', retryAfterSeconds: 42 });
    const before = Date.now();
    const after = await claimAndPublish();
    expect(after?.state).toBe('scheduled');
    const waited = (after?.dueAt.getTime() ?? 0) - before;
    expect(waited).toBeGreaterThan(40_000);
    expect(waited).toBeLessThan(45_000);
    expect(await f.outcomes(first.id)).toEqual(['rate_limited']);

    // The other row of the same account is held back by our own bucket: nothing is sent.
    const other = await claimAndPublish();
    expect(other?.id).toBe(second.id);
    expect(other?.state).toBe('scheduled');
    expect((other?.dueAt.getTime() ?? 0) - before).toBeGreaterThan(40_000);
    expect(f.peer.state.postStatusRequests).toBe(1);
    expect(f.statuses()).toHaveLength(0);
    expect(await claimDuePublication(f.t.ctx.db, randomUUID())).toBeNull();
  });

  it('rejected → failed with the network’s reason, nothing retried', async () => {
    const scheduled = await f.schedule({ text: 'x'.repeat(501) });
    const after = await claimAndPublish();
    expect(after).toMatchObject({ state: 'failed', failureReason: 'Validation failed: Text character limit of 500 exceeded' });
    expect(await f.outcomes(scheduled.id)).toEqual(['rejected']);
    expect(await claimDuePublication(f.t.ctx.db, randomUUID())).toBeNull();
    expect(
      await rows(
        f.t.ctx.db,
        sql`SELECT last_error, last_error_code, last_error_params FROM channel_connections WHERE channel_id = ${f.channel.id}::uuid`,
      ),
    ).toEqual([
      {
        last_error: 'the network refused the post (Validation failed: Text character limit of 500 exceeded)',
        last_error_code: 'post_refused',
        last_error_params: { message: 'Validation failed: Text character limit of 500 exceeded' },
      },
    ]);
  });

  it('an expired token → failed, asking for the channel to be reconnected', async () => {
    f.peer.faults.add({ kind: 'expiredToken', method: 'POST', path: '/api/v1/statuses' });
    await f.schedule();
    const after = await claimAndPublish();
    expect(after?.state).toBe('failed');
    expect(after?.failureReason).toMatch(/reconnect the channel/);
    expect(
      await rows(
        f.t.ctx.db,
        sql`SELECT last_error_code, last_error_params FROM channel_connections WHERE channel_id = ${f.channel.id}::uuid`,
      ),
    ).toEqual([{ last_error_code: 'credentials_refused', last_error_params: { message: 'The access token expired' } }]);
  });

  it('a network that cannot be reached → back to scheduled with backoff', async () => {
    const { t } = f;
    const channel = await buildChannel(t.ctx.db, f.org.id);
    // A port nothing listens on: the connection is refused before anything is sent.
    const closed = `http://127.0.0.1:${f.peer.port}`;
    await f.peer.close();
    await t.ctx.db.transaction((tx) =>
      saveChannelConnection(tx, t.ctx.keyring, SYSTEM_ACTOR, {
        channelId: channel.id,
        apiBaseUrl: closed,
        credentials: { accessToken: 'x', accountId: '1' },
      }),
    );
    const scheduled = await f.schedule({ channelId: channel.id });
    const after = await claimAndPublish();
    expect(after?.state).toBe('scheduled');
    expect((after?.dueAt.getTime() ?? 0) - Date.now()).toBeGreaterThan(20_000);
    expect(await f.outcomes(scheduled.id)).toEqual(['unavailable']);
  });

  it('a channel without a connected account → failed, saying so', async () => {
    const channel = await buildChannel(f.t.ctx.db, f.org.id);
    await f.schedule({ channelId: channel.id });
    const after = await claimAndPublish();
    expect(after).toMatchObject({ state: 'failed', failureReason: 'The channel is not connected to its account: connect the channel.' });
  });

  it('content changed behind the scheduler’s back → failed, never sent', async () => {
    const scheduled = await f.schedule();
    await f.t.ctx.db.update(publications).set({ text: 'Iets anders' }).where(eq(publications.id, scheduled.id));
    const after = await claimAndPublish();
    expect(after?.state).toBe('failed');
    expect(f.peer.state.postStatusRequests).toBe(0);
  });

  it('never crashes on a broken connector: a thrown bug or a reply without an id is recorded as unconfirmed', async () => {
    const replies: Array<() => Promise<unknown>> = [
      async () => {
        throw new TypeError("Cannot read properties of undefined (reading 'id')");
      },
      async () => ({ url: 'https://example.social/@x/1' }),
      async () => {
        throw new ConnectorError('ambiguous', 'socket hang up');
      },
    ];
    const broken: Connector = {
      network: 'other',
      verify: async () => ({ handle: '@x', remoteAccountId: '1' }),
      publish: () => (replies.shift() ?? (async () => ({})))() as never,
      findPublished: async () => null,
    };
    CONNECTORS.other = broken;
    try {
      const channel = await buildChannel(f.t.ctx.db, f.org.id, { network: 'other', handle: `broken-${randomUUID()}` });
      await f.t.ctx.db.transaction((tx) =>
        saveChannelConnection(tx, f.t.ctx.keyring, SYSTEM_ACTOR, {
          channelId: channel.id,
          apiBaseUrl: 'https://example.social',
          credentials: {},
        }),
      );
      for (let i = 0; i < 3; i += 1) {
        const scheduled = await f.schedule({ channelId: channel.id });
        const after = await claimAndPublish();
        expect(after?.state).toBe('unconfirmed');
        expect(await f.outcomes(scheduled.id)).toEqual(['ambiguous']);
      }
    } finally {
      delete CONNECTORS.other;
    }
  });

  it('keeps sealed credentials bound to their channel', async () => {
    const [stored] = await rows<{ credentials_sealed: string }>(
      f.t.ctx.db,
      sql`SELECT credentials_sealed FROM channel_connections WHERE channel_id = ${f.channel.id}::uuid`,
    );
    expect(stored?.credentials_sealed).toMatch(/^v1\./);
    expect(stored?.credentials_sealed).not.toContain(f.alice.accessToken);
  });
});

/**
 * `query` (a claim), whose result is handed over only once no other publication is being sent, plus
 * a moment for the drain to hear of it; `onOvertaken` is called when a send was in flight meanwhile.
 */
function handedOverAfterOthersSettle<Q extends object>(query: Q, db: PublishingFixture['t']['ctx']['db'], onOvertaken: () => void): Q {
  const sendingOthers = async (claimed: readonly { id: string }[]) => {
    const mine =
      claimed.length > 0
        ? sql`AND id NOT IN (${sql.join(
            claimed.map((c) => sql`${c.id}::uuid`),
            sql`, `,
          )})`
        : sql``;
    const [row] = await rows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM publications WHERE state = 'publishing' ${mine}`);
    return row?.n ?? 0;
  };
  return new Proxy(query, {
    get(target, member, receiver) {
      const value = Reflect.get(target, member, receiver);
      if (member === 'then') {
        return (onResult: (rows: unknown) => unknown, onError: (error: unknown) => unknown) =>
          (async () => {
            const claimed = (await (target as unknown as PromiseLike<{ id: string }[]>)) ?? [];
            if ((await sendingOthers(claimed)) === 0) return claimed;
            onOvertaken();
            for (let waited = 0; (await sendingOthers(claimed)) > 0 && waited < 10_000; waited += 20)
              await new Promise((resolve) => setTimeout(resolve, 20));
            await new Promise((resolve) => setTimeout(resolve, 50));
            return claimed;
          })().then(onResult, onError);
      }
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const next = value.apply(target, args);
        return next !== null && typeof next === 'object' ? handedOverAfterOthersSettle(next, db, onOvertaken) : next;
      };
    },
  });
}
