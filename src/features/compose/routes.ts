import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireAccess } from '../../kit/access.js';
import { requireCaller } from '../../kit/auth/hooks.js';
import { ZErrorBody, ZIdParam } from '../../kit/http.js';
import { MAX_UPLOAD_BYTES, listMedia, updateMediaAltTexts, uploadMedia } from './media-service.js';
import { createPost, getPost, listPosts, updatePost } from './post-service.js';
import { schedulePost } from './schedule-service.js';
import {
  ZComposeSettings,
  ZMedia,
  ZMediaPatch,
  ZMediaUploadQuery,
  ZPost,
  ZPostCreate,
  ZPostListQuery,
  ZPostPatch,
  ZPreview,
  ZScheduleBody,
} from './schemas.js';
import { loadPost, previewContent } from './service.js';
import { getComposeSettings, putComposeSettings } from './settings-service.js';

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody, 422: ZErrorBody };

/**
 * Compose: posts with language and per-channel variants, the live preview, the media library,
 * lint/UTM settings, and scheduling an approved post. Access is checked in the services
 * (compose.read to look, compose.write to write; settings need approvals.manage).
 */
export const composeRoutes: FastifyPluginAsyncZod = async (app) => {
  const ctx = app.kanaal;
  const deps = { mailer: ctx.mailer, publicUrl: ctx.config.publicUrl };
  // Media uploads are the raw file bytes (no multipart parser is installed); only these routes see them.
  // Fastify matches content types literally or by one RegExp: 'image/*' as a string never matches image/png.
  app.addContentTypeParser(
    /^(application\/octet-stream|image\/[\w.+-]+|video\/[\w.+-]+)$/,
    { parseAs: 'buffer', bodyLimit: MAX_UPLOAD_BYTES },
    (_req, body, done) => done(null, body),
  );

  app.get(
    '/api/organisations/:id/posts',
    { schema: { tags: ['compose'], params: ZIdParam, querystring: ZPostListQuery, response: { 200: z.array(ZPost), ...errors } } },
    async (request) => listPosts(ctx.db, requireCaller(request), request.params.id, request.query.state),
  );

  app.post(
    '/api/organisations/:id/posts',
    { schema: { tags: ['compose'], params: ZIdParam, body: ZPostCreate, response: { 201: ZPost, ...errors } } },
    async (request, reply) => reply.status(201).send(await createPost(ctx.db, requireCaller(request), request.params.id, request.body)),
  );

  app.get(
    '/api/posts/:id',
    { schema: { tags: ['compose'], params: ZIdParam, response: { 200: ZPost, ...errors } } },
    async (request) => getPost(ctx.db, requireCaller(request), request.params.id),
  );

  app.patch(
    '/api/posts/:id',
    {
      schema: {
        tags: ['compose'],
        description: 'Edits a draft, in-review or approved post. A content change bumps the version; a post in review or approved goes back to review.',
        params: ZIdParam,
        body: ZPostPatch,
        response: { 200: ZPost, ...errors },
      },
    },
    async (request) => updatePost(ctx.db, deps, requireCaller(request), request.params.id, request.body),
  );

  app.post(
    '/api/posts/:id/preview',
    {
      schema: {
        tags: ['compose'],
        description:
          'Per channel: the final text (UTM-tagged), its count, network limit issues and lint findings. An optional body previews unsaved content (same fields as PATCH) without saving it.',
        params: ZIdParam,
        body: ZPostPatch.optional(),
        response: { 200: ZPreview, ...errors },
      },
    },
    async (request) => {
      const caller = requireCaller(request);
      const content = await loadPost(ctx.db, request.params.id);
      await requireAccess(ctx.db, caller, content.post.organisationId, 'compose.read');
      const draft = request.body ?? {};
      return previewContent(ctx.db, {
        post: { ...content.post, ...(draft.baseText !== undefined ? { baseText: draft.baseText } : {}), ...(draft.title !== undefined ? { title: draft.title } : {}), ...(draft.topic !== undefined ? { topic: draft.topic } : {}) },
        texts: draft.texts ?? content.texts,
        channels: draft.channels
          ? draft.channels.map((c) => ({ channelId: c.channelId, textOverride: c.textOverride ?? null, mediaIds: c.mediaIds }))
          : content.channels,
      });
    },
  );

  app.post(
    '/api/posts/:id/schedule',
    {
      schema: {
        tags: ['compose'],
        description: 'Approved → scheduled: one publication per channel, due at plannedAt in the organisation’s time zone.',
        params: ZIdParam,
        body: ZScheduleBody,
        response: { 200: ZPost.extend({ publicationIds: z.array(z.string()) }), ...errors },
      },
    },
    async (request) => schedulePost(ctx.db, requireCaller(request), request.params.id, request.body.plannedAt),
  );

  app.get(
    '/api/organisations/:id/media',
    { schema: { tags: ['compose'], params: ZIdParam, response: { 200: z.array(ZMedia), ...errors } } },
    async (request) => listMedia(ctx.db, requireCaller(request), request.params.id),
  );

  app.post(
    '/api/organisations/:id/media',
    {
      bodyLimit: MAX_UPLOAD_BYTES,
      schema: {
        tags: ['compose'],
        description:
          'Uploads one file: the request body is the file itself (Content-Type application/octet-stream or the file’s own image/* or video/* type), with ?fileName=&mimeType=. Alt texts are set afterwards with PATCH /api/media/{id}.',
        params: ZIdParam,
        querystring: ZMediaUploadQuery,
        response: { 201: ZMedia, ...errors },
      },
    },
    async (request, reply) => {
      const caller = requireCaller(request);
      const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const media = await uploadMedia(ctx.db, ctx.mediaStorage, caller, request.params.id, { ...request.query, bytes });
      return reply.status(201).send(media);
    },
  );

  app.patch(
    '/api/media/:id',
    { schema: { tags: ['compose'], params: ZIdParam, body: ZMediaPatch, response: { 200: ZMedia, ...errors } } },
    async (request) => updateMediaAltTexts(ctx.db, requireCaller(request), request.params.id, request.body.altTexts),
  );

  app.get(
    '/api/organisations/:id/compose-settings',
    { schema: { tags: ['compose'], params: ZIdParam, response: { 200: ZComposeSettings, ...errors } } },
    async (request) => getComposeSettings(ctx.db, requireCaller(request), request.params.id),
  );

  app.put(
    '/api/organisations/:id/compose-settings',
    { schema: { tags: ['compose'], params: ZIdParam, body: ZComposeSettings, response: { 200: ZComposeSettings, ...errors } } },
    async (request) => putComposeSettings(ctx.db, requireCaller(request), request.params.id, request.body),
  );
};
