import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

// To be written.
export const organisationRoutes: FastifyPluginAsyncZod = async () => {};
