import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { createTestApp, freshDatabase, type TestApp } from '../../../test/support.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { restoreBackup, writeBackup } from '../../app/backup.js';
import { bootApp } from '../../app/start.js';
import { rows } from '../../kit/sql.js';
import { runAlerts } from './alert-process.js';
import type { TAlertDelivery, TAlertRule } from './alert-schemas.js';
import { type AlertReceiver, type SmtpPeer, startAlertReceiver, startSmtpPeer } from './alert-test-support.js';
import { ingestItems } from './ingest.js';
import { item } from './test-items.js';

describe('alerts: every match, burst, digest, spike; e-mail and signed webhooks', () => {
  let t: TestApp;
  let smtp: SmtpPeer;
  let receiver: AlertReceiver;
  let admin: TestUser;
  let org: { id: string };

  beforeAll(async () => {
    smtp = await startSmtpPeer();
    receiver = await startAlertReceiver();
    t = await createTestApp({ env: { SMTP_URL: smtp.url, PUBLIC_URL: 'https://kanaal.example', KANAAL_ALLOW_URLS: '127.0.0.1' } });
    org = await buildOrganisation(t.ctx.db, { defaultLanguage: 'fr', timeZone: 'Europe/Brussels', name: 'Ville de Namur' });
    admin = await buildUser(t.ctx.db, { roles: [[org.id, 'admin']] });
  });
  afterAll(async () => {
    await t?.close();
    await smtp?.close();
    await receiver?.close();
  });

  const watchlist = async (name: string, query: string) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/organisations/${org.id}/watchlists`,
      headers: admin.headers,
      payload: { name, query },
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string };
  };
  const rule = async (watchlistId: string, body: Record<string, unknown>) => {
    const res = await t.app.inject({ method: 'POST', url: `/api/watchlists/${watchlistId}/alerts`, headers: admin.headers, payload: body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as TAlertRule;
  };
  const deliveries = async (ruleId: string) =>
    (
      (await t.app.inject({ method: 'GET', url: `/api/alert-rules/${ruleId}/deliveries`, headers: admin.headers })).json() as {
        items: TAlertDelivery[];
      }
    ).items;
  const mailsTo = (address: string) => smtp.inbox.filter((m) => m.to.includes(address));
  // Matches become readable once their transaction's start is below the arrival horizon (alert-cursor.ts: 250 ms margin).
  const ingest = async (items: ReturnType<typeof item>[]) => {
    const result = await ingestItems(t.ctx, { organisationId: org.id }, items);
    await sleep(300);
    return result;
  };
  const later = (seconds: number) => new Date(Date.now() + seconds * 1000);

  it('sends each match once by e-mail, in the organisation’s language, also after a restart and an interrupted hand-over', async () => {
    const wl = await watchlist('Piscine', 'piscine OR zwembad');
    const r = await rule(wl.id, { mode: 'every', emailRecipients: ['Presse@namur.example'], inApp: false });
    const first = await ingest([item('at://p1', 'La piscine communale ferme demain pour travaux.', { language: 'fr' })]);
    const mentionId = first.matched[0]?.mentionId as string;

    await runAlerts(t.ctx, later(2));
    expect(mailsTo('presse@namur.example')).toHaveLength(1);
    const mail = mailsTo('presse@namur.example')[0];
    expect(mail?.subject).toBe('[Kanaal] Piscine : nouvelle mention');
    expect(mail?.text).toContain('La *piscine* communale ferme demain');
    expect(mail?.text).toContain(`https://kanaal.example/listening/mentions/${mentionId}`);
    expect(mail?.text).toContain('Une nouvelle mention correspond à la liste de veille « Piscine »');

    // The same process again, then a fresh app on the same database (a restart): nothing new.
    await runAlerts(t.ctx, later(3));
    const restarted = await bootApp(t.ctx.config, { database: t.database, logger: false, queue: false });
    try {
      await runAlerts(restarted.ctx, later(4));
    } finally {
      await restarted.close();
    }
    expect(mailsTo('presse@namur.example')).toHaveLength(1);
    const [sent] = await deliveries(r.id);
    expect(sent).toMatchObject({ channel: 'email', status: 'sent', attempts: 1, target: 'presse@namur.example', lastError: null });
    expect(sent?.message).toMatchObject({ trigger: 'match', matchCount: 1, mentionIds: [mentionId] });

    // A worker that died after handing the mail to the outbox: settled from the outbox, not sent again.
    await t.ctx.db.execute(sql`UPDATE alert_deliveries SET status = 'sending', claimed_at = now() WHERE id = ${sent?.id}::uuid`);
    await runAlerts(t.ctx, later(400));
    expect(mailsTo('presse@namur.example')).toHaveLength(1);
    expect((await deliveries(r.id))[0]).toMatchObject({ status: 'sent', attempts: 1 });
    // …and one that died before: its attempt never reached the outbox, so it is sent now, once.
    await t.ctx.db.execute(
      sql`UPDATE alert_deliveries SET status = 'sending', claimed_at = now(), attempts = 2 WHERE id = ${sent?.id}::uuid`,
    );
    await runAlerts(t.ctx, later(400));
    await runAlerts(t.ctx, later(401));
    expect(mailsTo('presse@namur.example')).toHaveLength(2);
  });

  it('groups a burst of more than 20 matches into one message', async () => {
    const wl = await watchlist('Inondation', 'inondation');
    await rule(wl.id, { mode: 'every', emailRecipients: ['crise@namur.example'], inApp: false });
    await ingest(Array.from({ length: 25 }, (_, i) => item(`at://flood-${i}`, `Inondation rue ${i}`, { language: 'fr' })));
    await runAlerts(t.ctx, later(2));
    const mails = mailsTo('crise@namur.example');
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('[Kanaal] Inondation : 25 nouvelles mentions');
    expect(mails[0]?.text).toContain('Plus de 20 sont arrivées en une minute');
    expect(mails[0]?.text).toContain('…et 5 de plus');
  });

  it('collects several matches into one hourly digest at the top of the hour', async () => {
    const wl = await watchlist('Marché', 'marché');
    const r = await rule(wl.id, { mode: 'digest_hourly', emailRecipients: ['digest@namur.example'], inApp: true });
    expect(new Date(r.nextDigestAt as string).getUTCMinutes()).toBe(0);
    await ingest([
      item('at://m1', 'Le marché de Noël ouvre', { language: 'fr' }),
      item('at://m2', 'Marché couvert: nouveaux horaires', { language: 'fr' }),
      item('at://m3', 'Pas de marché lundi', { language: 'fr' }),
    ]);
    await runAlerts(t.ctx, new Date(new Date(r.nextDigestAt as string).getTime() - 1000));
    expect(mailsTo('digest@namur.example')).toHaveLength(0); // not yet the top of the hour

    const due = new Date(new Date(r.nextDigestAt as string).getTime() + 1000);
    await runAlerts(t.ctx, due);
    await runAlerts(t.ctx, new Date(due.getTime() + 1000));
    const mails = mailsTo('digest@namur.example');
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('[Kanaal] Marché : résumé de la dernière heure, 3 mentions');
    for (const word of ['Le *marché* de Noël', '*Marché* couvert', 'Pas de *marché* lundi']) expect(mails[0]?.text).toContain(word);
    const after = (await t.app.inject({ method: 'GET', url: `/api/alert-rules/${r.id}`, headers: admin.headers })).json() as TAlertRule;
    expect(new Date(after.nextDigestAt as string).getTime()).toBe(new Date(r.nextDigestAt as string).getTime() + 3_600_000);
    const log = await deliveries(r.id);
    expect(log.map((d) => d.channel).sort()).toEqual(['email', 'in_app']);
    expect(log[0]?.message).toMatchObject({ trigger: 'digest', matchCount: 3 });
  });

  it('fires a spike with its numbers, not below the minimum, not under the factor, once per window', async () => {
    const quiet = await watchlist('Pont', 'pont');
    const busy = await watchlist('Gare', 'gare');
    // Both watchlists are older than the baseline period.
    await t.ctx.db.execute(
      sql`UPDATE watchlists SET created_at = now() - interval '10 days' WHERE id IN (${quiet.id}::uuid, ${busy.id}::uuid)`,
    );
    const spike = { factor: 3, minimumCount: 5, windowMinutes: 60 };
    const rQuiet = await rule(quiet.id, { mode: 'spike', spike, emailRecipients: ['spike@namur.example'], inApp: false });
    const rBusy = await rule(busy.id, { mode: 'spike', spike, emailRecipients: ['busy@namur.example'], inApp: false });
    const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000);
    // History: 14 over the past week for Pont (baseline 14/168 per hour), 336 for Gare (2 per hour).
    await ingest([
      ...Array.from({ length: 14 }, (_, i) =>
        item(`at://pont-old-${i}`, `Le pont ${i}`, { language: 'fr', publishedAt: hoursAgo(2 + i * 11) }),
      ),
      ...Array.from({ length: 336 }, (_, i) =>
        item(`at://gare-old-${i}`, `La gare ${i}`, { language: 'fr', publishedAt: hoursAgo(1.5 + i * 0.49) }),
      ),
    ]);
    // Now: four about the bridge (below the minimum of five), five about the station (under 3 × 2).
    await ingest([
      ...Array.from({ length: 4 }, (_, i) => item(`at://pont-now-${i}`, `Le pont est fermé ${i}`, { language: 'fr' })),
      ...Array.from({ length: 5 }, (_, i) => item(`at://gare-now-${i}`, `La gare est fermée ${i}`, { language: 'fr' })),
    ]);
    await runAlerts(t.ctx, later(2));
    expect(mailsTo('spike@namur.example')).toHaveLength(0);
    expect(mailsTo('busy@namur.example')).toHaveLength(0);

    await ingest(Array.from({ length: 2 }, (_, i) => item(`at://pont-more-${i}`, `Encore le pont ${i}`, { language: 'fr' })));
    await runAlerts(t.ctx, later(3));
    await runAlerts(t.ctx, later(60)); // still the same window: quiet
    const mails = mailsTo('spike@namur.example');
    expect(mails).toHaveLength(1);
    expect(mails[0]?.subject).toBe('[Kanaal] Pont : pic, 6 mentions en 60 minutes');
    expect(mails[0]?.text).toContain('D’habitude, il y en a 0,08 par 60 minutes');
    expect(mailsTo('busy@namur.example')).toHaveLength(0);
    const [logged] = await deliveries(rQuiet.id);
    expect(logged?.message.spike).toMatchObject({ count: 6, baseline: 0.08, factor: 3, ratio: 72, windowMinutes: 60, minimumCount: 5 });
    expect(await deliveries(rBusy.id)).toEqual([]);
  });

  it('signs webhooks the way docs/webhooks.md says, and retries a failed one with backoff', async () => {
    const wl = await watchlist('Travaux', 'travaux');
    const r = await rule(wl.id, { mode: 'every', webhook: { url: receiver.url, secret: receiver.secret }, inApp: false });
    receiver.failNext.push(500);
    const ingested = await ingest([
      item('at://w1', 'Des travaux bloquent la chaussée de Louvain', { language: 'fr', url: 'https://bsky.app/x/1' }),
    ]);
    await runAlerts(t.ctx, later(2));
    expect(receiver.received).toHaveLength(1);
    let [delivery] = await deliveries(r.id);
    expect(delivery).toMatchObject({ channel: 'webhook', status: 'pending', attempts: 1, responseStatus: 500 });
    // Why, in English and as a code with its values for the reader's language; the receiver's words stay as they came.
    expect(delivery).toMatchObject({
      lastError: 'the receiver answered 500: receiver broke',
      lastErrorCode: 'receiver_status',
      lastErrorParams: { status: 500, message: 'receiver broke' },
    });
    const [stored] = await rows<{ last_error_code: string; last_error_params: unknown }>(
      t.ctx.db,
      sql`SELECT last_error_code, last_error_params FROM alert_deliveries WHERE id = ${delivery?.id}::uuid`,
    );
    expect(stored).toEqual({ last_error_code: 'receiver_status', last_error_params: { status: 500, message: 'receiver broke' } });
    expect(new Date(delivery?.nextAttemptAt as string).getTime()).toBeGreaterThan(Date.now() + 20_000);

    await runAlerts(t.ctx, later(5)); // not due yet
    expect(receiver.received).toHaveLength(1);
    await runAlerts(t.ctx, later(40));
    expect(receiver.received).toHaveLength(2);
    [delivery] = await deliveries(r.id);
    expect(delivery).toMatchObject({
      status: 'sent',
      attempts: 2,
      responseStatus: 200,
      lastError: null,
      lastErrorCode: null,
      lastErrorParams: null,
    });

    const [firstTry, retry] = receiver.received;
    expect(firstTry?.verified && retry?.verified).toBe(true);
    expect(retry?.body).toBe(firstTry?.body); // the same bytes, signed afresh
    expect(retry?.headers['x-kanaal-delivery']).toBe(delivery?.id);
    const payload = retry?.payload as {
      type: string;
      deliveryId: string;
      alert: { trigger: string; subject: string };
      mentions: Array<{
        id: string;
        excerpt: string;
        highlights: Array<{ start: number; end: number; term: string }>;
        url: string;
        link: string;
      }>;
    };
    expect(payload).toMatchObject({
      type: 'alert',
      deliveryId: delivery?.id,
      alert: { trigger: 'match', subject: '[Kanaal] Travaux : nouvelle mention' },
    });
    const [m] = payload.mentions;
    expect(m?.id).toBe(ingested.matched[0]?.mentionId);
    expect(m?.url).toBe('https://bsky.app/x/1');
    expect(m?.link).toBe(`https://kanaal.example/listening/mentions/${m?.id}`);
    expect(m?.highlights.map((h) => m.excerpt.slice(h.start, h.end))).toEqual(['travaux']);
  });

  it('gives up after the last attempt with the reason in plain words, and a test send reports each target', async () => {
    const wl = await watchlist('Test', 'essai');
    const r = await rule(wl.id, {
      mode: 'every',
      emailRecipients: ['test@namur.example'],
      webhook: { url: receiver.url, secret: 'not-the-receivers-secret-000000' },
    });
    const res = await t.app.inject({ method: 'POST', url: `/api/alert-rules/${r.id}/test`, headers: admin.headers });
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json() as { message: { trigger: string }; deliveries: TAlertDelivery[] };
    expect(result.message.trigger).toBe('test');
    const byChannel = Object.fromEntries(result.deliveries.map((d) => [d.channel, d]));
    expect(byChannel.email).toMatchObject({ status: 'sent', attempts: 1 });
    expect(byChannel.in_app).toMatchObject({ status: 'sent' });
    expect(byChannel.webhook).toMatchObject({ status: 'failed', attempts: 1, responseStatus: 401 });
    expect(byChannel.webhook).toMatchObject({
      lastError: 'the receiver refused the signature (HTTP 401): is the secret the same on both sides?',
      lastErrorCode: 'receiver_refused_signature',
      lastErrorParams: { status: 401 },
    });
    expect(mailsTo('test@namur.example')[0]?.subject).toBe('[Kanaal] Alerte de test pour Test');
    // A test is a message of its own: the rule's cursor and schedule are untouched.
    const messages = await rows<{ trigger: string }>(t.ctx.db, sql`SELECT trigger FROM alert_messages WHERE rule_id = ${r.id}::uuid`);
    expect(messages.map((m) => m.trigger)).toEqual(['test']);
  });

  it('keeps rules, messages and the delivery log in a backup (cursors to the microsecond)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kanaal-alerts-'));
    const target = await freshDatabase();
    try {
      const snapshot = (db: typeof t.ctx.db) =>
        rows<Record<string, unknown>>(
          db,
          sql`SELECT r.id, r.mode, r.email_recipients::text AS emails, r.webhook_secret_sealed, r.cursor_matched_at::text AS cursor,
                     (SELECT count(*)::int FROM alert_messages m WHERE m.rule_id = r.id) AS messages,
                     (SELECT string_agg(d.status || ':' || d.attempts, ',' ORDER BY d.id) FROM alert_deliveries d WHERE d.rule_id = r.id) AS deliveries
                FROM alert_rules r ORDER BY r.id`,
        );
      const before = await snapshot(t.ctx.db);
      expect(before.length).toBeGreaterThan(4);
      await writeBackup(t.database, join(dir, 'backup.gz'));
      await restoreBackup(target, join(dir, 'backup.gz'));
      expect(await snapshot(target.db)).toEqual(before);
    } finally {
      await target.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
