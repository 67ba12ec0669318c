import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../kit/auth/hooks.js';
import { ZErrorBody, ZIdParam, ZOk } from '../../kit/http.js';
import { EXPORT_MAX_ROWS, exportMentionsCsv } from './mention-export.js';
import { getMention, searchMentions } from './mention-search.js';
import { pollSourceNow } from './poll.js';
import {
  ZListeningSettings,
  ZListeningSettingsInput,
  ZListeningSource,
  ZLiveTestBody,
  ZLiveTestResult,
  ZMention,
  ZMentionPage,
  ZMentionExportQuery,
  ZMentionQuery,
  ZOrganisationIdParam,
  ZParseResult,
  ZPollOutcome,
  ZQueryBody,
  ZSourceInput,
  ZSourcePatch,
  ZWatchlist,
  ZWatchlistInput,
  ZWatchlistPatch,
} from './schemas.js';
import { getListeningSettings, updateListeningSettings } from './settings-service.js';
import { createSource, deleteSource, getSource, listSources, updateSource } from './source-service.js';
import {
  createWatchlist,
  deleteWatchlist,
  getWatchlist,
  listWatchlists,
  liveTestQuery,
  parseWatchQuery,
  updateWatchlist,
} from './watchlist-service.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody, 422: ZErrorBody };
const tags = ['listening'];

/**
 * Listening: sources, watchlists, mentions, settings. Reading needs `listening.read`; changing
 * sources, watchlists and settings (and "poll now") needs `listening.manage`.
 */
export const listeningRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.kanaal;

  // --- sources -------------------------------------------------------------------------------
  app.get(
    '/api/organisations/:id/listening-sources',
    { schema: { tags, params: ZOrganisationIdParam, response: { 200: z.array(ZListeningSource), ...errors } } },
    async (request) => listSources(ctx, requireCaller(request), request.params.id),
  );
  app.post(
    '/api/organisations/:id/listening-sources',
    { schema: { tags, params: ZOrganisationIdParam, body: ZSourceInput, response: { 201: ZListeningSource, ...errors } } },
    async (request, reply) => reply.code(201).send(await createSource(ctx, requireCaller(request), request.params.id, request.body)),
  );
  app.get(
    '/api/listening-sources/:id',
    { schema: { tags, params: ZIdParam, response: { 200: ZListeningSource, ...errors } } },
    async (request) => getSource(ctx, requireCaller(request), request.params.id),
  );
  app.patch(
    '/api/listening-sources/:id',
    { schema: { tags, params: ZIdParam, body: ZSourcePatch, response: { 200: ZListeningSource, ...errors } } },
    async (request) => updateSource(ctx, requireCaller(request), request.params.id, request.body),
  );
  app.delete('/api/listening-sources/:id', { schema: { tags, params: ZIdParam, response: { 200: ZOk, ...errors } } }, async (request) => {
    await deleteSource(ctx, requireCaller(request), request.params.id);
    return { ok: true as const };
  });
  // "Check now": reads a feed, page or own-mentions source at once (streams read continuously).
  app.post(
    '/api/listening-sources/:id/poll',
    { schema: { tags, params: ZIdParam, response: { 200: ZPollOutcome, ...errors } } },
    async (request) => pollSourceNow(ctx, requireCaller(request), request.params.id),
  );

  // --- watchlists ----------------------------------------------------------------------------
  app.get(
    '/api/organisations/:id/watchlists',
    { schema: { tags, params: ZOrganisationIdParam, response: { 200: z.array(ZWatchlist), ...errors } } },
    async (request) => listWatchlists(ctx, requireCaller(request), request.params.id),
  );
  app.post(
    '/api/organisations/:id/watchlists',
    { schema: { tags, params: ZOrganisationIdParam, body: ZWatchlistInput, response: { 201: ZWatchlist, ...errors } } },
    async (request, reply) => reply.code(201).send(await createWatchlist(ctx, requireCaller(request), request.params.id, request.body)),
  );
  // Live feedback for the query editor: every error with its [start, end) in the query.
  app.post(
    '/api/organisations/:id/watchlists/parse',
    { schema: { tags, params: ZOrganisationIdParam, body: ZQueryBody, response: { 200: ZParseResult, ...errors } } },
    async (request) => parseWatchQuery(ctx, requireCaller(request), request.params.id, request.body.query),
  );
  // Runs an unsaved query on the latest stored mentions.
  app.post(
    '/api/organisations/:id/watchlists/test',
    { schema: { tags, params: ZOrganisationIdParam, body: ZLiveTestBody, response: { 200: ZLiveTestResult, ...errors } } },
    async (request) => liveTestQuery(ctx, requireCaller(request), request.params.id, request.body),
  );
  app.get('/api/watchlists/:id', { schema: { tags, params: ZIdParam, response: { 200: ZWatchlist, ...errors } } }, async (request) =>
    getWatchlist(ctx, requireCaller(request), request.params.id),
  );
  app.patch(
    '/api/watchlists/:id',
    { schema: { tags, params: ZIdParam, body: ZWatchlistPatch, response: { 200: ZWatchlist, ...errors } } },
    async (request) => updateWatchlist(ctx, requireCaller(request), request.params.id, request.body),
  );
  app.delete('/api/watchlists/:id', { schema: { tags, params: ZIdParam, response: { 200: ZOk, ...errors } } }, async (request) => {
    await deleteWatchlist(ctx, requireCaller(request), request.params.id);
    return { ok: true as const };
  });

  // --- mentions ------------------------------------------------------------------------------
  app.get('/api/mentions', { schema: { tags, querystring: ZMentionQuery, response: { 200: ZMentionPage, ...errors } } }, async (request) =>
    searchMentions(ctx, requireCaller(request), request.query),
  );
  // Registered before /api/mentions/:id so that "export.csv" is never read as an id.
  app.get(
    '/api/mentions/export.csv',
    {
      schema: {
        tags,
        description: `The filtered mentions as CSV (UTF-8 with BOM), newest first, at most ${EXPORT_MAX_ROWS}; the header X-Kanaal-Truncated says when there were more. Audited.`,
        querystring: ZMentionExportQuery,
        produces: ['text/csv'],
        response: { 200: z.string(), ...errors },
      },
    },
    async (request, reply) => {
      const { lang, ...filters } = request.query;
      const exported = await exportMentionsCsv(ctx, requireCaller(request), filters, lang);
      const day = new Date().toISOString().slice(0, 10);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="kanaal-mentions-${day}.csv"`)
        .header('x-kanaal-truncated', exported.truncated ? 'true' : 'false')
        .send(exported.csv);
    },
  );
  app.get('/api/mentions/:id', { schema: { tags, params: ZIdParam, response: { 200: ZMention, ...errors } } }, async (request) =>
    getMention(ctx, requireCaller(request), request.params.id),
  );

  // --- settings ------------------------------------------------------------------------------
  app.get(
    '/api/organisations/:id/listening-settings',
    { schema: { tags, params: ZOrganisationIdParam, response: { 200: ZListeningSettings, ...errors } } },
    async (request) => getListeningSettings(ctx, requireCaller(request), request.params.id),
  );
  app.put(
    '/api/organisations/:id/listening-settings',
    { schema: { tags, params: ZOrganisationIdParam, body: ZListeningSettingsInput, response: { 200: ZListeningSettings, ...errors } } },
    async (request) => updateListeningSettings(ctx, requireCaller(request), request.params.id, request.body),
  );
};
