import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../kit/auth/hooks.js';
import { ZErrorBody, ZIdParam } from '../../kit/http.js';
import { ZClaimPage, ZClaimQuery, ZMentionClaim } from './claims-schemas.js';
import { decideClaim, getClaim, listClaims } from './claims-service.js';
import { ZDecisionInput } from './impersonation-schemas.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody, 422: ZErrorBody };
const tags = ['listening'];
const ZOrganisationIdParam = z.object({ id: z.string().uuid() });

/**
 * Speaking-for claims: mentions from accounts outside the registry that say they speak for an
 * organisation ("Namens Stad Gent: …"), to dismiss or confirm. Reading needs `listening.read`,
 * deciding `listening.manage`.
 */
export const claimRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.kanaal;

  app.get(
    '/api/organisations/:id/mention-claims',
    { schema: { tags, params: ZOrganisationIdParam, querystring: ZClaimQuery, response: { 200: ZClaimPage, ...errors } } },
    async (request) => listClaims(ctx, requireCaller(request), request.params.id, request.query),
  );
  app.get('/api/mention-claims/:id', { schema: { tags, params: ZIdParam, response: { 200: ZMentionClaim, ...errors } } }, async (request) =>
    getClaim(ctx, requireCaller(request), request.params.id),
  );
  app.post(
    '/api/mention-claims/:id/decision',
    { schema: { tags, params: ZIdParam, body: ZDecisionInput, response: { 200: ZMentionClaim, ...errors } } },
    async (request) => decideClaim(ctx, requireCaller(request), request.params.id, request.body),
  );
};
