import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, unauthorized } from '../errors.js';
import type { Caller } from '../access.js';
import { SESSION_COOKIE, resolveApiToken, resolveSession } from './sessions.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
export const CSRF_HEADER = 'x-csrf-token';

/**
 * Resolves the caller on every request (Bearer token first, then the session cookie) and refuses
 * state-changing cookie requests that do not echo the session's CSRF token. Bearer requests need no
 * CSRF token: a browser never attaches one by itself.
 */
export function installAuthHooks(app: FastifyInstance): void {
  app.addHook('onRequest', async (request) => {
    const db = app.kanaal.db;
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ')) {
      const caller = await resolveApiToken(db, authorization.slice(7).trim());
      if (!caller) throw unauthorized('The API token is unknown, expired or revoked.');
      request.caller = { ...caller, requestId: request.id };
      return;
    }
    const cookie = request.cookies?.[SESSION_COOKIE];
    if (!cookie) return;
    const session = await resolveSession(db, cookie);
    if (!session) return;
    request.caller = { ...session.caller, requestId: request.id };
    request.sessionCsrfToken = session.csrfToken;
    request.sessionId = session.sessionId;
  });

  app.addHook('preHandler', async (request) => {
    if (SAFE_METHODS.has(request.method) || !request.sessionCsrfToken) return;
    const sent = request.headers[CSRF_HEADER];
    if (typeof sent !== 'string' || !safeEqual(sent, request.sessionCsrfToken)) {
      throw new AppError(403, 'forbidden', 'Missing or wrong CSRF token: reload the page and try again.');
    }
  });
}

/** The signed-in caller, or 401. */
export function requireCaller(request: FastifyRequest): Caller {
  if (!request.caller) throw unauthorized();
  return request.caller;
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
