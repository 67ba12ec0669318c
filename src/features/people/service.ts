import { and, asc, count, eq, ilike, inArray, or, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { type Caller, accessibleOrganisationIds, requireAccess } from '../../kit/access.js';
import { actorOf, recordAudit } from '../../kit/audit.js';
import { hashPassword } from '../../kit/auth/passwords.js';
import { memberships, sessions, users } from '../../kit/auth/schema.js';
import { conflict, forbidden, notFound } from '../../kit/errors.js';
import { organisationAncestors, organisationNames } from '../registry/organisation-service.js';
import type { TMember, TMemberAdd, TUser, TUserCreate, TUserPatch } from './schemas.js';

type UserRow = typeof users.$inferSelect;

/** What the audit log keeps of a user: never the password hash or the TOTP secret. */
function auditView(user: UserRow) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    locale: user.locale,
    isSuperadmin: user.isSuperadmin,
    disabled: user.disabledAt !== null,
    hasPassword: user.passwordHash !== null,
  };
}

/**
 * Who holds a role on an organisation: its own members and those of its ancestors (their roles
 * apply to the whole subtree), marked `inherited`. Anyone who can read the organisation may look.
 */
export async function listMembers(db: DbOrTx, caller: Caller, organisationId: string): Promise<TMember[]> {
  await requireAccess(db, caller, organisationId, 'registry.read');
  const ancestors = await organisationAncestors(db, organisationId);
  const chain = [organisationId, ...ancestors.map((a) => a.id).reverse()];
  const names = await organisationNames(db, chain);
  const found = await db
    .select({ membership: memberships, email: users.email, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(inArray(memberships.organisationId, chain))
    .orderBy(asc(users.name), asc(users.email));
  const depth = (id: string) => chain.indexOf(id);
  return found
    .map(({ membership, email, name }) => ({
      membershipId: membership.id,
      userId: membership.userId,
      email,
      name,
      role: membership.role,
      organisationId: membership.organisationId,
      inherited: membership.organisationId !== organisationId,
      fromOrganisationName: names.get(membership.organisationId) ?? '',
    }))
    .sort((a, b) => depth(a.organisationId) - depth(b.organisationId));
}

/**
 * Gives a person a role on an organisation (admin on it). A person not known yet is created
 * without a password: they sign in through SSO, or an administrator sets one.
 */
export async function addMember(db: Db, caller: Caller, organisationId: string, input: TMemberAdd): Promise<TMember> {
  return db.transaction(async (tx) => {
    await requireAccess(tx, caller, organisationId, 'people.manage');
    let [user] = await tx.select().from(users).where(eq(users.email, input.email));
    if (!user) {
      [user] = await tx
        .insert(users)
        .values({ email: input.email, name: input.name ?? input.email.split('@')[0] ?? input.email })
        .returning();
      if (!user) throw new Error('user insert returned nothing');
      await recordAudit(tx, actorOf(caller), { organisationId, action: 'create', entity: 'user', entityId: user.id, after: auditView(user) });
    }
    const [existing] = await tx
      .select({ id: memberships.id })
      .from(memberships)
      .where(and(eq(memberships.userId, user.id), eq(memberships.organisationId, organisationId), eq(memberships.role, input.role)));
    if (existing) throw conflict('This person already has this role here.', [{ path: 'role', message: 'already held' }]);
    const [membership] = await tx.insert(memberships).values({ userId: user.id, organisationId, role: input.role }).returning();
    if (!membership) throw new Error('membership insert returned nothing');
    const names = await organisationNames(tx, [organisationId]);
    const member: TMember = {
      membershipId: membership.id,
      userId: user.id,
      email: user.email,
      name: user.name,
      role: membership.role,
      organisationId,
      inherited: false,
      fromOrganisationName: names.get(organisationId) ?? '',
    };
    await recordAudit(tx, actorOf(caller), { organisationId, action: 'create', entity: 'membership', entityId: membership.id, after: member });
    return member;
  });
}

/**
 * Takes a role away (admin on the organisation that granted it). Refuses (409) to remove the
 * caller's own last admin role, so nobody locks themselves out by accident.
 */
export async function removeMember(db: Db, caller: Caller, organisationId: string, membershipId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await requireAccess(tx, caller, organisationId, 'people.manage');
    const [found] = await tx
      .select({ membership: memberships, email: users.email })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.id, membershipId), eq(memberships.organisationId, organisationId)));
    if (!found) throw notFound('Membership');
    const { membership } = found;
    if (membership.userId === caller.userId && membership.role === 'admin' && !caller.isSuperadmin) {
      const [held] = await tx
        .select({ n: count() })
        .from(memberships)
        .where(and(eq(memberships.userId, caller.userId), eq(memberships.role, 'admin')));
      if ((held?.n ?? 0) <= 1) throw conflict('This is your last administrator role; ask another administrator to remove it.');
    }
    await tx.delete(memberships).where(eq(memberships.id, membershipId));
    await recordAudit(tx, actorOf(caller), {
      organisationId,
      action: 'delete',
      entity: 'membership',
      entityId: membershipId,
      before: { membershipId, userId: membership.userId, email: found.email, organisationId, role: membership.role },
    });
  });
}

/** The organisations whose people the caller manages; null means all (superadmin). 403 when none. */
async function peopleScope(db: DbOrTx, caller: Caller): Promise<string[] | null> {
  if (caller.isSuperadmin) return null;
  const ids = await accessibleOrganisationIds(db, caller, 'people.manage');
  if (ids.length === 0) throw forbidden('Only administrators manage people.');
  return ids;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

async function presentUsers(db: DbOrTx, found: UserRow[], scope: string[] | null): Promise<TUser[]> {
  if (found.length === 0) return [];
  const held = await db
    .select()
    .from(memberships)
    .where(inArray(memberships.userId, found.map((u) => u.id)))
    .orderBy(asc(memberships.createdAt));
  const visible = scope ? held.filter((m) => scope.includes(m.organisationId)) : held;
  const names = await organisationNames(db, [...new Set(visible.map((m) => m.organisationId))]);
  return found.map((user) => ({
    id: user.id,
    email: user.email,
    name: user.name,
    locale: user.locale,
    isSuperadmin: user.isSuperadmin,
    totpEnabled: user.totpEnabled,
    disabled: user.disabledAt !== null,
    hasPassword: user.passwordHash !== null,
    lastLoginAt: user.lastLoginAt,
    createdAt: user.createdAt,
    memberships: visible
      .filter((m) => m.userId === user.id)
      .map((m) => ({ id: m.id, organisationId: m.organisationId, organisationName: names.get(m.organisationId) ?? '', role: m.role })),
  }));
}

/**
 * People the caller administers: everyone for a superadmin, otherwise those holding a role in the
 * caller's admin subtrees (showing only those roles). `q` matches email or name.
 */
export async function listUsers(db: DbOrTx, caller: Caller, q?: string): Promise<TUser[]> {
  const scope = await peopleScope(db, caller);
  const conditions: SQL[] = [];
  if (q) {
    const pattern = `%${escapeLike(q)}%`;
    const match = or(ilike(users.email, pattern), ilike(users.name, pattern));
    if (match) conditions.push(match);
  }
  if (scope) {
    const inScope = db.select({ id: memberships.userId }).from(memberships).where(inArray(memberships.organisationId, scope));
    conditions.push(inArray(users.id, inScope));
  }
  const found = await db
    .select()
    .from(users)
    .where(and(...conditions))
    .orderBy(asc(users.name), asc(users.email))
    .limit(500);
  return presentUsers(db, found, scope);
}

/** Creates an account (any administrator). Without a password the person signs in through SSO until one is set. */
export async function createUser(db: Db, caller: Caller, input: TUserCreate): Promise<TUser> {
  return db.transaction(async (tx) => {
    const scope = await peopleScope(tx, caller);
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    if (existing) throw conflict('An account with this email already exists.', [{ path: 'email', message: 'already in use' }]);
    const [user] = await tx
      .insert(users)
      .values({
        email: input.email,
        name: input.name,
        locale: input.locale ?? 'nl',
        passwordHash: input.password ? await hashPassword(input.password) : null,
      })
      .returning();
    if (!user) throw new Error('user insert returned nothing');
    await recordAudit(tx, actorOf(caller), { organisationId: null, action: 'create', entity: 'user', entityId: user.id, after: auditView(user) });
    const [presented] = await presentUsers(tx, [user], scope);
    if (!presented) throw new Error('user vanished');
    return presented;
  });
}

/**
 * Renames, disables/enables or sets the password of an account. A superadmin may change anyone;
 * an administrator only people whose every role lies inside the administrator's subtrees (so an
 * admin of a small unit cannot take over an account that matters elsewhere). Disabling ends the
 * person's sessions at once; their API tokens stop working while disabled.
 */
export async function updateUser(db: Db, caller: Caller, userId: string, patch: TUserPatch): Promise<TUser> {
  return db.transaction(async (tx) => {
    const scope = await peopleScope(tx, caller);
    const [current] = await tx.select().from(users).where(eq(users.id, userId));
    if (!current) throw notFound('User');
    const held = await tx.select().from(memberships).where(eq(memberships.userId, userId)).orderBy(asc(memberships.createdAt));
    const inScope = scope ? held.filter((m) => scope.includes(m.organisationId)) : held;
    if (scope) {
      if (inScope.length === 0) throw notFound('User');
      if (current.isSuperadmin || inScope.length < held.length) {
        throw forbidden('This person also holds roles outside the organisations you administer; ask an installation administrator.');
      }
    }
    if (patch.disabled && userId === caller.userId) throw conflict('You cannot disable your own account.', [{ path: 'disabled', message: 'own account' }]);
    const [row] = await tx
      .update(users)
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.disabled !== undefined ? { disabledAt: patch.disabled ? (current.disabledAt ?? new Date()) : null } : {}),
        ...(patch.password !== undefined ? { passwordHash: await hashPassword(patch.password) } : {}),
      })
      .where(eq(users.id, userId))
      .returning();
    if (!row) throw notFound('User');
    // A disabled account or a password set by someone else must not keep old sign-ins alive.
    if (patch.disabled || (patch.password !== undefined && userId !== caller.userId)) {
      await tx.delete(sessions).where(eq(sessions.userId, userId));
    }
    await recordAudit(tx, actorOf(caller), {
      organisationId: inScope[0]?.organisationId ?? null,
      action: 'update',
      entity: 'user',
      entityId: userId,
      before: auditView(current),
      after: { ...auditView(row), ...(patch.password !== undefined ? { passwordChanged: true } : {}) },
    });
    const [presented] = await presentUsers(tx, [row], scope);
    if (!presented) throw new Error('user vanished');
    return presented;
  });
}
