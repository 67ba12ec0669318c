import { createHash } from 'node:crypto';
import { asc, gt, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.js';
import type { Caller } from './access.js';
import { auditChecks, auditLog } from './audit-schema.js';
import { rows } from './sql.js';

// Serialises writers of the hash chain: each entry needs the previous entry's hash.
const AUDIT_CHAIN_LOCK_ID = 727_100_002;
const GENESIS_HASH = '0'.repeat(64);

export type AuditEntry = {
  organisationId: string | null;
  action: string; // 'create' | 'update' | 'delete' | 'import' | 'sign_in' | …
  entity: string; // 'organisation' | 'channel' | 'membership' | …
  entityId: string | null;
  before?: unknown;
  after?: unknown;
};

export type AuditActor = { userId: string | null; label: string; requestId?: string };

export function actorOf(caller: Caller): AuditActor {
  return { userId: caller.userId, label: caller.email, requestId: caller.requestId };
}
export const SYSTEM_ACTOR: AuditActor = { userId: null, label: 'system' };

/**
 * Appends one entry to the audit log. Call it inside the transaction that makes the change, so the
 * change and its record commit or vanish together.
 */
export async function recordAudit(tx: DbOrTx, actor: AuditActor, entry: AuditEntry): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_ID})`);
  const [last] = await rows<{ hash: string }>(tx, sql`SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`);
  const prevHash = last?.hash ?? GENESIS_HASH;
  const row = {
    at: new Date(Math.floor(Date.now())),
    actorUserId: actor.userId,
    actorLabel: actor.label,
    organisationId: entry.organisationId,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    before: toJson(entry.before),
    after: toJson(entry.after),
    requestId: actor.requestId ?? null,
  };
  await tx.insert(auditLog).values({ ...row, prevHash, hash: hashEntry(prevHash, row) });
}

type HashedFields = {
  at: Date;
  actorUserId: string | null;
  actorLabel: string;
  organisationId: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
};

function hashEntry(prevHash: string, row: HashedFields): string {
  // Only the fields named here are covered, so a row read back (with id, hash…) hashes like the one written.
  const canonical = canonicalJson({
    at: row.at.toISOString(),
    actorUserId: row.actorUserId,
    actorLabel: row.actorLabel,
    organisationId: row.organisationId,
    action: row.action,
    entity: row.entity,
    entityId: row.entityId,
    before: row.before,
    after: row.after,
    requestId: row.requestId,
  });
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/** JSON with sorted keys, so the hash does not depend on how jsonb orders an object's keys. */
function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

function toJson(value: unknown): unknown {
  return value === undefined ? null : JSON.parse(JSON.stringify(value));
}

export type AuditCheckResult = { rowsChecked: number; ok: boolean; firstBadId: number | null; detail: string | null };

/** Recomputes the whole hash chain and records the outcome in audit_checks (the nightly job). */
export async function verifyAuditChain(db: Db): Promise<AuditCheckResult> {
  let prevHash = GENESIS_HASH;
  let lastId = 0;
  let checked = 0;
  let result: AuditCheckResult | null = null;
  for (;;) {
    const batch = await db.select().from(auditLog).where(gt(auditLog.id, lastId)).orderBy(asc(auditLog.id)).limit(1000);
    if (batch.length === 0) break;
    for (const row of batch) {
      const expected = hashEntry(prevHash, row);
      if (row.prevHash !== prevHash || row.hash !== expected) {
        result = {
          rowsChecked: checked + 1,
          ok: false,
          firstBadId: row.id,
          detail: row.prevHash !== prevHash ? 'entry does not follow the previous entry (a row was removed or reordered)' : 'entry content does not match its hash (a row was edited)',
        };
        break;
      }
      prevHash = row.hash;
      lastId = row.id;
      checked++;
    }
    if (result) break;
  }
  result ??= { rowsChecked: checked, ok: true, firstBadId: null, detail: null };
  await db.insert(auditChecks).values(result);
  return result;
}
