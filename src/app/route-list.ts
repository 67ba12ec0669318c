import type { FastifyPluginAsync } from 'fastify';
import { authRoutes } from '../kit/auth/routes.js';
import { healthRoutes } from './health-routes.js';

/** Every route plugin, in one list: a feature registers here and nowhere else. */
export const ROUTES: FastifyPluginAsync[] = [healthRoutes, authRoutes];
