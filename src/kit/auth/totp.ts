import type { AppContext } from '../../app/context.js';
import type { users } from './schema.js';

/**
 * Checks a TOTP code against the user's sealed secret.
 * Placeholder until the TOTP work lands: no user can enable TOTP yet, so this is never reached.
 */
export async function verifyTotpForUser(_ctx: AppContext, _user: typeof users.$inferSelect, _code: string): Promise<boolean> {
  return false;
}
