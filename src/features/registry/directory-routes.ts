import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../kit/errors.js';
import { ZErrorBody } from '../../kit/http.js';
import { ZContentLanguage, ZNetwork } from './channel-schemas.js';
import { renderDirectoryHtml } from './directory-html.js';
import { buildDirectory, ZDirectory } from './directory-service.js';
import { localName, pickLang, UI_LANGS } from './registry-i18n.js';

// Public and identical for everyone: caches and the CDN may keep it for five minutes.
const PUBLIC_CACHE = 'public, max-age=300';
const ZSlug = z.string().trim().toLowerCase().max(100);

const ZDirectoryQuery = z.object({
  organisation: ZSlug.optional(),
  network: ZNetwork.optional(),
  /** Content language: only channels that post in it. */
  lang: ZContentLanguage.optional(),
  q: z.string().trim().max(200).optional(),
});

// On the page `lang` is the language of the page itself; `language` filters channels.
const ZDirectoryPageQuery = z.object({
  lang: z.string().optional(),
  q: z.string().trim().max(200).optional(),
  network: z.union([ZNetwork, z.literal('')]).optional(),
  organisation: ZSlug.optional(),
  language: z.union([ZContentLanguage, z.literal('')]).optional(),
});

/** The public directory of official accounts: no sign-in, JSON and an accessible HTML page. */
export const directoryRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.kanaal;

  app.get(
    '/api/public/directory',
    {
      schema: {
        tags: ['directory'],
        security: [],
        querystring: ZDirectoryQuery,
        response: { 200: ZDirectory, 400: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request, reply) => {
      const { lang, ...rest } = request.query;
      const { scope: _scope, ...directory } = await buildDirectory(ctx.db, { ...rest, language: lang });
      reply.header('cache-control', PUBLIC_CACHE);
      return directory;
    },
  );

  app.get(
    '/directory',
    {
      schema: {
        tags: ['directory'],
        security: [],
        description: `Accessible HTML page; ?lang=${UI_LANGS.join('|')} picks the page language, ?q= searches.`,
        querystring: ZDirectoryPageQuery,
        produces: ['text/html'],
      },
    },
    async (request, reply) => {
      const query = request.query;
      const lang = pickLang(query.lang, request.headers['accept-language']);
      const network = query.network || undefined;
      reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', PUBLIC_CACHE).header('vary', 'Accept-Language');
      try {
        const directory = await buildDirectory(ctx.db, {
          organisation: query.organisation,
          network,
          language: query.language || undefined,
          q: query.q,
        });
        const heading = directory.scope ? localName(directory.scope.names, directory.scope.name, lang) : undefined;
        const keep = { organisation: query.organisation, language: query.language || undefined };
        return reply.send(renderDirectoryHtml(directory, { lang, q: query.q, network, keep, headingOrganisation: heading }));
      } catch (error) {
        if (error instanceof AppError && error.status === 404) {
          return reply
            .status(404)
            .send(renderDirectoryHtml({ generatedAt: new Date(), organisations: [] }, { lang, q: query.q, network, notFound: true }));
        }
        throw error;
      }
    },
  );
};
