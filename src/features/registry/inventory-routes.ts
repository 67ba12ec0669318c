import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

// To be written.
export const inventoryRoutes: FastifyPluginAsyncZod = async () => {};
