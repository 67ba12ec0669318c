import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../kit/auth/hooks.js';
import { ZErrorBody } from '../../kit/http.js';
import { ZChannelIdParam, ZCallbackQuery, ZConnectionStatus, ZFormConnect, ZHealthQuery, ZOAuthStart, ZOAuthStarted } from './schemas.js';
import {
  beginOAuthConnection,
  CALLBACK_PATH,
  checkConnection,
  completeOAuthConnection,
  connectWithForm,
  disconnectChannel,
  getConnectionStatus,
  listChannelHealth,
} from './service.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 422: ZErrorBody, 429: ZErrorBody };

/**
 * Connecting channels to their accounts and the channel health page. Looking needs
 * `publishing.read`; connecting, checking and disconnecting need `channels.connect`.
 */
export const connectionRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.kanaal;

  app.get(
    '/api/channel-health',
    { schema: { tags: ['connections'], querystring: ZHealthQuery, response: { 200: z.array(ZConnectionStatus), ...errors } } },
    async (request) => listChannelHealth(ctx, requireCaller(request), request.query),
  );

  app.get(
    '/api/channels/:channelId/connection',
    { schema: { tags: ['connections'], params: ZChannelIdParam, response: { 200: ZConnectionStatus, ...errors } } },
    async (request) => getConnectionStatus(ctx, requireCaller(request), request.params.channelId),
  );

  app.post(
    '/api/channels/:channelId/connection/oauth',
    { schema: { tags: ['connections'], params: ZChannelIdParam, body: ZOAuthStart, response: { 200: ZOAuthStarted, ...errors } } },
    async (request) => beginOAuthConnection(ctx, requireCaller(request), request.params.channelId, request.body),
  );

  app.post(
    '/api/channels/:channelId/connection/form',
    { schema: { tags: ['connections'], params: ZChannelIdParam, body: ZFormConnect, response: { 200: ZConnectionStatus, ...errors } } },
    async (request) => connectWithForm(ctx, requireCaller(request), request.params.channelId, request.body.values),
  );

  app.post(
    '/api/channels/:channelId/connection/check',
    { schema: { tags: ['connections'], params: ZChannelIdParam, response: { 200: ZConnectionStatus, ...errors } } },
    async (request) => checkConnection(ctx, requireCaller(request), request.params.channelId),
  );

  app.delete(
    '/api/channels/:channelId/connection',
    { schema: { tags: ['connections'], params: ZChannelIdParam, response: { 200: ZConnectionStatus, ...errors } } },
    async (request) => disconnectChannel(ctx, requireCaller(request), request.params.channelId),
  );

  // The network sends the browser back here; the answer is always a redirect to the health page,
  // which says what happened (the code and state never reach the web app).
  app.get(
    CALLBACK_PATH,
    { schema: { tags: ['connections'], querystring: ZCallbackQuery, response: { 302: z.null(), ...errors } } },
    async (request, reply) => {
      const result = await completeOAuthConnection(ctx, requireCaller(request), request.query);
      const target = new URLSearchParams({ connection: result.outcome });
      if (result.channelId) target.set('channel', result.channelId);
      if (result.message) target.set('message', result.message.slice(0, 500));
      return reply.redirect(`/channels/health?${target}`, 302);
    },
  );
};
