import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../kit/auth/hooks.js';
import { ZIdParam, ZOk } from '../../kit/http.js';
import { ZMember, ZMemberAdd, ZMemberParams, ZUser, ZUserCreate, ZUserPatch, ZUserQuery } from './schemas.js';
import { addMember, createUser, listMembers, listUsers, removeMember, updateUser } from './service.js';

/** People and roles: who holds which role on an organisation, and the accounts themselves. */
export const peopleRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.kanaal;
  const tags = ['people'];

  app.get('/api/organisations/:id/members', { schema: { tags, params: ZIdParam, response: { 200: z.array(ZMember) } } }, async (request) => {
    return listMembers(db, requireCaller(request), request.params.id);
  });

  app.post(
    '/api/organisations/:id/members',
    { schema: { tags, params: ZIdParam, body: ZMemberAdd, response: { 201: ZMember } } },
    async (request, reply) => {
      const member = await addMember(db, requireCaller(request), request.params.id, request.body);
      return reply.status(201).send(member);
    },
  );

  app.delete(
    '/api/organisations/:id/members/:membershipId',
    { schema: { tags, params: ZMemberParams, response: { 200: ZOk } } },
    async (request) => {
      await removeMember(db, requireCaller(request), request.params.id, request.params.membershipId);
      return { ok: true as const };
    },
  );

  app.get('/api/users', { schema: { tags, querystring: ZUserQuery, response: { 200: z.array(ZUser) } } }, async (request) => {
    return listUsers(db, requireCaller(request), request.query.q || undefined);
  });

  app.post('/api/users', { schema: { tags, body: ZUserCreate, response: { 201: ZUser } } }, async (request, reply) => {
    const user = await createUser(db, requireCaller(request), request.body);
    return reply.status(201).send(user);
  });

  app.patch('/api/users/:id', { schema: { tags, params: ZIdParam, body: ZUserPatch, response: { 200: ZUser } } }, async (request) => {
    return updateUser(db, requireCaller(request), request.params.id, request.body);
  });
};
