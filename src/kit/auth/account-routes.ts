import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZOk } from '../http.js';
import { changePassword, disableTotp, enableTotp, startTotpSetup, updateProfile } from './account-service.js';
import { requireCaller } from './hooks.js';
import { loadMe } from './me.js';
import { OIDC_LOGIN_PATH } from './oidc.js';
import { oidcRoutes } from './oidc-routes.js';
import { ZAuthProviders, ZMe, ZPasswordChange, ZProfileUpdate, ZTotpCode, ZTotpSetup } from './schemas.js';

/** The signed-in person's own account: profile, password, two-step sign-in; and how one can sign in. */
export const accountRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.kanaal;

  app.get('/api/auth/providers', { schema: { tags: ['auth'], security: [], response: { 200: ZAuthProviders } } }, async () => ({
    password: true as const,
    oidc: ctx.config.oidc ? { label: ctx.config.oidc.label, loginUrl: OIDC_LOGIN_PATH } : null,
  }));

  app.patch('/api/me', { schema: { tags: ['auth'], body: ZProfileUpdate, response: { 200: ZMe } } }, async (request) => {
    const caller = requireCaller(request);
    await updateProfile(ctx, caller, request.body);
    return loadMe(ctx.db, caller.userId, request.sessionCsrfToken ?? null);
  });

  app.post('/api/me/password', { schema: { tags: ['auth'], body: ZPasswordChange, response: { 200: ZOk } } }, async (request) => {
    const caller = requireCaller(request);
    await changePassword(ctx, caller, request.body, { ip: request.ip, sessionId: request.sessionId });
    return { ok: true as const };
  });

  app.post('/api/me/totp/setup', { schema: { tags: ['auth'], response: { 200: ZTotpSetup } } }, async (request, reply) => {
    const caller = requireCaller(request);
    // The secret is in the body: no cache may keep it.
    reply.header('cache-control', 'no-store');
    return startTotpSetup(ctx, caller);
  });

  app.post('/api/me/totp/enable', { schema: { tags: ['auth'], body: ZTotpCode, response: { 200: ZOk } } }, async (request) => {
    const caller = requireCaller(request);
    await enableTotp(ctx, caller, request.body.code, { ip: request.ip });
    return { ok: true as const };
  });

  app.post('/api/me/totp/disable', { schema: { tags: ['auth'], body: ZTotpCode, response: { 200: ZOk } } }, async (request) => {
    const caller = requireCaller(request);
    await disableTotp(ctx, caller, request.body.code, { ip: request.ip });
    return { ok: true as const };
  });

  await app.register(oidcRoutes);
};
