import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { requireCaller } from '../../kit/auth/hooks.js';
import { badRequest } from '../../kit/errors.js';
import { ZErrorBody, ZIdParam } from '../../kit/http.js';
import { listCalendar, reschedulePost } from './calendar-service.js';
import { importPlanCsv } from './import-service.js';
import { getQueueSlots, nextFreeSlot, putQueueSlots } from './queue-service.js';
import {
  ZCalendar,
  ZCalendarQuery,
  ZNextFreeSlot,
  ZNextFreeSlotQuery,
  ZPlanImportQuery,
  ZPlanImportReport,
  ZQueueSlots,
  ZQueueSlotsBody,
  ZRescheduleBody,
  ZRescheduleResult,
} from './schemas.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody, 422: ZErrorBody };

/**
 * Planning: the editorial calendar across the organisations a person can read, moving a post to
 * another time, and queue slots per channel. Access is checked in the services.
 */
export const planningRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.kanaal;

  app.get(
    '/api/calendar',
    {
      schema: {
        tags: ['planning'],
        description: 'Posts planned in [from, to) (at most 100 days) in every organisation the caller may read, or in one organisation and its subtree; filters are combined with AND.',
        querystring: ZCalendarQuery,
        response: { 200: ZCalendar, ...errors },
      },
    },
    async (request) => listCalendar(ctx.db, requireCaller(request), request.query),
  );

  app.post(
    '/api/calendar/reschedule',
    {
      schema: {
        tags: ['planning'],
        description:
          'Moves a draft, in-review, approved or scheduled post to plannedAt, read in the organisation’s time zone (a time that does not exist there is a 422). A scheduled post’s publications move with it; a post already (being) published is a 409.',
        body: ZRescheduleBody,
        response: { 200: ZRescheduleResult, ...errors },
      },
    },
    async (request) => reschedulePost(ctx.db, requireCaller(request), request.body),
  );

  app.get(
    '/api/channels/:id/queue-slots',
    { schema: { tags: ['planning'], params: ZIdParam, response: { 200: ZQueueSlots, ...errors } } },
    async (request) => getQueueSlots(ctx.db, requireCaller(request), request.params.id),
  );

  app.put(
    '/api/channels/:id/queue-slots',
    {
      schema: {
        tags: ['planning'],
        description: 'Replaces the channel’s queue slots: weekday 0 (Sunday) to 6 and a wall-clock HH:MM in the organisation’s time zone.',
        params: ZIdParam,
        body: ZQueueSlotsBody,
        response: { 200: ZQueueSlots, ...errors },
      },
    },
    async (request) => putQueueSlots(ctx.db, requireCaller(request), request.params.id, request.body.slots),
  );

  app.get(
    '/api/channels/:id/next-free-slot',
    {
      schema: {
        tags: ['planning'],
        description: 'The first queue slot after `after` (default: now) with no post or publication on this channel; null when none within a year.',
        params: ZIdParam,
        querystring: ZNextFreeSlotQuery,
        response: { 200: ZNextFreeSlot, ...errors },
      },
    },
    async (request) => nextFreeSlot(ctx.db, requireCaller(request), request.params.id, request.query.after ? new Date(request.query.after) : new Date(), request.query.excludePostId),
  );

  app.post(
    '/api/calendar/import',
    {
      schema: {
        tags: ['planning'],
        description:
          'Body: CSV text (Content-Type: text/csv) with columns channel (handle), planned (local date-time in the organisation’s zone, e.g. 2030-05-04T09:30), text, language. dryRun defaults to true and reports each row; dryRun=false creates one draft post per row, all or nothing.',
        consumes: ['text/csv'],
        querystring: ZPlanImportQuery,
        response: { 200: ZPlanImportReport, ...errors },
      },
    },
    async (request) => {
      if (typeof request.body !== 'string') throw badRequest('Send the CSV as the request body with Content-Type: text/csv.');
      return importPlanCsv(ctx.db, requireCaller(request), request.query.organisationId, request.body, { dryRun: request.query.dryRun });
    },
  );
};
