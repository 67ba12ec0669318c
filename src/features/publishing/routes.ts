import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../kit/auth/hooks.js';
import { ZErrorBody, ZIdParam } from '../../kit/http.js';
import { cancelHeld, listHeld, rescheduleHeld, resumeHeld } from './held.js';
import { liftPause, listPauses, pausePublishing } from './pause.js';
import {
  ZHeldAction,
  ZHeldQuery,
  ZHeldReschedule,
  ZHeldResult,
  ZLiftBody,
  ZPause,
  ZPauseCreate,
  ZPauseListQuery,
  ZPublication,
  ZPublicationDetail,
  ZPublicationListQuery,
} from './schemas.js';
import { getPublication, listPublications } from './service.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody, 422: ZErrorBody };

/**
 * Publications (read-only here: compose creates them) and the crisis pause. Every handler checks
 * access in the service it calls (kit/access.ts): `publishing.read` to look, `publishing.pause`
 * (admin, editor in chief; superadmin for scope `all`) to pause, lift and handle held rows.
 */
export const publishingRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.kanaal;

  app.get(
    '/api/publications',
    { schema: { tags: ['publishing'], querystring: ZPublicationListQuery, response: { 200: z.array(ZPublication), ...errors } } },
    async (request) => listPublications(ctx.db, requireCaller(request), request.query),
  );

  app.get(
    '/api/publications/:id',
    { schema: { tags: ['publishing'], params: ZIdParam, response: { 200: ZPublicationDetail, ...errors } } },
    async (request) => getPublication(ctx.db, requireCaller(request), request.params.id),
  );

  app.post(
    '/api/pauses',
    {
      schema: {
        tags: ['publishing'],
        description: 'Pauses publishing for a scope. Returns once nothing in scope can leave any more (sends in flight have finished).',
        body: ZPauseCreate,
        response: { 201: ZPause, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await pausePublishing(ctx.database, requireCaller(request), request.body)),
  );

  app.get(
    '/api/pauses',
    { schema: { tags: ['publishing'], querystring: ZPauseListQuery, response: { 200: z.array(ZPause), ...errors } } },
    async (request) => listPauses(ctx.db, requireCaller(request), { active: request.query.active }),
  );

  app.post(
    '/api/pauses/:id/lift',
    { schema: { tags: ['publishing'], params: ZIdParam, body: ZLiftBody, response: { 200: ZPause, ...errors } } },
    async (request) => liftPause(ctx.db, requireCaller(request), request.params.id, request.body),
  );

  app.get(
    '/api/pauses/held',
    { schema: { tags: ['publishing'], querystring: ZHeldQuery, response: { 200: z.array(ZPublication), ...errors } } },
    async (request) => listHeld(ctx.db, requireCaller(request), request.query),
  );

  app.post(
    '/api/pauses/held/resume',
    {
      schema: {
        tags: ['publishing'],
        description: 'Held → scheduled, at dueAt or at the original time (a time already past goes out at once).',
        body: ZHeldAction,
        response: { 200: ZHeldResult, ...errors },
      },
    },
    async (request) => ({ publications: await resumeHeld(ctx.db, requireCaller(request), request.body) }),
  );

  app.post(
    '/api/pauses/held/reschedule',
    { schema: { tags: ['publishing'], body: ZHeldReschedule, response: { 200: ZHeldResult, ...errors } } },
    async (request) => ({ publications: await rescheduleHeld(ctx.db, requireCaller(request), request.body) }),
  );

  app.post(
    '/api/pauses/held/cancel',
    { schema: { tags: ['publishing'], body: ZHeldAction, response: { 200: ZHeldResult, ...errors } } },
    async (request) => ({ publications: await cancelHeld(ctx.db, requireCaller(request), request.body) }),
  );
};
