import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { createTestApp, listeningUrl, type TestApp } from '../../../test/support.js';
import { runAlerts } from './alert-process.js';
import { ingestItems } from './ingest.js';
import { item } from './test-items.js';

type SseEvent = { id: string | undefined; event: string; data: string };

type SseClient = {
  status: number;
  contentType: string | undefined;
  events: SseEvent[];
  /** The id the browser would send as Last-Event-ID now. */
  lastEventId(): string | undefined;
  waitFor(test: (e: SseEvent) => boolean, timeoutMs?: number): Promise<SseEvent>;
  ended: Promise<void>;
  close(): void;
};

/** A minimal EventSource: parses the stream as the browser does (id, event, data; blank line ends an event). */
function openStream(url: string, headers: Record<string, string>): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      const events: SseEvent[] = [];
      let lastId: string | undefined = headers['last-event-id'];
      let buffer = '';
      const waiters: Array<() => void> = [];
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          let event = 'message';
          let data = '';
          let id: string | undefined;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) continue;
            const [field, ...rest] = line.split(':');
            const value = rest.join(':').replace(/^ /, '');
            if (field === 'id') id = value;
            else if (field === 'event') event = value;
            else if (field === 'data') data += data ? `\n${value}` : value;
          }
          if (id !== undefined) lastId = id;
          if (data !== '' || id !== undefined) events.push({ id, event, data });
          for (const wake of waiters.splice(0)) wake();
          end = buffer.indexOf('\n\n');
        }
      });
      const ended = new Promise<void>((done) => {
        res.on('end', done);
        res.on('close', done);
      });
      resolve({
        status: res.statusCode ?? 0,
        contentType: res.headers['content-type'],
        events,
        lastEventId: () => lastId,
        async waitFor(test, timeoutMs = 8000) {
          const deadline = Date.now() + timeoutMs;
          for (;;) {
            const found = events.find(test);
            if (found) return found;
            if (Date.now() > deadline) throw new Error(`no such event; got ${JSON.stringify(events.map((e) => e.event))}`);
            await Promise.race([new Promise<void>((wake) => waiters.push(wake)), sleep(200)]);
          }
        },
        ended,
        close: () => req.destroy(),
      });
    });
    req.on('error', reject);
  });
}

describe('listening stream (Server-Sent Events)', () => {
  let t: TestApp;
  let closed = false;
  let org: { id: string };
  let user: TestUser;
  let cookie: string;
  let base: string;

  beforeAll(async () => {
    t = await createTestApp({ listen: true });
    base = listeningUrl(t.app);
    org = await buildOrganisation(t.ctx.db);
    user = await buildUser(t.ctx.db, { roles: [[org.id, 'communicator']] });
    const signIn = await t.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: user.user.email, password: user.password },
    });
    expect(signIn.statusCode).toBe(200);
    const setCookie = signIn.headers['set-cookie'];
    cookie = (Array.isArray(setCookie) ? setCookie : [setCookie ?? '']).map((c) => c.split(';')[0]).join('; ');
    const wl = await t.app.inject({
      method: 'POST',
      url: `/api/organisations/${org.id}/watchlists`,
      headers: user.headers,
      payload: { name: 'Brandweer', query: 'brandweer' },
    });
    expect(wl.statusCode).toBe(201);
  });
  afterAll(async () => {
    if (!closed) await t?.close();
  });

  const streamUrl = () => `${base}/api/organisations/${org.id}/listening-stream`;
  const data = (e: SseEvent) => JSON.parse(e.data) as Record<string, unknown>;

  it('sends a match to a connected browser at once, and resumes after Last-Event-ID without repeating it', async () => {
    const first = await openStream(streamUrl(), { cookie });
    expect(first.status).toBe(200);
    expect(first.contentType).toMatch(/^text\/event-stream/);
    await first.waitFor((e) => e.event === 'cursor');
    const startId = first.lastEventId();

    const one = await ingestItems(t.ctx, { organisationId: org.id }, [item('at://one', 'De brandweer blust een brand in de haven')]);
    const oneId = one.matched[0]?.mentionId;
    const live = await first.waitFor((e) => e.event === 'match');
    expect(data(live)).toMatchObject({ mentionId: oneId, watchlistName: 'Brandweer', excerpt: 'De brandweer blust een brand in de haven' });
    expect(data(live).highlights).toEqual([{ start: 3, end: 12, term: 'brandweer' }]);
    // The database poll passes the same match and moves the event id past it without sending it again.
    await first.waitFor((e) => e.event === 'cursor' && e.id !== startId);
    expect(first.events.filter((e) => e.event === 'match')).toHaveLength(1);
    const resumeFrom = first.lastEventId() as string;
    first.close();
    await first.ended;

    // Disconnected: this one reaches the stream only from the database (as from another process).
    const two = await ingestItems(t.ctx, { organisationId: org.id }, [item('at://two', 'Brandweer waarschuwt voor rook')]);
    const again = await openStream(streamUrl(), { cookie, 'last-event-id': resumeFrom });
    const caughtUp = await again.waitFor((e) => e.event === 'match');
    expect(data(caughtUp)).toMatchObject({ mentionId: two.matched[0]?.mentionId, excerpt: 'Brandweer waarschuwt voor rook' });
    expect(caughtUp.id).toBeDefined();
    await sleep(1800); // another poll
    expect(again.events.filter((e) => e.event === 'match').map((e) => data(e).mentionId)).toEqual([two.matched[0]?.mentionId]);

    // In-app alerts arrive as `alert` events.
    const rule = await t.app.inject({
      method: 'POST',
      url: `/api/organisations/${org.id}/watchlists`,
      headers: user.headers,
      payload: { name: 'Haven', query: 'haven' },
    });
    const havenId = (rule.json() as { id: string }).id;
    await t.app.inject({ method: 'POST', url: `/api/watchlists/${havenId}/alerts`, headers: user.headers, payload: { mode: 'every' } });
    const three = await ingestItems(t.ctx, { organisationId: org.id }, [item('at://three', 'Rook boven de haven')]);
    await sleep(300);
    await runAlerts(t.ctx);
    const alert = await again.waitFor((e) => e.event === 'alert');
    expect(data(alert)).toMatchObject({
      trigger: 'match',
      watchlistName: 'Haven',
      mentionIds: [three.matched[0]?.mentionId],
      matchCount: 1,
    });
    again.close();
  });

  it('refuses a stream without access, and ends open streams when the server stops', async () => {
    const stranger = await buildUser(t.ctx.db, { roles: [[(await buildOrganisation(t.ctx.db)).id, 'admin']] });
    const refused = await openStream(streamUrl(), { authorization: `Bearer ${stranger.token}` });
    expect(refused.status).toBe(403);
    const anonymous = await openStream(streamUrl(), {});
    expect(anonymous.status).toBe(401);

    const open = await openStream(streamUrl(), { authorization: `Bearer ${user.token}` });
    await open.waitFor((e) => e.event === 'cursor');
    const started = Date.now();
    closed = true;
    await t.close();
    await open.ended;
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
