import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { installAuthHooks } from '../kit/auth/hooks.js';
import { AppError, type FieldError, isForeignKeyViolation, isUniqueViolation } from '../kit/errors.js';
import { fieldErrorOfValidation } from '../kit/field-errors.js';
import type { AppContext } from './context.js';
import { ROUTES } from './route-list.js';

const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

/** Builds the HTTP server: API, OpenAPI document, public directory and the web app. Does not listen. */
export async function buildServer(ctx: AppContext, options: { logger?: boolean } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger === false ? false : {
      level: ctx.config.logLevel,
      redact: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-csrf-token"]', '*.password', '*.token', '*.secret'],
    },
    trustProxy: true,
    bodyLimit: 10 * 1024 * 1024,
    genReqId: () => crypto.randomUUID(),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('kanaal', ctx);
  // CSV import bodies arrive as text/csv.
  app.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => done(null, body));

  app.setErrorHandler((error, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const fields: FieldError[] = error.validation.map(fieldErrorOfValidation);
      return reply.status(400).send({
        error: { code: 'bad_request', message: `Invalid ${error.validationContext ?? 'request'}: ${fields.map((f) => f.path || '(body)').join(', ')}`, fields },
      });
    }
    if (error instanceof AppError) {
      if (error.retryAfterSeconds) reply.header('retry-after', String(error.retryAfterSeconds));
      return reply.status(error.status).send({ error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) } });
    }
    if (isUniqueViolation(error)) {
      return reply.status(409).send({ error: { code: 'conflict', message: 'This already exists.' } });
    }
    if (isForeignKeyViolation(error)) {
      return reply.status(409).send({ error: { code: 'conflict', message: 'Other records still refer to this, so it cannot be removed.' } });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      const code = status === 401 ? 'unauthorized' : status === 404 ? 'not_found' : status === 429 ? 'rate_limited' : 'bad_request';
      return reply.status(status).send({ error: { code, message: (error as Error).message } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal', message: `Something went wrong on our side (request ${request.id}).` } });
  });

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Kanaal API', version: ctx.version, description: 'Communications desk for public organisations.' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'kanaal_session' },
          bearer: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  installAuthHooks(app);
  for (const routes of ROUTES) await app.register(routes);

  if (existsSync(WEB_DIST)) {
    await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: true, index: false });
    // Client-side routes: every non-API GET that is not a file gets the app shell.
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/api/')) {
        return reply.type('text/html').sendFile('index.html');
      }
      return reply.status(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}.` } });
    });
  } else {
    app.setNotFoundHandler((request, reply) =>
      reply.status(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}.` } }),
    );
  }
  return app;
}
