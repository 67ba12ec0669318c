import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { organisations } from '../../features/registry/schema.js';
import { unauthorized } from '../errors.js';
import { memberships, users } from './schema.js';
import type { TMe } from './schemas.js';

/**
 * The `Me` answer for a user: profile, the session's CSRF token (null for API tokens) and every
 * role held. 401 when the user no longer exists.
 */
export async function loadMe(db: DbOrTx, userId: string, csrfToken: string | null): Promise<TMe> {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) throw unauthorized();
  const held = await db
    .select({
      id: memberships.id,
      organisationId: memberships.organisationId,
      organisationName: organisations.name,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(memberships.userId, userId))
    .orderBy(organisations.name, memberships.role);
  return {
    user: {
      id: user.id,
      email: user.email,
      name: user.name,
      locale: user.locale,
      isSuperadmin: user.isSuperadmin,
      totpEnabled: user.totpEnabled,
    },
    csrfToken,
    memberships: held,
  };
}
