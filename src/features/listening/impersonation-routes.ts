import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../kit/auth/hooks.js';
import { ZErrorBody, ZIdParam } from '../../kit/http.js';
import {
  ZCandidatePage,
  ZCandidateQuery,
  ZChannelScanStatus,
  ZDecisionInput,
  ZImpersonationCandidate,
  ZScanQueued,
  ZScanRequest,
} from './impersonation-schemas.js';
import { decideCandidate, getCandidate, listCandidates, listScanStatus, requestScan } from './impersonation-service.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody, 422: ZErrorBody };
const tags = ['listening'];
const ZOrganisationIdParam = z.object({ id: z.string().uuid() });

/**
 * Impersonation: accounts that look like an official channel, to dismiss or confirm, and the scan
 * that finds them. Reading needs `listening.read`; deciding and "scan now" need `listening.manage`.
 */
export const impersonationRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.kanaal;

  app.get(
    '/api/organisations/:id/impersonation-candidates',
    { schema: { tags, params: ZOrganisationIdParam, querystring: ZCandidateQuery, response: { 200: ZCandidatePage, ...errors } } },
    async (request) => listCandidates(ctx, requireCaller(request), request.params.id, request.query),
  );
  app.get(
    '/api/impersonation-candidates/:id',
    { schema: { tags, params: ZIdParam, response: { 200: ZImpersonationCandidate, ...errors } } },
    async (request) => getCandidate(ctx, requireCaller(request), request.params.id),
  );
  app.post(
    '/api/impersonation-candidates/:id/decision',
    { schema: { tags, params: ZIdParam, body: ZDecisionInput, response: { 200: ZImpersonationCandidate, ...errors } } },
    async (request) => decideCandidate(ctx, requireCaller(request), request.params.id, request.body),
  );

  // Runs in the job queue: the answer says how many channels it will search, not what it found.
  app.post(
    '/api/organisations/:id/impersonation/scan',
    {
      schema: { tags, params: ZOrganisationIdParam, body: ZScanRequest, response: { 202: ZScanQueued, ...errors, 503: ZErrorBody } },
    },
    async (request, reply) =>
      reply.code(202).send(await requestScan(ctx, requireCaller(request), request.params.id, request.body?.subtree ?? false)),
  );
  app.get(
    '/api/organisations/:id/impersonation/scans',
    {
      schema: {
        tags,
        params: ZOrganisationIdParam,
        querystring: z.object({ subtree: z.enum(['true', 'false']).optional() }),
        response: { 200: z.array(ZChannelScanStatus), ...errors },
      },
    },
    async (request) => listScanStatus(ctx, requireCaller(request), request.params.id, request.query.subtree === 'true'),
  );
};
