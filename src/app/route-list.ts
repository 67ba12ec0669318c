import type { FastifyPluginAsync } from 'fastify';
import { approvalRoutes } from '../features/approvals/routes.js';
import { auditRoutes } from '../features/audit/routes.js';
import { composeRoutes } from '../features/compose/routes.js';
import { planningRoutes } from '../features/planning/routes.js';
import { listeningRoutes } from '../features/listening/routes.js';
import { alertRoutes } from '../features/listening/alert-routes.js';
import { claimRoutes } from '../features/listening/claims-routes.js';
import { impersonationRoutes } from '../features/listening/impersonation-routes.js';
import { peopleRoutes } from '../features/people/routes.js';
import { publicMediaRoutes } from '../features/publishing/media-url-routes.js';
import { connectionRoutes } from '../features/connections/routes.js';
import { publishingRoutes } from '../features/publishing/routes.js';
import { channelRoutes } from '../features/registry/channel-routes.js';
import { directoryRoutes } from '../features/registry/directory-routes.js';
import { inventoryRoutes } from '../features/registry/inventory-routes.js';
import { organisationRoutes } from '../features/registry/organisation-routes.js';
import { accountRoutes } from '../kit/auth/account-routes.js';
import { authRoutes } from '../kit/auth/routes.js';
import { healthRoutes } from './health-routes.js';

/** Every route plugin, in one list: a feature registers here and nowhere else. */
export const ROUTES: FastifyPluginAsync[] = [
  healthRoutes,
  authRoutes,
  accountRoutes,
  organisationRoutes,
  peopleRoutes,
  channelRoutes,
  inventoryRoutes,
  directoryRoutes,
  auditRoutes,
  publishingRoutes,
  connectionRoutes,
  publicMediaRoutes,
  composeRoutes,
  approvalRoutes,
  planningRoutes,
  listeningRoutes,
  alertRoutes,
  impersonationRoutes,
  claimRoutes,
];
