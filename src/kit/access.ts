import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import type { Role } from './auth/schema.js';
import { forbidden, notFound, unauthorized } from './errors.js';
import { rows } from './sql.js';

/** Who is calling: a signed-in person or a script using one of that person's API tokens. */
export type Caller = {
  userId: string;
  email: string;
  name: string;
  isSuperadmin: boolean;
  via: 'session' | 'token';
  requestId?: string;
};

const EVERYONE: Role[] = ['admin', 'editor_in_chief', 'communicator', 'spokesperson', 'analyst', 'viewer'];

/**
 * What each role may do. A role held on an organisation applies to its whole subtree.
 * Routes name a capability, never a role, so the table below is the one place to read the rules.
 */
export const CAPABILITIES = {
  'registry.read': EVERYONE,
  'registry.write': ['admin', 'editor_in_chief', 'communicator'],
  'organisation.manage': ['admin'],
  'people.manage': ['admin'],
  'audit.read': ['admin'],
  'report.read': EVERYONE,
  'publishing.read': EVERYONE,
  'publishing.pause': ['admin', 'editor_in_chief'],
  'compose.write': ['admin', 'editor_in_chief', 'communicator'],
  'compose.read': EVERYONE,
  'approvals.manage': ['admin', 'editor_in_chief'],
  // Connecting an official account lets Kanaal speak as it: editors in chief and admins only.
  'channels.connect': ['admin', 'editor_in_chief'],
  'listening.read': EVERYONE,
  'listening.manage': ['admin', 'editor_in_chief', 'communicator'],
} as const satisfies Record<string, readonly Role[]>;
export type Capability = keyof typeof CAPABILITIES;

export function rolesGranting(capability: Capability): readonly Role[] {
  return CAPABILITIES[capability];
}

/**
 * The check every route makes before touching an organisation's data: answers 404 when the
 * organisation does not exist and 403 when the caller holds no role granting `capability` on it
 * or on one of its ancestors. Superadmins (installation administrators) pass everywhere.
 */
export async function requireAccess(db: DbOrTx, caller: Caller | undefined, organisationId: string, capability: Capability): Promise<void> {
  if (!caller) throw unauthorized();
  const [found] = await rows<{ exists: boolean; granted: boolean }>(
    db,
    sql`WITH RECURSIVE up AS (
          SELECT id, parent_id FROM organisations WHERE id = ${organisationId}::uuid
          UNION ALL
          SELECT o.id, o.parent_id FROM organisations o JOIN up ON o.id = up.parent_id
        )
        SELECT EXISTS (SELECT 1 FROM up) AS exists,
               EXISTS (SELECT 1 FROM memberships m
                        WHERE m.user_id = ${caller.userId}::uuid
                          AND m.organisation_id IN (SELECT id FROM up)
                          AND m.role = ANY(${toPgArray(rolesGranting(capability))}::text[])) AS granted`,
  );
  if (!found?.exists) throw notFound('Organisation');
  if (caller.isSuperadmin) return;
  if (!found.granted) throw forbidden();
}

/** Like requireAccess, for callers that want a yes/no instead of an error. */
export async function hasAccess(db: DbOrTx, caller: Caller, organisationId: string, capability: Capability): Promise<boolean> {
  try {
    await requireAccess(db, caller, organisationId, capability);
    return true;
  } catch {
    return false;
  }
}

/**
 * Every organisation id on which the caller has `capability` (its memberships' subtrees), for
 * list endpoints. Superadmins see every organisation.
 */
export async function accessibleOrganisationIds(db: DbOrTx, caller: Caller, capability: Capability): Promise<string[]> {
  if (caller.isSuperadmin) {
    return (await rows<{ id: string }>(db, sql`SELECT id FROM organisations`)).map((r) => r.id);
  }
  const found = await rows<{ id: string }>(
    db,
    sql`WITH RECURSIVE down AS (
          SELECT o.id FROM organisations o JOIN memberships m ON m.organisation_id = o.id
           WHERE m.user_id = ${caller.userId}::uuid AND m.role = ANY(${toPgArray(rolesGranting(capability))}::text[])
          UNION
          SELECT c.id FROM organisations c JOIN down ON c.parent_id = down.id
        )
        SELECT id FROM down`,
  );
  return found.map((r) => r.id);
}

/** The ids of an organisation and all its descendants. */
export async function subtreeIds(db: DbOrTx, organisationId: string): Promise<string[]> {
  const found = await rows<{ id: string }>(
    db,
    sql`WITH RECURSIVE down AS (
          SELECT id FROM organisations WHERE id = ${organisationId}::uuid
          UNION
          SELECT c.id FROM organisations c JOIN down ON c.parent_id = down.id
        )
        SELECT id FROM down`,
  );
  return found.map((r) => r.id);
}

/** Postgres array literal for a list of plain identifiers (roles, ids); bound as one parameter. */
export function toPgArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, '')}"`).join(',')}}`;
}
