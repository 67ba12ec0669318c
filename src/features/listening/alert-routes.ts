import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAccess } from '../../kit/access.js';
import { requireCaller } from '../../kit/auth/hooks.js';
import { ZErrorBody, ZIdParam, ZOk } from '../../kit/http.js';
import { startAlertTrigger } from './alert-jobs.js';
import { listAlertDeliveries, listAlertNotifications, sendTestAlert } from './alert-log-service.js';
import { createAlertRule, deleteAlertRule, getAlertRule, listAlertRules, updateAlertRule } from './alert-rule-service.js';
import {
  STREAM_HELP,
  ZAlertRule,
  ZAlertRuleInput,
  ZAlertRulePatch,
  ZDeliveryPage,
  ZDeliveryQuery,
  ZNotificationPage,
  ZPageQuery,
  ZStreamQuery,
  ZTestResult,
} from './alert-schemas.js';
import { closeAllStreams, ListeningStream } from './alert-stream.js';
import { ZOrganisationIdParam } from './schemas.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody, 422: ZErrorBody };
const tags = ['listening'];

/**
 * Alerts per watchlist: rules (CRUD), their delivery log, a test send, the organisation's in-app
 * notifications and the live listening stream (Server-Sent Events). Reading needs
 * `listening.read`; changing rules and test sends need `listening.manage`.
 */
export const alertRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.kanaal;
  // Ingest in this process (e.g. "poll now") wakes the alert job at once; see alert-jobs.ts.
  const trigger = startAlertTrigger(ctx);
  // Open streams would keep the server from closing: end them first.
  app.addHook('preClose', async () => closeAllStreams(ctx));
  app.addHook('onClose', async () => trigger.stop());

  app.get(
    '/api/watchlists/:id/alerts',
    { schema: { tags, params: ZIdParam, response: { 200: z.array(ZAlertRule), ...errors } } },
    async (request) => listAlertRules(ctx, requireCaller(request), request.params.id),
  );
  app.post(
    '/api/watchlists/:id/alerts',
    { schema: { tags, params: ZIdParam, body: ZAlertRuleInput, response: { 201: ZAlertRule, ...errors } } },
    async (request, reply) => reply.code(201).send(await createAlertRule(ctx, requireCaller(request), request.params.id, request.body)),
  );
  app.get('/api/alert-rules/:id', { schema: { tags, params: ZIdParam, response: { 200: ZAlertRule, ...errors } } }, async (request) =>
    getAlertRule(ctx, requireCaller(request), request.params.id),
  );
  app.patch(
    '/api/alert-rules/:id',
    { schema: { tags, params: ZIdParam, body: ZAlertRulePatch, response: { 200: ZAlertRule, ...errors } } },
    async (request) => updateAlertRule(ctx, requireCaller(request), request.params.id, request.body),
  );
  app.delete('/api/alert-rules/:id', { schema: { tags, params: ZIdParam, response: { 200: ZOk, ...errors } } }, async (request) => {
    await deleteAlertRule(ctx, requireCaller(request), request.params.id);
    return { ok: true as const };
  });
  app.get(
    '/api/alert-rules/:id/deliveries',
    { schema: { tags, params: ZIdParam, querystring: ZDeliveryQuery, response: { 200: ZDeliveryPage, ...errors } } },
    async (request) => listAlertDeliveries(ctx, requireCaller(request), request.params.id, request.query),
  );
  app.post(
    '/api/alert-rules/:id/test',
    {
      schema: {
        tags,
        params: ZIdParam,
        description: 'Sends a test message to every target of the rule now (one attempt) and answers with each outcome.',
        response: { 200: ZTestResult, ...errors },
      },
    },
    async (request) => sendTestAlert(ctx, requireCaller(request), request.params.id),
  );
  app.get(
    '/api/organisations/:id/alert-notifications',
    { schema: { tags, params: ZOrganisationIdParam, querystring: ZPageQuery, response: { 200: ZNotificationPage, ...errors } } },
    async (request) => listAlertNotifications(ctx, requireCaller(request), request.params.id, request.query),
  );
  app.get(
    '/api/organisations/:id/listening-stream',
    {
      schema: {
        tags,
        params: ZOrganisationIdParam,
        querystring: ZStreamQuery,
        headers: z.object({ 'last-event-id': z.string().max(500).optional() }),
        description: STREAM_HELP,
        produces: ['text/event-stream'],
        response: { 200: z.string().describe('text/event-stream'), ...errors },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request);
      await requireAccess(ctx.db, caller, request.params.id, 'listening.read');
      reply.hijack();
      const stream = new ListeningStream(ctx, request.params.id, reply.raw);
      try {
        await stream.open(request.headers['last-event-id'] ?? request.query.lastEventId);
      } catch (error) {
        ctx.log.error({ err: error }, 'listening stream: could not open');
        if (!reply.raw.headersSent) {
          reply.raw.writeHead(500, { 'content-type': 'application/json' });
          reply.raw.end(
            JSON.stringify({ error: { code: 'internal', message: `Something went wrong on our side (request ${request.id}).` } }),
          );
        }
        stream.close();
      }
      return reply;
    },
  );
};
