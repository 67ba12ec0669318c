import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { type Caller, accessibleOrganisationIds, requireAccess, subtreeIds, toPgArray } from '../../kit/access.js';
import { actorOf, recordAudit } from '../../kit/audit.js';
import { ROLES, type Role } from '../../kit/auth/schema.js';
import { badRequest, conflict, forbidden, notFound, unprocessable } from '../../kit/errors.js';
import { rows } from '../../kit/sql.js';
import type { TOrganisation, TOrganisationCreate, TOrganisationDetail, TOrganisationListItem, TOrganisationPatch } from './organisation-schemas.js';
import { organisations } from './schema.js';

type OrganisationRow = typeof organisations.$inferSelect;

/**
 * A URL-safe slug from a name: lowercase ASCII, accents removed, runs of anything else turned into
 * one hyphen. Always matches SLUG_PATTERN (padded when the name has fewer than two usable characters).
 */
export function slugify(name: string, maxLength = 63): string {
  const folded = name
    .replace(/ß/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[œŒ]/g, 'oe')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, maxLength)
    .replace(/-+$/, '');
  if (folded.length >= 2) return folded;
  return folded ? `${folded}-organisation` : 'organisation';
}

/** A slug based on `name` that no organisation uses yet: `selor`, else `selor-2`, `selor-3` … */
export async function uniqueSlug(db: DbOrTx, name: string): Promise<string> {
  const base = slugify(name, 56);
  // The base holds only [a-z0-9-], so it needs no LIKE escaping.
  const taken = new Set(
    (await rows<{ slug: string }>(db, sql`SELECT slug FROM organisations WHERE slug = ${base} OR slug LIKE ${`${base}-%`}`)).map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}

/** The IANA spelling the runtime uses for a zone it accepted (`europe/brussels` → `Europe/Brussels`). */
function canonicalTimeZone(zone: string): string {
  return new Intl.DateTimeFormat('en', { timeZone: zone }).resolvedOptions().timeZone;
}

function present(row: OrganisationRow): TOrganisation {
  return {
    id: row.id,
    parentId: row.parentId,
    slug: row.slug,
    name: row.name,
    names: row.names ?? {},
    shortName: row.shortName,
    website: row.website,
    timeZone: row.timeZone,
    defaultLanguage: row.defaultLanguage,
    isDemo: row.isDemo,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

function sortRoles(roles: Iterable<Role>): Role[] {
  const held = new Set(roles);
  return ROLES.filter((r) => held.has(r));
}

/**
 * The roles the caller holds on each organisation, counting roles inherited from ancestors.
 * Superadmins are reported as `admin` everywhere.
 */
async function effectiveRoles(db: DbOrTx, caller: Caller, organisationIds?: string[]): Promise<Map<string, Role[]>> {
  const byOrg = new Map<string, Set<Role>>();
  if (caller.isSuperadmin) {
    const ids = organisationIds ?? (await rows<{ id: string }>(db, sql`SELECT id FROM organisations`)).map((r) => r.id);
    return new Map(ids.map((id) => [id, ['admin']]));
  }
  const found = await rows<{ id: string; role: Role }>(
    db,
    sql`WITH RECURSIVE down AS (
          SELECT m.organisation_id AS id, m.role FROM memberships m WHERE m.user_id = ${caller.userId}::uuid
          UNION
          SELECT c.id, down.role FROM organisations c JOIN down ON c.parent_id = down.id
        )
        SELECT id, role FROM down`,
  );
  for (const { id, role } of found) {
    if (organisationIds && !organisationIds.includes(id)) continue;
    const set = byOrg.get(id) ?? new Set<Role>();
    set.add(role);
    byOrg.set(id, set);
  }
  return new Map([...byOrg].map(([id, set]) => [id, sortRoles(set)]));
}

async function channelCounts(db: DbOrTx, organisationIds: string[]): Promise<Map<string, number>> {
  if (organisationIds.length === 0) return new Map();
  const found = await rows<{ organisation_id: string; n: number | string }>(
    db,
    sql`SELECT organisation_id, count(*) AS n FROM channels
         WHERE organisation_id = ANY(${toPgArray(organisationIds)}::uuid[]) GROUP BY organisation_id`,
  );
  return new Map(found.map((r) => [r.organisation_id, Number(r.n)]));
}

/** Every organisation the caller can read, flat, with the caller's effective roles and channel counts. */
export async function listOrganisations(db: DbOrTx, caller: Caller): Promise<TOrganisationListItem[]> {
  const ids = await accessibleOrganisationIds(db, caller, 'registry.read');
  if (ids.length === 0) return [];
  const found = await db.select().from(organisations).where(inArray(organisations.id, ids)).orderBy(asc(organisations.name));
  const roles = await effectiveRoles(db, caller, ids);
  const counts = await channelCounts(db, ids);
  return found.map((row) => ({ ...present(row), myRoles: roles.get(row.id) ?? [], channelCount: counts.get(row.id) ?? 0 }));
}

/** The chain from the root down to (not including) the organisation. */
export async function organisationAncestors(db: DbOrTx, organisationId: string): Promise<Array<{ id: string; name: string }>> {
  const found = await rows<{ id: string; name: string; depth: number }>(
    db,
    sql`WITH RECURSIVE up AS (
          SELECT id, parent_id, name, 0 AS depth FROM organisations WHERE id = ${organisationId}::uuid
          UNION ALL
          SELECT o.id, o.parent_id, o.name, up.depth + 1 FROM organisations o JOIN up ON o.id = up.parent_id
        )
        SELECT id, name, depth FROM up WHERE depth > 0 ORDER BY depth DESC`,
  );
  return found.map(({ id, name }) => ({ id, name }));
}

/** Names of the given organisations, for lists that show where something belongs. */
export async function organisationNames(db: DbOrTx, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const found = await db.select({ id: organisations.id, name: organisations.name }).from(organisations).where(inArray(organisations.id, ids));
  return new Map(found.map((r) => [r.id, r.name]));
}

async function findOrganisation(db: DbOrTx, id: string): Promise<OrganisationRow> {
  const [row] = await db.select().from(organisations).where(eq(organisations.id, id));
  if (!row) throw notFound('Organisation');
  return row;
}

/** One organisation with the caller's roles on it and its ancestors. The caller must be able to read it. */
export async function getOrganisation(db: DbOrTx, caller: Caller, id: string): Promise<TOrganisationDetail> {
  await requireAccess(db, caller, id, 'registry.read');
  const row = await findOrganisation(db, id);
  const roles = await effectiveRoles(db, caller, [id]);
  const counts = await channelCounts(db, [id]);
  return { ...present(row), myRoles: roles.get(id) ?? [], channelCount: counts.get(id) ?? 0, ancestors: await organisationAncestors(db, id) };
}

/**
 * Managing the place of an organisation in the tree: a root needs a superadmin, a child needs
 * `organisation.manage` on its parent. An unknown parent is a field error.
 */
async function requireManageUnder(db: DbOrTx, caller: Caller, parentId: string | null): Promise<void> {
  if (parentId === null) {
    if (!caller.isSuperadmin) throw forbidden('Only an installation administrator can manage top-level organisations.');
    return;
  }
  const [parent] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, parentId));
  if (!parent) throw badRequest('The parent organisation does not exist.', [{ path: 'parentId', message: 'no such organisation' }]);
  await requireAccess(db, caller, parentId, 'organisation.manage');
}

async function assertSlugFree(db: DbOrTx, slug: string, exceptId?: string): Promise<void> {
  const [other] = await db.select({ id: organisations.id }).from(organisations).where(eq(organisations.slug, slug));
  if (other && other.id !== exceptId) throw conflict('Another organisation already uses this slug.', [{ path: 'slug', message: 'already in use' }]);
}

/** Creates an organisation (root: superadmin; child: admin on the parent). Children inherit the parent's zone and language by default. */
export async function createOrganisation(db: Db, caller: Caller, input: TOrganisationCreate): Promise<TOrganisation> {
  return db.transaction(async (tx) => {
    await requireManageUnder(tx, caller, input.parentId);
    const parent = input.parentId ? await findOrganisation(tx, input.parentId) : null;
    if (input.slug) await assertSlugFree(tx, input.slug);
    const [row] = await tx
      .insert(organisations)
      .values({
        parentId: input.parentId,
        slug: input.slug ?? (await uniqueSlug(tx, input.name)),
        name: input.name,
        names: input.names ?? {},
        shortName: input.shortName ?? null,
        website: input.website ?? null,
        timeZone: input.timeZone ? canonicalTimeZone(input.timeZone) : (parent?.timeZone ?? 'Europe/Brussels'),
        defaultLanguage: input.defaultLanguage ?? parent?.defaultLanguage ?? 'nl',
      })
      .returning();
    if (!row) throw new Error('organisation insert returned nothing');
    const created = present(row);
    await recordAudit(tx, actorOf(caller), { organisationId: row.id, action: 'create', entity: 'organisation', entityId: row.id, after: created });
    return created;
  });
}

/**
 * Changes an organisation (admin on it). Moving it needs manage rights on both the old and the new
 * parent, and may not put it under itself or one of its descendants (422).
 */
export async function updateOrganisation(db: Db, caller: Caller, id: string, patch: TOrganisationPatch): Promise<TOrganisation> {
  return db.transaction(async (tx) => {
    await requireAccess(tx, caller, id, 'organisation.manage');
    const current = await findOrganisation(tx, id);
    const moving = patch.parentId !== undefined && patch.parentId !== current.parentId;
    if (moving) {
      const newParentId = patch.parentId ?? null;
      if (newParentId && (await subtreeIds(tx, id)).includes(newParentId)) {
        throw unprocessable('An organisation cannot be moved under itself or one of its own sub-organisations.', [
          { path: 'parentId', message: 'would create a cycle' },
        ]);
      }
      await requireManageUnder(tx, caller, current.parentId);
      await requireManageUnder(tx, caller, newParentId);
    }
    if (patch.slug && patch.slug !== current.slug) await assertSlugFree(tx, patch.slug, id);
    // Nothing sent: nothing changes, and nothing to audit.
    if (Object.values(patch).every((v) => v === undefined)) return present(current);
    const [row] = await tx
      .update(organisations)
      .set({
        ...(moving ? { parentId: patch.parentId ?? null } : {}),
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.names !== undefined ? { names: patch.names } : {}),
        ...(patch.shortName !== undefined ? { shortName: patch.shortName } : {}),
        ...(patch.website !== undefined ? { website: patch.website } : {}),
        ...(patch.timeZone !== undefined ? { timeZone: canonicalTimeZone(patch.timeZone) } : {}),
        ...(patch.defaultLanguage !== undefined ? { defaultLanguage: patch.defaultLanguage } : {}),
        ...(patch.slug !== undefined ? { slug: patch.slug } : {}),
        updatedAt: new Date(),
      })
      .where(eq(organisations.id, id))
      .returning();
    if (!row) throw notFound('Organisation');
    const before = present(current);
    const after = present(row);
    await recordAudit(tx, actorOf(caller), { organisationId: id, action: 'update', entity: 'organisation', entityId: id, before, after });
    return after;
  });
}

/**
 * Deletes an empty organisation (no sub-organisations, no channels: 409 otherwise). Like creating
 * it, this needs manage rights on its parent (a superadmin for a root). Its audiences and
 * memberships go with it.
 */
export async function deleteOrganisation(db: Db, caller: Caller, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    await requireAccess(tx, caller, id, 'organisation.manage');
    const current = await findOrganisation(tx, id);
    await requireManageUnder(tx, caller, current.parentId);
    const [usage] = await rows<{ children: number | string; channels: number | string }>(
      tx,
      sql`SELECT (SELECT count(*) FROM organisations WHERE parent_id = ${id}::uuid) AS children,
                 (SELECT count(*) FROM channels WHERE organisation_id = ${id}::uuid) AS channels`,
    );
    const children = Number(usage?.children ?? 0);
    const channelCount = Number(usage?.channels ?? 0);
    if (children > 0 || channelCount > 0) {
      throw conflict(
        `This organisation still has ${children} sub-organisation(s) and ${channelCount} channel(s); move or delete them first.`,
      );
    }
    await tx.delete(organisations).where(eq(organisations.id, id));
    // Filed under the parent: the deleted organisation's id no longer names anything a reader can see.
    await recordAudit(tx, actorOf(caller), {
      organisationId: current.parentId,
      action: 'delete',
      entity: 'organisation',
      entityId: id,
      before: present(current),
    });
  });
}
