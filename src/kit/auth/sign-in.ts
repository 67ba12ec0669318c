import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.js';
import { recordAudit } from '../audit.js';
import { createSession, destroySession, type NewSession, setSessionCookie } from './sessions.js';

/**
 * The end of every successful sign-in (password or SSO): replaces any session already in this
 * browser, sets the new session cookie and records the sign-in. Only successes are audited: failures
 * are counted in login_attempts, and logging each would let anyone fill the audit log.
 */
export async function startSession(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  user: { id: string; email: string },
  how: Record<string, string>,
): Promise<NewSession> {
  // A session someone else may have planted in this browser does not survive a sign-in.
  if (request.sessionId) await destroySession(ctx.db, request.sessionId);
  const session = await createSession(ctx.db, user.id, { ip: request.ip, userAgent: request.headers['user-agent'] });
  setSessionCookie(reply, ctx.config.publicUrl, session);
  await ctx.db.transaction((tx) =>
    recordAudit(
      tx,
      { userId: user.id, label: user.email, requestId: request.id },
      { organisationId: null, action: 'sign_in', entity: 'user', entityId: user.id, after: how },
    ),
  );
  return session;
}
