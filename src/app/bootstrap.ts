import { randomBytes } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { hashPassword } from '../kit/auth/passwords.js';
import { users } from '../kit/auth/schema.js';
import { organisations } from '../features/registry/schema.js';

export type FirstAdmin = { email: string; generatedPassword?: string };

/**
 * On a database without users, creates the installation administrator: from KANAAL_ADMIN_EMAIL /
 * KANAAL_ADMIN_PASSWORD, or with a generated password that is returned to be printed once.
 */
export async function ensureFirstAdmin(db: Db, email?: string, password?: string): Promise<FirstAdmin | null> {
  const [existing] = await db.select({ n: count() }).from(users);
  if ((existing?.n ?? 0) > 0) {
    if (email && password) {
      // Lets an operator who lost the password set it again through the environment.
      const [found] = await db.select().from(users).where(eq(users.email, email));
      if (found && !found.passwordHash) await db.update(users).set({ passwordHash: await hashPassword(password) }).where(eq(users.id, found.id));
    }
    return null;
  }
  const adminEmail = email ?? 'admin@kanaal.local';
  const generatedPassword = password ? undefined : randomBytes(12).toString('base64url');
  await db.insert(users).values({
    email: adminEmail,
    name: 'Administrator',
    passwordHash: await hashPassword(password ?? (generatedPassword as string)),
    isSuperadmin: true,
    locale: 'nl',
  });
  return { email: adminEmail, generatedPassword };
}

export async function isRegistryEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: count() }).from(organisations);
  return (row?.n ?? 0) === 0;
}
