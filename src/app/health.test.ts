import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support.js';

describe('health and the error contract', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ queue: true });
  });
  afterAll(async () => t?.close());

  it('reports db and queue', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ status: 'ok', db: 'ok', queue: { pending: expect.any(Number), lagSeconds: expect.any(Number) } });
    expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('answers unknown API routes with the error shape', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('rejects a bad sign-in body with the field', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/session', payload: { email: 'not-an-email', password: 'x' } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error.code).toBe('bad_request');
    expect(body.error.fields.map((f: { path: string }) => f.path)).toContain('email');
  });

  it('publishes an OpenAPI document', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(Object.keys(res.json().paths)).toContain('/api/session');
  });
});

describe('health when parts are down', () => {
  it('answers 503 when the job queue is not running', async () => {
    const t = await createTestApp({ queue: false });
    try {
      const res = await t.app.inject({ method: 'GET', url: '/api/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'degraded', db: 'ok', queue: null });
    } finally {
      await t.close();
    }
  });

  it('answers 503 when the database does not answer', async () => {
    const t = await createTestApp({ queue: false });
    await t.database.close();
    try {
      const res = await t.app.inject({ method: 'GET', url: '/api/health' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ status: 'degraded', db: 'down' });
    } finally {
      await t.app.close();
    }
  });
});
