import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireCaller } from '../../kit/auth/hooks.js';
import { ZErrorBody, ZIdParam } from '../../kit/http.js';
import { decideOnPost, getReviewStatus, submitPost } from './review-service.js';
import { ZDecisionBody, ZReviewStatus, ZWorkflow, ZWorkflowPut } from './schemas.js';
import { getWorkflow, putWorkflow } from './workflow-service.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody, 422: ZErrorBody };

/** Approval workflows (approvals.manage) and the review of posts: submit, decide, status. */
export const approvalRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.kanaal;
  const deps = { mailer: ctx.mailer, publicUrl: ctx.config.publicUrl };

  app.get(
    '/api/organisations/:id/approval-workflow',
    { schema: { tags: ['approvals'], params: ZIdParam, response: { 200: ZWorkflow, ...errors } } },
    async (request) => getWorkflow(ctx.db, requireCaller(request), request.params.id),
  );

  app.put(
    '/api/organisations/:id/approval-workflow',
    { schema: { tags: ['approvals'], params: ZIdParam, body: ZWorkflowPut, response: { 200: ZWorkflow, ...errors } } },
    async (request) => putWorkflow(ctx.db, requireCaller(request), request.params.id, request.body),
  );

  app.post(
    '/api/posts/:id/submit',
    {
      schema: {
        tags: ['approvals'],
        description: 'Draft → in review (approved at once when no workflow applies). 422 with the findings when a limit is broken or a blocking lint rule fires.',
        params: ZIdParam,
        response: { 200: ZReviewStatus, ...errors },
      },
    },
    async (request) => submitPost(ctx.db, deps, requireCaller(request), request.params.id),
  );

  app.get(
    '/api/posts/:id/review',
    { schema: { tags: ['approvals'], params: ZIdParam, response: { 200: ZReviewStatus, ...errors } } },
    async (request) => getReviewStatus(ctx.db, requireCaller(request), request.params.id),
  );

  app.post(
    '/api/posts/:id/decisions',
    { schema: { tags: ['approvals'], params: ZIdParam, body: ZDecisionBody, response: { 200: ZReviewStatus, ...errors } } },
    async (request) => decideOnPost(ctx.db, deps, requireCaller(request), request.params.id, request.body),
  );
};
