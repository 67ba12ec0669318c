import { and, desc, eq, gte, ilike, inArray, isNotNull, lt, lte, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { type Caller, accessibleOrganisationIds, requireAccess, subtreeIds } from '../../kit/access.js';
import { verifyAuditChain } from '../../kit/audit.js';
import { auditChecks, auditLog } from '../../kit/audit-schema.js';
import { forbidden } from '../../kit/errors.js';
import { organisationNames } from '../registry/organisation-service.js';

export const MAX_AUDIT_PAGE = 200;

export type AuditFilters = {
  organisationId?: string;
  entity?: string;
  action?: string;
  actor?: string;
  from?: Date;
  to?: Date;
  limit: number;
  before?: number;
};

export type AuditEntryView = {
  id: number;
  at: Date;
  actorLabel: string;
  organisationId: string | null;
  organisationName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
};

export type IntegrityCheckView = { checkedAt: Date; rowsChecked: number; ok: boolean; firstBadId: number | null; detail: string | null };

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Which organisations' entries the caller may read: null means every entry, including those not
 * tied to an organisation (superadmin). An `organisationId` filter narrows to that subtree.
 */
async function auditScope(db: DbOrTx, caller: Caller, organisationId?: string): Promise<string[] | null> {
  if (organisationId) {
    await requireAccess(db, caller, organisationId, 'audit.read');
    return subtreeIds(db, organisationId);
  }
  if (caller.isSuperadmin) return null;
  const ids = await accessibleOrganisationIds(db, caller, 'audit.read');
  if (ids.length === 0) throw forbidden('Only administrators can read the audit log.');
  return ids;
}

/** Newest entries first, filtered and paged by id (`before`); `nextBefore` is null on the last page. */
export async function listAuditEntries(
  db: DbOrTx,
  caller: Caller,
  filters: AuditFilters,
): Promise<{ entries: AuditEntryView[]; nextBefore: number | null }> {
  const scope = await auditScope(db, caller, filters.organisationId);
  const conditions: SQL[] = [];
  if (scope) conditions.push(isNotNull(auditLog.organisationId), inArray(auditLog.organisationId, scope));
  if (filters.entity) conditions.push(eq(auditLog.entity, filters.entity));
  if (filters.action) conditions.push(eq(auditLog.action, filters.action));
  if (filters.actor) conditions.push(ilike(auditLog.actorLabel, `%${escapeLike(filters.actor)}%`));
  if (filters.from) conditions.push(gte(auditLog.at, filters.from));
  if (filters.to) conditions.push(lte(auditLog.at, filters.to));
  if (filters.before) conditions.push(lt(auditLog.id, filters.before));
  const limit = Math.min(Math.max(filters.limit, 1), MAX_AUDIT_PAGE);
  const found = await db
    .select({
      id: auditLog.id,
      at: auditLog.at,
      actorLabel: auditLog.actorLabel,
      organisationId: auditLog.organisationId,
      action: auditLog.action,
      entity: auditLog.entity,
      entityId: auditLog.entityId,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(limit + 1);
  const page = found.slice(0, limit);
  const names = await organisationNames(db, [...new Set(page.map((e) => e.organisationId).filter((id): id is string => id !== null))]);
  return {
    entries: page.map((e) => ({ ...e, organisationName: e.organisationId ? (names.get(e.organisationId) ?? null) : null })),
    nextBefore: found.length > limit ? (page[page.length - 1]?.id ?? null) : null,
  };
}

/** Only administrators (of some organisation) and superadmins see the integrity status. */
async function requireAuditReader(db: DbOrTx, caller: Caller): Promise<void> {
  if (caller.isSuperadmin) return;
  if ((await accessibleOrganisationIds(db, caller, 'audit.read')).length === 0) throw forbidden('Only administrators can read the audit log.');
}

/** The most recent recomputation of the audit hash chain, or null when none ran yet. */
export async function latestIntegrityCheck(db: DbOrTx, caller: Caller): Promise<IntegrityCheckView | null> {
  await requireAuditReader(db, caller);
  const [row] = await db.select().from(auditChecks).orderBy(desc(auditChecks.id)).limit(1);
  if (!row) return null;
  return { checkedAt: row.checkedAt, rowsChecked: row.rowsChecked, ok: row.ok, firstBadId: row.firstBadId, detail: row.detail };
}

/** Recomputes the hash chain now (superadmin), records the outcome and returns it. */
export async function runIntegrityCheck(db: Db, caller: Caller): Promise<IntegrityCheckView> {
  if (!caller.isSuperadmin) throw forbidden('Only an installation administrator can run the integrity check.');
  await verifyAuditChain(db);
  const latest = await latestIntegrityCheck(db, caller);
  if (!latest) throw new Error('integrity check left no record');
  return latest;
}
