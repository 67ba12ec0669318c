import { randomBytes } from 'node:crypto';
import type { Db } from '../src/db/client.js';
import { hashPassword } from '../src/kit/auth/passwords.js';
import { apiTokens, memberships, users, type Role } from '../src/kit/auth/schema.js';
import { hashSecret, newSecret } from '../src/kit/auth/tokens.js';
import { channels, organisations } from '../src/features/registry/schema.js';

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}${randomBytes(2).toString('hex')}`;

export async function buildOrganisation(db: Db, overrides: Partial<typeof organisations.$inferInsert> = {}) {
  const id = unique();
  const [row] = await db
    .insert(organisations)
    .values({ slug: `org-${id}`, name: `Organisation ${id}`, ...overrides })
    .returning();
  if (!row) throw new Error('insert failed');
  return row;
}

export type TestUser = {
  user: typeof users.$inferSelect;
  password: string;
  token: string;
  /** Headers for `app.inject`: Bearer token auth, no CSRF needed. */
  headers: { authorization: string };
};

/** A user with the given roles (and an API token for requests), e.g. `{ roles: [[org.id, 'admin']] }`. */
export async function buildUser(
  db: Db,
  options: { roles?: Array<[organisationId: string, role: Role]>; superadmin?: boolean; email?: string; password?: string } = {},
): Promise<TestUser> {
  const password = options.password ?? 'correct horse battery';
  const [user] = await db
    .insert(users)
    .values({
      email: options.email ?? `user-${unique()}@kanaal.test`,
      name: 'Test User',
      passwordHash: await hashPassword(password),
      isSuperadmin: options.superadmin ?? false,
    })
    .returning();
  if (!user) throw new Error('insert failed');
  for (const [organisationId, role] of options.roles ?? []) {
    await db.insert(memberships).values({ userId: user.id, organisationId, role });
  }
  const token = newSecret('kt');
  await db.insert(apiTokens).values({ userId: user.id, name: 'test', tokenHash: hashSecret(token), prefix: token.slice(0, 10) });
  return { user, password, token, headers: { authorization: `Bearer ${token}` } };
}

export async function buildChannel(db: Db, organisationId: string, overrides: Partial<typeof channels.$inferInsert> = {}) {
  const [row] = await db
    .insert(channels)
    .values({ organisationId, network: 'mastodon', handle: `@kanaal${unique()}@example.social`, languages: ['nl'], ...overrides })
    .returning();
  if (!row) throw new Error('insert failed');
  return row;
}
