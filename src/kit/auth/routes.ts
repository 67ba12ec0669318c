import { and, desc, eq, isNull } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { organisations } from '../../features/registry/schema.js';
import { ZIdParam, ZOk } from '../http.js';
import { AppError, notFound, unauthorized } from '../errors.js';
import { requireCaller } from './hooks.js';
import { assertLoginAllowed, recordLoginAttempt } from './login-limit.js';
import { verifyPassword } from './passwords.js';
import { apiTokens, memberships, users } from './schema.js';
import { ZApiToken, ZMe, ZNewApiToken, ZSignIn, type TMe } from './schemas.js';
import { SESSION_COOKIE, createSession, destroySession } from './sessions.js';
import { hashSecret, newSecret } from './tokens.js';
import { verifyTotpForUser } from './totp.js';

/** Sign in and out, who am I, and API tokens for scripts. */
export const authRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.kanaal;
  const secureCookie = ctx.config.publicUrl.startsWith('https:') || /^http:\/\/(localhost|127\.0\.0\.1)(:|\/|$)/.test(ctx.config.publicUrl);

  app.post(
    '/api/session',
    { schema: { tags: ['auth'], security: [], body: ZSignIn, response: { 200: ZMe } } },
    async (request, reply) => {
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
      const session = await createSession(ctx.db, user.id, { ip: request.ip, userAgent: request.headers['user-agent'] });
      reply.setCookie(SESSION_COOKIE, session.cookieValue, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: secureCookie,
        expires: session.expiresAt,
      });
      return loadMe(user.id, session.csrfToken);
    },
  );

  app.get('/api/session', { schema: { tags: ['auth'], response: { 200: ZMe } } }, async (request) => {
    const caller = requireCaller(request);
    return loadMe(caller.userId, request.sessionCsrfToken ?? null);
  });

  app.delete('/api/session', { schema: { tags: ['auth'], response: { 200: ZOk } } }, async (request, reply) => {
    if (request.sessionId) await destroySession(ctx.db, request.sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
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

  async function loadMe(userId: string, csrfToken: string | null): Promise<TMe> {
    const [user] = await ctx.db.select().from(users).where(eq(users.id, userId));
    if (!user) throw unauthorized();
    const held = await ctx.db
      .select({ id: memberships.id, organisationId: memberships.organisationId, organisationName: organisations.name, role: memberships.role })
      .from(memberships)
      .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
      .where(eq(memberships.userId, userId));
    return {
      user: { id: user.id, email: user.email, name: user.name, locale: user.locale, isSuperadmin: user.isSuperadmin, totpEnabled: user.totpEnabled },
      csrfToken,
      memberships: held,
    };
  }
};
