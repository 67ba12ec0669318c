import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../errors.js';
import {
  OIDC_CALLBACK_PATH,
  OIDC_FLOW_COOKIE,
  OIDC_FLOW_TTL_MS,
  OIDC_LOGIN_PATH,
  SsoError,
  beginOidcSignIn,
  completeOidcSignIn,
  createOidcClient,
  findOrCreateOidcUser,
  openFlow,
} from './oidc.js';
import { cookiesAreSecure } from './sessions.js';
import { startSession } from './sign-in.js';

const FLOW_COOKIE_PATH = '/api/auth/oidc';
const SSO_FAILED = '/sign-in?error=sso';

/**
 * Single sign-on with the OIDC provider from OIDC_ISSUER: authorization code flow with PKCE, state
 * and nonce. Both routes always exist (so they are in the OpenAPI document) and answer 404 when no
 * provider is configured. Failures send the browser to the sign-in page; the reason goes to the log.
 * A single sign-on session does not ask for Kanaal's own TOTP code: the provider owns the second factor.
 */
export const oidcRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.kanaal;
  const oidc = ctx.config.oidc ? createOidcClient(ctx.config.oidc) : null;
  const flowCookie = { path: FLOW_COOKIE_PATH, httpOnly: true, sameSite: 'lax' as const, secure: cookiesAreSecure(ctx.config.publicUrl) };

  function fail(request: FastifyRequest, reply: FastifyReply, error: unknown) {
    if (error instanceof SsoError) request.log.warn({ reason: error.message }, 'single sign-on failed');
    else request.log.error({ err: error }, 'single sign-on failed');
    return reply.header('cache-control', 'no-store').redirect(SSO_FAILED, 302);
  }

  app.get(
    OIDC_LOGIN_PATH,
    {
      schema: {
        tags: ['auth'],
        security: [],
        description:
          'Redirects (302) to the single sign-on provider; afterwards the browser comes back to `returnTo` (a path on this site).',
        querystring: z.object({ returnTo: z.string().optional() }),
      },
    },
    async (request, reply) => {
      if (!oidc) throw notFound('Single sign-on');
      try {
        const { url, cookie } = await beginOidcSignIn(ctx, oidc, request.query.returnTo);
        reply.setCookie(OIDC_FLOW_COOKIE, cookie, { ...flowCookie, maxAge: OIDC_FLOW_TTL_MS / 1000 });
        return reply.header('cache-control', 'no-store').redirect(url, 302);
      } catch (error) {
        return fail(request, reply, error);
      }
    },
  );

  app.get(
    OIDC_CALLBACK_PATH,
    {
      schema: {
        tags: ['auth'],
        security: [],
        description: 'Where the provider sends the browser back; signs in and redirects (302) to the path the sign-in started from.',
      },
    },
    async (request, reply) => {
      if (!oidc) throw notFound('Single sign-on');
      // One use only: whatever happens next, this flow is over.
      const cookie = request.cookies[OIDC_FLOW_COOKIE];
      reply.clearCookie(OIDC_FLOW_COOKIE, flowCookie);
      try {
        const flow = openFlow(ctx.keyring, cookie);
        const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
        const identity = await completeOidcSignIn(ctx, oidc, flow, query);
        const user = await findOrCreateOidcUser(ctx, identity, request.id);
        await startSession(ctx, request, reply, user, { method: 'oidc', issuer: identity.issuer });
        return reply.header('cache-control', 'no-store').redirect(flow.returnTo, 302);
      } catch (error) {
        return fail(request, reply, error);
      }
    },
  );
};
