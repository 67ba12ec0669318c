import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { FastifyReply } from 'fastify';
import type { Db, DbOrTx } from '../../db/client.js';
import type { Caller } from '../access.js';
import { apiTokens, sessions, users } from './schema.js';
import { hashSecret, newSecret } from './tokens.js';

export const SESSION_COOKIE = 'kanaal_session';
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

export type NewSession = { cookieValue: string; csrfToken: string; expiresAt: Date };

export async function createSession(db: Db, userId: string, meta: { ip?: string; userAgent?: string }): Promise<NewSession> {
  const cookieValue = newSecret('ks');
  const csrfToken = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db.insert(sessions).values({
    id: hashSecret(cookieValue),
    userId,
    csrfToken,
    expiresAt,
    ip: meta.ip ?? null,
    userAgent: meta.userAgent?.slice(0, 300) ?? null,
  });
  await db.update(users).set({ lastLoginAt: new Date() }).where(eq(users.id, userId));
  return { cookieValue, csrfToken, expiresAt };
}

/**
 * Secure unless the public URL is plain http on a host other than localhost: browsers treat
 * http://localhost and 127.0.0.1 as secure contexts and accept Secure cookies there.
 */
export function cookiesAreSecure(publicUrl: string): boolean {
  return publicUrl.startsWith('https:') || /^http:\/\/(localhost|127\.0\.0\.1)(:|\/|$)/.test(publicUrl);
}

/** The one place the session cookie is written: password and SSO sign-in set exactly the same cookie. */
export function setSessionCookie(reply: FastifyReply, publicUrl: string, session: NewSession): void {
  reply.setCookie(SESSION_COOKIE, session.cookieValue, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: cookiesAreSecure(publicUrl),
    expires: session.expiresAt,
  });
}

export function clearSessionCookie(reply: FastifyReply, publicUrl: string): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: cookiesAreSecure(publicUrl) });
}

export type ResolvedSession = { caller: Caller; csrfToken: string; sessionId: string };

/** The caller behind a session cookie, or null when it is unknown, expired or the user is disabled. */
export async function resolveSession(db: Db, cookieValue: string): Promise<ResolvedSession | null> {
  const id = hashSecret(cookieValue);
  const [found] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, new Date()), isNull(users.disabledAt)));
  if (!found) return null;
  // Sliding expiry, written at most once a minute per session.
  if (Date.now() - found.session.lastSeenAt.getTime() > 60_000) {
    await db
      .update(sessions)
      .set({ lastSeenAt: new Date(), expiresAt: new Date(Date.now() + SESSION_TTL_MS) })
      .where(eq(sessions.id, id));
  }
  return {
    caller: callerOf(found.user, 'session'),
    csrfToken: found.session.csrfToken,
    sessionId: id,
  };
}

export async function destroySession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/**
 * Signs the user out everywhere except the session `keepSessionId` (the one making the request, when
 * it came with a cookie). Used after a password change.
 */
export async function destroyOtherSessions(db: DbOrTx, userId: string, keepSessionId: string | undefined): Promise<number> {
  const where = keepSessionId ? and(eq(sessions.userId, userId), ne(sessions.id, keepSessionId)) : eq(sessions.userId, userId);
  const gone = await db.delete(sessions).where(where).returning({ id: sessions.id });
  return gone.length;
}

/** The caller behind `Authorization: Bearer kt_…`: the token's owner, with the owner's roles. */
export async function resolveApiToken(db: Db, token: string): Promise<Caller | null> {
  const [found] = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, hashSecret(token)),
        isNull(apiTokens.revokedAt),
        isNull(users.disabledAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, new Date())),
      ),
    );
  if (!found) return null;
  await db.update(apiTokens).set({ lastUsedAt: new Date() }).where(eq(apiTokens.id, found.token.id));
  return callerOf(found.user, 'token');
}

export async function purgeExpiredSessions(db: Db): Promise<void> {
  await db.delete(sessions).where(lt(sessions.expiresAt, sql`now()`));
}

function callerOf(user: typeof users.$inferSelect, via: Caller['via']): Caller {
  return { userId: user.id, email: user.email, name: user.name, isSuperadmin: user.isSuperadmin, via };
}
