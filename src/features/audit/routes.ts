import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireCaller } from '../../kit/auth/hooks.js';
import { MAX_AUDIT_PAGE, latestIntegrityCheck, listAuditEntries, runIntegrityCheck } from './service.js';

const ZInstant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

const ZAuditQuery = z.object({
  organisationId: z.string().uuid().optional(),
  entity: z.string().trim().min(1).max(50).optional(),
  action: z.string().trim().min(1).max(50).optional(),
  actor: z.string().trim().min(1).max(200).optional(),
  from: ZInstant.optional(),
  to: ZInstant.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE).default(50),
  before: z.coerce.number().int().positive().optional(),
});

const ZAuditEntry = z.object({
  id: z.number().int(),
  at: z.date(),
  actorLabel: z.string(),
  organisationId: z.string().uuid().nullable(),
  organisationName: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
});

const ZIntegrityCheck = z.object({
  checkedAt: z.date(),
  rowsChecked: z.number().int(),
  ok: z.boolean(),
  firstBadId: z.number().int().nullable(),
  detail: z.string().nullable(),
});

/** `to` given as a bare date means "up to the end of that day" (UTC). */
function parseInstant(value: string | undefined, endOfDay: boolean): Date | undefined {
  if (!value) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z`);
  return new Date(value);
}

/** The audit log viewer and the hash-chain integrity status. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { db } = app.kanaal;
  const tags = ['audit'];

  app.get(
    '/api/audit',
    { schema: { tags, querystring: ZAuditQuery, response: { 200: z.object({ entries: z.array(ZAuditEntry), nextBefore: z.number().int().nullable() }) } } },
    async (request) => {
      const q = request.query;
      return listAuditEntries(db, requireCaller(request), {
        ...q,
        from: parseInstant(q.from, false),
        to: parseInstant(q.to, true),
      });
    },
  );

  app.get('/api/audit/integrity', { schema: { tags, response: { 200: ZIntegrityCheck.nullable() } } }, async (request) => {
    return latestIntegrityCheck(db, requireCaller(request));
  });

  app.post('/api/audit/integrity', { schema: { tags, response: { 200: ZIntegrityCheck } } }, async (request) => {
    return runIntegrityCheck(db, requireCaller(request));
  });
};
