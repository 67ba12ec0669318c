import { and, desc, eq, isNull } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZIdParam, ZOk } from '../http.js';
import { AppError, notFound, unauthorized } from '../errors.js';
import { requireCaller } from './hooks.js';
import { assertLoginAllowed, recordLoginAttempt } from './login-limit.js';
import { verifyPassword } from './passwords.js';
import { loadMe } from './me.js';
import { apiTokens, users } from './schema.js';
import { ZApiToken, ZMe, ZNewApiToken, ZSignIn } from './schemas.js';
import { clearSessionCookie, destroySession } from './sessions.js';
import { startSession } from './sign-in.js';
import { hashSecret, newSecret } from './tokens.js';
import { verifyTotpForUser } from './totp.js';

/** Sign in and out, who am I, and API tokens for scripts. */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.kanaal;

  app.post('/api/session', { schema: { tags: ['auth'], security: [], body: ZSignIn, response: { 200: ZMe } } }, async (request, reply) => {
    const { email, password, totp } = request.body;
    await assertLoginAllowed(ctx.db, email, request.ip);
    const [user] = await ctx.db.select().from(users).where(eq(users.email, email));
    const passwordOk = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !passwordOk || user.disabledAt) {
      await recordLoginAttempt(ctx.db, email, request.ip, false);
      throw unauthorized('Email or password is wrong.');
    }
    if (user.totpEnabled) {
      if (!totp) throw new AppError(401, 'totp_required', 'Enter the six-digit code from your authenticator app.');
      if (!(await verifyTotpForUser(ctx, user, totp))) {
        await recordLoginAttempt(ctx.db, email, request.ip, false);
        throw new AppError(401, 'totp_required', 'The code is wrong or expired.');
      }
    }
    await recordLoginAttempt(ctx.db, email, request.ip, true);
    const session = await startSession(ctx, request, reply, user, { method: 'password' });
    return loadMe(ctx.db, user.id, session.csrfToken);
  });

  app.get('/api/session', { schema: { tags: ['auth'], response: { 200: ZMe } } }, async (request) => {
    const caller = requireCaller(request);
    return loadMe(ctx.db, caller.userId, request.sessionCsrfToken ?? null);
  });

  app.delete('/api/session', { schema: { tags: ['auth'], response: { 200: ZOk } } }, async (request, reply) => {
    if (request.sessionId) await destroySession(ctx.db, request.sessionId);
    clearSessionCookie(reply, ctx.config.publicUrl);
    return { ok: true as const };
  });

  app.get('/api/me/tokens', { schema: { tags: ['auth'], response: { 200: z.array(ZApiToken) } } }, async (request) => {
    const caller = requireCaller(request);
    return ctx.db
      .select({
        id: apiTokens.id,
        name: apiTokens.name,
        prefix: apiTokens.prefix,
        createdAt: apiTokens.createdAt,
        lastUsedAt: apiTokens.lastUsedAt,
        expiresAt: apiTokens.expiresAt,
      })
      .from(apiTokens)
      .where(and(eq(apiTokens.userId, caller.userId), isNull(apiTokens.revokedAt)))
      .orderBy(desc(apiTokens.createdAt));
  });

  app.post(
    '/api/me/tokens',
    { schema: { tags: ['auth'], body: ZNewApiToken, response: { 201: ZApiToken.extend({ token: z.string() }) } } },
    async (request, reply) => {
      const caller = requireCaller(request);
      const token = newSecret('kt');
      const [row] = await ctx.db
        .insert(apiTokens)
        .values({
          userId: caller.userId,
          name: request.body.name,
          tokenHash: hashSecret(token),
          prefix: token.slice(0, 10),
          expiresAt: request.body.expiresInDays ? new Date(Date.now() + request.body.expiresInDays * 86_400_000) : null,
        })
        .returning();
      if (!row) throw new Error('token insert returned nothing');
      return reply.status(201).send({ ...row, token });
    },
  );

  app.delete('/api/me/tokens/:id', { schema: { tags: ['auth'], params: ZIdParam, response: { 200: ZOk } } }, async (request) => {
    const caller = requireCaller(request);
    const [revoked] = await ctx.db
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, request.params.id), eq(apiTokens.userId, caller.userId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    if (!revoked) throw notFound('API token');
    return { ok: true as const };
  });
};
