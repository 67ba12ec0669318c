import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { auditLog } from '../../kit/audit-schema.js';
import { unseal } from '../../kit/crypto.js';
import { alertRules } from './alert-schema.js';
import type { TAlertRule } from './alert-schemas.js';

describe('alert rules: API, validation, access, audit', () => {
  let t: TestApp;
  let org: { id: string };
  let admin: TestUser;
  let viewer: TestUser;
  let outsider: TestUser;
  let watchlistId: string;

  beforeAll(async () => {
    t = await createTestApp();
    org = await buildOrganisation(t.ctx.db);
    admin = await buildUser(t.ctx.db, { roles: [[org.id, 'communicator']] });
    viewer = await buildUser(t.ctx.db, { roles: [[org.id, 'viewer']] });
    outsider = await buildUser(t.ctx.db, { roles: [[(await buildOrganisation(t.ctx.db)).id, 'admin']] });
    const wl = await t.app.inject({
      method: 'POST',
      url: `/api/organisations/${org.id}/watchlists`,
      headers: admin.headers,
      payload: { name: 'Zwembad', query: 'zwembad' },
    });
    watchlistId = (wl.json() as { id: string }).id;
  });
  afterAll(async () => t?.close());

  const create = (payload: unknown, who: TestUser = admin) =>
    t.app.inject({ method: 'POST', url: `/api/watchlists/${watchlistId}/alerts`, headers: who.headers, payload: payload as object });

  it('refuses invalid rules with the paths of the fields at fault', async () => {
    const cases: Array<[unknown, string]> = [
      [{ mode: 'sometimes' }, 'mode'],
      [{ mode: 'every', emailRecipients: ['not-an-address'] }, 'emailRecipients.0'],
      [{ mode: 'spike', spike: { factor: 1 } }, 'spike.factor'],
      [{ mode: 'digest_daily', digestHour: 24 }, 'digestHour'],
      [{ mode: 'every', inApp: false }, 'emailRecipients'],
      [{ mode: 'every', webhook: { url: 'http://127.0.0.1:9/hook' } }, 'webhook.url'],
      [{ mode: 'every', webhook: { url: 'https://hooks.example.org/x', secret: 'short' } }, 'webhook.secret'],
    ];
    for (const [payload, path] of cases) {
      const res = await create(payload);
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
      const fields = (res.json() as { error: { fields?: Array<{ path: string; message: string }> } }).error.fields ?? [];
      expect(
        fields.map((f) => f.path),
        JSON.stringify(payload),
      ).toContain(path);
    }
    const privateHook = (await create({ mode: 'every', webhook: { url: 'http://10.1.2.3/hook' } })).json() as {
      error: { fields: Array<{ message: string }> };
    };
    expect(privateHook.error.fields[0]?.message).toContain('private or internal network');
  });

  it('creates, shows, changes and deletes a rule; the webhook secret is sealed, shown once, and never audited', async () => {
    const res = await create({
      mode: 'every',
      emailRecipients: ['Pers@Gent.example', 'pers@gent.example'],
      webhook: { url: 'https://93.184.215.14/hook' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json() as TAlertRule;
    expect(created).toMatchObject({
      name: 'Every match',
      mode: 'every',
      watchlistName: 'Zwembad',
      emailRecipients: ['pers@gent.example'],
      webhook: { url: 'https://93.184.215.14/hook', secretSet: true },
      inApp: true,
      active: true,
      spike: { factor: 3, minimumCount: 5, windowMinutes: 60 },
      deliveries: { pending: 0, failedLast24h: 0 },
    });
    const secret = created.generatedWebhookSecret as string;
    expect(secret.length).toBeGreaterThanOrEqual(32);
    const [row] = await t.ctx.db.select().from(alertRules).where(eq(alertRules.id, created.id));
    expect(row?.webhookSecretSealed).not.toContain(secret);
    expect(unseal(t.ctx.keyring, row?.webhookSecretSealed as string, `alert-rule:${created.id}`)).toBe(secret);

    const shown = (
      await t.app.inject({ method: 'GET', url: `/api/alert-rules/${created.id}`, headers: viewer.headers })
    ).json() as TAlertRule;
    expect(shown.generatedWebhookSecret).toBeUndefined();
    const listed = (
      await t.app.inject({ method: 'GET', url: `/api/watchlists/${watchlistId}/alerts`, headers: viewer.headers })
    ).json() as TAlertRule[];
    expect(listed.map((r) => r.id)).toEqual([created.id]);

    // Switching the mode starts the rule from now; a digest gets its first time.
    await new Promise((resolve) => setTimeout(resolve, 20));
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/alert-rules/${created.id}`,
      headers: admin.headers,
      payload: { mode: 'digest_daily', digestHour: 7, regenerateWebhookSecret: true },
    });
    expect(patched.statusCode, patched.body).toBe(200);
    const changed = patched.json() as TAlertRule;
    expect(changed.generatedWebhookSecret).toBeDefined();
    expect(changed.generatedWebhookSecret).not.toBe(secret);
    expect(Date.parse(changed.deliveredThrough)).toBeGreaterThan(Date.parse(created.deliveredThrough));
    expect(changed.nextDigestAt).not.toBeNull();
    expect(changed.description).toContain('every day at 07:00');

    const removeWebhook = await t.app.inject({
      method: 'PATCH',
      url: `/api/alert-rules/${created.id}`,
      headers: admin.headers,
      payload: { webhook: null, emailRecipients: [], inApp: false },
    });
    expect(removeWebhook.statusCode).toBe(400); // nothing left to deliver to

    expect((await t.app.inject({ method: 'DELETE', url: `/api/alert-rules/${created.id}`, headers: admin.headers })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'GET', url: `/api/alert-rules/${created.id}`, headers: admin.headers })).statusCode).toBe(404);

    const entries = await t.ctx.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entity, 'alert_rule'), eq(auditLog.entityId, created.id)));
    expect(entries.map((e) => e.action)).toEqual(['create', 'update', 'delete']);
    expect(JSON.stringify(entries)).not.toContain(secret);
    expect(JSON.stringify(entries)).not.toContain(changed.generatedWebhookSecret as string);
    expect(entries[1]?.after).toMatchObject({ mode: 'digest_daily', digestHour: 7, webhookSecret: 'changed' });
  });

  it('lets readers read and only managers change; other organisations get 403', async () => {
    expect((await create({ mode: 'every' }, viewer)).statusCode).toBe(403);
    expect((await create({ mode: 'every' }, outsider)).statusCode).toBe(403);
    const rule = (await create({ mode: 'spike', spike: { factor: 4 } })).json() as TAlertRule;
    expect(rule.spike).toEqual({ factor: 4, minimumCount: 5, windowMinutes: 60 });
    for (const [method, url] of [
      ['GET', `/api/alert-rules/${rule.id}`],
      ['GET', `/api/alert-rules/${rule.id}/deliveries`],
      ['POST', `/api/alert-rules/${rule.id}/test`],
      ['DELETE', `/api/alert-rules/${rule.id}`],
      ['GET', `/api/watchlists/${watchlistId}/alerts`],
      ['GET', `/api/organisations/${org.id}/alert-notifications`],
      ['GET', `/api/organisations/${org.id}/listening-stream`],
    ] as const) {
      const res = await t.app.inject({ method, url, headers: outsider.headers });
      expect(res.statusCode, `${method} ${url}`).toBe(403);
    }
    expect((await t.app.inject({ method: 'POST', url: `/api/alert-rules/${rule.id}/test`, headers: viewer.headers })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'GET', url: `/api/alert-rules/${rule.id}/deliveries`, headers: viewer.headers })).statusCode).toBe(
      200,
    );
  });

  it('documents the live stream in OpenAPI as text/event-stream', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }>; description?: string }>>;
    };
    const stream = doc.paths['/api/organisations/{id}/listening-stream']?.get;
    expect(Object.keys(stream?.responses['200']?.content ?? {})).toEqual(['text/event-stream']);
    expect(stream?.description).toContain('Last-Event-ID');
    expect(doc.paths['/api/watchlists/{id}/alerts']?.post).toBeDefined();
  });
});
