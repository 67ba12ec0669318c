import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../kit/auth/hooks.js';
import { AppError } from '../../kit/errors.js';
import { ZErrorBody } from '../../kit/http.js';
import { ZUiLang } from './channel-schemas.js';
import { renderErrorHtml, renderInventoryHtml } from './inventory-print.js';
import { buildInventory, inventoryCsv, ZInventory } from './inventory-service.js';
import { pickLang } from './registry-i18n.js';

const ZInventoryQuery = z.object({ organisationId: z.uuid(), lang: ZUiLang.optional() });
const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody };

/** The channel inventory of an organisation subtree: JSON, CSV and a page to print. */
export const inventoryRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.kanaal;

  app.get(
    '/api/reports/inventory',
    { schema: { tags: ['reports'], querystring: ZInventoryQuery, response: { 200: ZInventory, ...errors } } },
    async (request) => {
      const lang = pickLang(request.query.lang, request.headers['accept-language']);
      const { timeZone: _tz, ...report } = await buildInventory(ctx.db, requireCaller(request), request.query.organisationId, lang);
      return report;
    },
  );

  app.get(
    '/api/reports/inventory.csv',
    { schema: { tags: ['reports'], querystring: ZInventoryQuery, produces: ['text/csv'], response: { 200: z.string(), ...errors } } },
    async (request, reply) => {
      const lang = pickLang(request.query.lang, request.headers['accept-language']);
      const report = await buildInventory(ctx.db, requireCaller(request), request.query.organisationId, lang);
      const day = report.generatedAt.toISOString().slice(0, 10);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="kanaal-inventory-${day}.csv"`)
        .send(inventoryCsv(report));
    },
  );

  app.get(
    '/reports/inventory/print',
    {
      schema: {
        tags: ['reports'],
        description: 'Print-friendly HTML page of the inventory (session cookie or bearer token).',
        querystring: ZInventoryQuery,
        produces: ['text/html'],
      },
    },
    async (request, reply) => {
      const lang = pickLang(request.query.lang, request.headers['accept-language']);
      reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'private, no-store');
      try {
        const report = await buildInventory(ctx.db, requireCaller(request), request.query.organisationId, lang);
        return reply.send(renderInventoryHtml(report));
      } catch (error) {
        // A person opened this in a browser tab: answer with a page, not JSON.
        if (error instanceof AppError) return reply.status(error.status).send(renderErrorHtml(lang, error.status, error.message));
        throw error;
      }
    },
  );
};
