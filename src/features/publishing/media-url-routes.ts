import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { forbidden, notFound } from '../../kit/errors.js';
import { ZErrorBody } from '../../kit/http.js';
import { MediaMissingError } from '../../kit/media-storage.js';
import { verifyMediaUrl } from './media-url.js';

// Lenient on purpose: a missing or malformed part is a bad link (403), not a bad request (400).
const ZMediaUrlQuery = z.object({
  exp: z.string().max(20).optional(),
  type: z.string().max(100).optional(),
  sig: z.string().max(100).optional(),
});

/**
 * `GET /media/public/:key`: media files at signed, expiring URLs (media-url.ts), for networks that
 * fetch images themselves (Instagram, Threads). No session: the signature is the permission.
 */
export const publicMediaRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.kanaal;

  app.get(
    '/media/public/:key',
    {
      schema: {
        tags: ['publishing'],
        security: [],
        description:
          'A media file at a signed URL made by Kanaal (valid until `exp`, served as `type`). Public: 403 when the signature does not hold or has expired, 404 when the file is gone.',
        params: z.object({ key: z.string().min(1).max(512) }),
        querystring: ZMediaUrlQuery,
        produces: ['image/*', 'video/*'],
        // The bytes go out as they are: Fastify never serialises a Buffer, whatever the schema says.
        response: { 200: z.any().describe('The file itself, as `type`.'), 403: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request, reply) => {
      const now = Date.now();
      const check = verifyMediaUrl(ctx.keyring, { storageKey: request.params.key, ...request.query }, now);
      if (!check.ok) throw forbidden(check.reason === 'expired' ? 'This media link has expired.' : 'This media link is not valid.');
      let bytes: Buffer;
      try {
        bytes = await ctx.mediaStorage.get(request.params.key);
      } catch (error) {
        if (error instanceof MediaMissingError) throw notFound('Media');
        throw error;
      }
      // A cache may keep the file only as long as the link is valid, and only for this requester.
      const remaining = Math.max(0, check.expiresAt - Math.ceil(now / 1000));
      return reply
        .header('content-type', check.mimeType)
        .header('cache-control', `private, max-age=${remaining}`)
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(bytes);
    },
  );
};
