import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const ZHealth = z.object({
  status: z.enum(['ok', 'degraded']),
  db: z.enum(['ok', 'down']),
  queue: z.object({ pending: z.number(), lagSeconds: z.number() }).nullable(),
  version: z.string(),
});

/** `GET /api/health`: honest — 503 when the database or the job queue does not answer. */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get('/api/health', { schema: { tags: ['system'], security: [], response: { 200: ZHealth, 503: ZHealth } } }, async (_request, reply) => {
    const ctx = app.kanaal;
    let db: 'ok' | 'down' = 'ok';
    let queue: z.infer<typeof ZHealth>['queue'] = null;
    try {
      await ctx.database.query('SELECT 1');
    } catch {
      db = 'down';
    }
    let queueOk = ctx.queue !== null;
    if (ctx.queue && db === 'ok') {
      try {
        queue = await ctx.queue.stats();
      } catch {
        queueOk = false;
      }
    }
    const healthy = db === 'ok' && queueOk;
    return reply.status(healthy ? 200 : 503).send({ status: healthy ? 'ok' : 'degraded', db, queue, version: ctx.version });
  });
};
