import { and, eq, inArray, ne } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { type Caller, requireAccess } from '../../kit/access.js';
import { recordAudit } from '../../kit/audit.js';
import { conflict, isUniqueViolation, notFound } from '../../kit/errors.js';
import type { TAudience, TAudienceCreate, TAudiencePatch } from './channel-schemas.js';
import { auditActorFor } from './channel-service.js';
import { loadOrgTree } from './org-tree.js';
import { audiences } from './schema.js';

type AudienceRow = typeof audiences.$inferSelect;

/** Lowercase ASCII words joined by hyphens: "Jongeren & studenten" → "jongeren-studenten". */
export function slugifyAudience(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return slug || 'audience';
}

/**
 * The audiences an organisation may tag its channels with: its own and those of its ancestors,
 * nearest organisation first, then by name.
 */
export async function audienceCatalogue(db: DbOrTx, organisationId: string): Promise<Array<AudienceRow & { inherited: boolean }>> {
  const tree = await loadOrgTree(db);
  const chain = tree.selfAndAncestorIds(organisationId);
  if (chain.length === 0) return [];
  const found = await db.select().from(audiences).where(inArray(audiences.organisationId, chain));
  return found
    .map((a) => ({ ...a, inherited: a.organisationId !== organisationId }))
    .sort((a, b) => chain.indexOf(a.organisationId) - chain.indexOf(b.organisationId) || a.name.localeCompare(b.name, 'nl'));
}

function present(row: AudienceRow, forOrganisationId: string): TAudience {
  return {
    id: row.id,
    organisationId: row.organisationId,
    slug: row.slug,
    name: row.name,
    names: row.names,
    inherited: row.organisationId !== forOrganisationId,
  };
}

function snapshot(row: AudienceRow) {
  return { slug: row.slug, name: row.name, names: row.names, organisationId: row.organisationId };
}

export async function listAudiences(db: DbOrTx, caller: Caller, organisationId: string): Promise<TAudience[]> {
  await requireAccess(db, caller, organisationId, 'registry.read');
  return (await audienceCatalogue(db, organisationId)).map((a) => present(a, organisationId));
}

async function loadAudience(db: DbOrTx, id: string): Promise<AudienceRow> {
  const [row] = await db.select().from(audiences).where(eq(audiences.id, id));
  if (!row) throw notFound('Audience');
  return row;
}

async function assertSlugFree(db: DbOrTx, organisationId: string, slug: string, exceptId?: string): Promise<void> {
  const clash = await db
    .select({ id: audiences.id })
    .from(audiences)
    .where(and(eq(audiences.organisationId, organisationId), eq(audiences.slug, slug), exceptId ? ne(audiences.id, exceptId) : undefined));
  if (clash.length > 0)
    throw conflict(`This organisation already has an audience "${slug}".`, [{ path: 'slug', message: 'already used by another audience' }]);
}

export async function createAudience(db: Db, caller: Caller, organisationId: string, input: TAudienceCreate): Promise<TAudience> {
  await requireAccess(db, caller, organisationId, 'registry.write');
  const slug = input.slug ?? slugifyAudience(input.name);
  try {
    return await db.transaction(async (tx) => {
      await assertSlugFree(tx, organisationId, slug);
      const [row] = await tx
        .insert(audiences)
        .values({ organisationId, slug, name: input.name, names: input.names ?? {} })
        .returning();
      if (!row) throw new Error('audience insert returned nothing');
      await recordAudit(tx, auditActorFor(caller), {
        organisationId,
        action: 'create',
        entity: 'audience',
        entityId: row.id,
        after: snapshot(row),
      });
      return present(row, organisationId);
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict('An audience with this slug already exists.', [{ path: 'slug', message: 'already used' }]);
    throw error;
  }
}

export async function updateAudience(db: Db, caller: Caller, id: string, patch: TAudiencePatch): Promise<TAudience> {
  const existing = await loadAudience(db, id);
  await requireAccess(db, caller, existing.organisationId, 'registry.write');
  return db.transaction(async (tx) => {
    if (patch.slug && patch.slug !== existing.slug) await assertSlugFree(tx, existing.organisationId, patch.slug, id);
    const [row] = await tx
      .update(audiences)
      .set({ name: patch.name ?? existing.name, names: patch.names ?? existing.names, slug: patch.slug ?? existing.slug })
      .where(eq(audiences.id, id))
      .returning();
    if (!row) throw notFound('Audience');
    await recordAudit(tx, auditActorFor(caller), {
      organisationId: row.organisationId,
      action: 'update',
      entity: 'audience',
      entityId: id,
      before: snapshot(existing),
      after: snapshot(row),
    });
    return present(row, row.organisationId);
  });
}

/** Removes the audience; channels tagged with it lose the tag (the link rows cascade). */
export async function deleteAudience(db: Db, caller: Caller, id: string): Promise<void> {
  const existing = await loadAudience(db, id);
  await requireAccess(db, caller, existing.organisationId, 'registry.write');
  await db.transaction(async (tx) => {
    await tx.delete(audiences).where(eq(audiences.id, id));
    await recordAudit(tx, auditActorFor(caller), {
      organisationId: existing.organisationId,
      action: 'delete',
      entity: 'audience',
      entityId: id,
      before: snapshot(existing),
    });
  });
}
