import { and, count, eq, gt, inArray, lt } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { rateLimited } from '../errors.js';
import { loginAttempts } from './schema.js';

// Failed sign-ins allowed per window before the door closes for the rest of the window.
const WINDOW_MS = 15 * 60 * 1000;
const MAX_FAILURES_PER_EMAIL = 10;
const MAX_FAILURES_PER_IP = 50;

/**
 * Throws 429 when this email or address has failed too often recently. Kept in the database so
 * every web process shares the count.
 */
export async function assertLoginAllowed(db: Db, email: string, ip: string): Promise<void> {
  const since = new Date(Date.now() - WINDOW_MS);
  const keys = [`email:${email}`, `ip:${ip}`];
  const counts = await db
    .select({ key: loginAttempts.key, failures: count() })
    .from(loginAttempts)
    .where(and(inArray(loginAttempts.key, keys), eq(loginAttempts.succeeded, false), gt(loginAttempts.attemptedAt, since)))
    .groupBy(loginAttempts.key);
  for (const c of counts) {
    const limit = c.key.startsWith('email:') ? MAX_FAILURES_PER_EMAIL : MAX_FAILURES_PER_IP;
    if (c.failures >= limit) throw rateLimited(Math.ceil(WINDOW_MS / 1000));
  }
}

export async function recordLoginAttempt(db: Db, email: string, ip: string, succeeded: boolean): Promise<void> {
  await db.insert(loginAttempts).values([
    { key: `email:${email}`, succeeded },
    { key: `ip:${ip}`, succeeded },
  ]);
  // Keep the table small: anything older than a day is useless for the window.
  if (Math.random() < 0.01) await db.delete(loginAttempts).where(lt(loginAttempts.attemptedAt, new Date(Date.now() - 86_400_000)));
}
