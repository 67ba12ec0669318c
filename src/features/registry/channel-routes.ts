import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../kit/auth/hooks.js';
import { badRequest } from '../../kit/errors.js';
import { ZErrorBody, ZIdParam, ZOk } from '../../kit/http.js';
import { createAudience, deleteAudience, listAudiences, updateAudience } from './audience-service.js';
import { exportChannelsCsv, importChannelsCsv } from './channel-csv.js';
import {
  ZAudience,
  ZAudienceCreate,
  ZAudiencePatch,
  ZChannel,
  ZChannelCreate,
  ZChannelListQuery,
  ZChannelPatch,
  ZExportQuery,
  ZImportQuery,
  ZImportResult,
} from './channel-schemas.js';
import { createChannel, deleteChannel, getChannel, listChannels, updateChannel } from './channel-service.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody };

/** The channel registry: channels, their audiences catalogue, CSV import and export. */
export const channelRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.kanaal;

  // ─── Audiences ────────────────────────────────────────────────────────────
  app.get(
    '/api/organisations/:id/audiences',
    { schema: { tags: ['audiences'], params: ZIdParam, response: { 200: z.array(ZAudience), ...errors } } },
    async (request) => listAudiences(ctx.db, requireCaller(request), request.params.id),
  );

  app.post(
    '/api/organisations/:id/audiences',
    { schema: { tags: ['audiences'], params: ZIdParam, body: ZAudienceCreate, response: { 201: ZAudience, ...errors } } },
    async (request, reply) => reply.status(201).send(await createAudience(ctx.db, requireCaller(request), request.params.id, request.body)),
  );

  app.patch(
    '/api/audiences/:id',
    { schema: { tags: ['audiences'], params: ZIdParam, body: ZAudiencePatch, response: { 200: ZAudience, ...errors } } },
    async (request) => updateAudience(ctx.db, requireCaller(request), request.params.id, request.body),
  );

  app.delete(
    '/api/audiences/:id',
    { schema: { tags: ['audiences'], params: ZIdParam, response: { 200: ZOk, ...errors } } },
    async (request) => {
      await deleteAudience(ctx.db, requireCaller(request), request.params.id);
      return { ok: true as const };
    },
  );

  // ─── Channels ─────────────────────────────────────────────────────────────
  app.get(
    '/api/channels',
    { schema: { tags: ['channels'], querystring: ZChannelListQuery, response: { 200: z.array(ZChannel), ...errors } } },
    async (request) => listChannels(ctx.db, requireCaller(request), request.query),
  );

  app.post(
    '/api/channels',
    { schema: { tags: ['channels'], body: ZChannelCreate, response: { 201: ZChannel, ...errors } } },
    async (request, reply) => reply.status(201).send(await createChannel(ctx.db, requireCaller(request), request.body)),
  );

  // Registered before /api/channels/:id so that "export.csv" is never read as an id.
  app.get(
    '/api/channels/export.csv',
    {
      schema: {
        tags: ['channels'],
        querystring: ZExportQuery,
        produces: ['text/csv'],
        response: { 200: z.string(), 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request, reply) => {
      const csv = await exportChannelsCsv(ctx.db, requireCaller(request), request.query);
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="kanaal-channels-${day}.csv"`)
        .send(csv);
    },
  );

  app.post(
    '/api/channels/import',
    {
      schema: {
        tags: ['channels'],
        description: 'Body: CSV text (Content-Type: text/csv). dryRun defaults to true: nothing is written until dryRun=false.',
        consumes: ['text/csv'],
        querystring: ZImportQuery,
        body: z.string(),
        response: { 200: ZImportResult, 422: ZErrorBody, ...errors },
      },
    },
    async (request) => {
      if (typeof request.body !== 'string') throw badRequest('Send the CSV as the request body with Content-Type: text/csv.');
      return importChannelsCsv(ctx.db, requireCaller(request), request.body, request.query);
    },
  );

  app.get(
    '/api/channels/:id',
    { schema: { tags: ['channels'], params: ZIdParam, response: { 200: ZChannel, ...errors } } },
    async (request) => getChannel(ctx.db, requireCaller(request), request.params.id),
  );

  app.patch(
    '/api/channels/:id',
    { schema: { tags: ['channels'], params: ZIdParam, body: ZChannelPatch, response: { 200: ZChannel, ...errors } } },
    async (request) => updateChannel(ctx.db, requireCaller(request), request.params.id, request.body),
  );

  app.delete(
    '/api/channels/:id',
    { schema: { tags: ['channels'], params: ZIdParam, response: { 200: ZOk, ...errors } } },
    async (request) => {
      await deleteChannel(ctx.db, requireCaller(request), request.params.id);
      return { ok: true as const };
    },
  );
};
