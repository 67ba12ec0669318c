import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../kit/auth/hooks.js';
import { ZIdParam, ZOk } from '../../kit/http.js';
import {
  ZOrganisation,
  ZOrganisationCreate,
  ZOrganisationDetail,
  ZOrganisationListItem,
  ZOrganisationPatch,
} from './organisation-schemas.js';
import { createOrganisation, deleteOrganisation, getOrganisation, listOrganisations, updateOrganisation } from './organisation-service.js';

/** The organisation tree: list, create, read, change (incl. moving), delete. */
export const organisationRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.kanaal;
  const tags = ['organisations'];

  app.get('/api/organisations', { schema: { tags, response: { 200: z.array(ZOrganisationListItem) } } }, async (request) => {
    return listOrganisations(db, requireCaller(request));
  });

  app.post(
    '/api/organisations',
    { schema: { tags, body: ZOrganisationCreate, response: { 201: ZOrganisation } } },
    async (request, reply) => {
      const created = await createOrganisation(db, requireCaller(request), request.body);
      return reply.status(201).send(created);
    },
  );

  app.get('/api/organisations/:id', { schema: { tags, params: ZIdParam, response: { 200: ZOrganisationDetail } } }, async (request) => {
    return getOrganisation(db, requireCaller(request), request.params.id);
  });

  app.patch(
    '/api/organisations/:id',
    { schema: { tags, params: ZIdParam, body: ZOrganisationPatch, response: { 200: ZOrganisation } } },
    async (request) => {
      return updateOrganisation(db, requireCaller(request), request.params.id, request.body);
    },
  );

  app.delete('/api/organisations/:id', { schema: { tags, params: ZIdParam, response: { 200: ZOk } } }, async (request) => {
    await deleteOrganisation(db, requireCaller(request), request.params.id);
    return { ok: true as const };
  });
};
