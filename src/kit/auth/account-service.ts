import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import type { Caller } from '../access.js';
import { actorOf, recordAudit } from '../audit.js';
import { conflict, unauthorized, unprocessable } from '../errors.js';
import { assertLoginAllowed, recordLoginAttempt } from './login-limit.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { users } from './schema.js';
import { destroyOtherSessions } from './sessions.js';
import { consumeTotpCode, newTotpSecret, sealTotpState, totpEnrolment } from './totp.js';
import { codedFieldError } from '../field-errors.js';

/** Where the request came from: the address feeds the same failure limit as sign-in. */
export type RequestMeta = { ip: string; sessionId?: string };

async function loadUser(ctx: AppContext, caller: Caller) {
  const [user] = await ctx.db.select().from(users).where(eq(users.id, caller.userId));
  if (!user) throw unauthorized();
  return user;
}

/** Changes the caller's display name and/or interface language. */
export async function updateProfile(ctx: AppContext, caller: Caller, input: { name?: string; locale?: 'nl' | 'fr' | 'en' }): Promise<void> {
  const user = await loadUser(ctx, caller);
  const changes = {
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.locale !== undefined ? { locale: input.locale } : {}),
  };
  if (Object.keys(changes).length === 0) return;
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set(changes).where(eq(users.id, user.id));
    await recordAudit(tx, actorOf(caller), {
      organisationId: null,
      action: 'update',
      entity: 'user',
      entityId: user.id,
      before: { name: user.name, locale: user.locale },
      after: { name: changes.name ?? user.name, locale: changes.locale ?? user.locale },
    });
  });
}

/**
 * Replaces the caller's password after checking the current one, and signs the user out of every
 * other session (a password change is what people do when they fear someone else is in). API
 * tokens stay: they are managed (and revoked) on their own. Wrong current passwords count towards
 * the sign-in failure limit, so a stolen session cannot be used to guess the password.
 */
export async function changePassword(
  ctx: AppContext,
  caller: Caller,
  input: { currentPassword: string; newPassword: string },
  meta: RequestMeta,
): Promise<void> {
  const user = await loadUser(ctx, caller);
  if (!user.passwordHash) throw unprocessable('This account signs in with single sign-on and has no password here.');
  await assertLoginAllowed(ctx.db, user.email, meta.ip);
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await recordLoginAttempt(ctx.db, user.email, meta.ip, false);
    throw unprocessable('The current password is wrong.', [codedFieldError('currentPassword', 'wrong_password')]);
  }
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    const revoked = await destroyOtherSessions(tx, user.id, meta.sessionId);
    await recordAudit(tx, actorOf(caller), {
      organisationId: null,
      action: 'change_password',
      entity: 'user',
      entityId: user.id,
      after: { otherSessionsRevoked: revoked },
    });
  });
}

/**
 * Starts (or restarts) TOTP enrolment: a new secret is stored sealed but not enabled until a code
 * from it is confirmed. Refused while TOTP is on: replacing the secret of an enabled account would
 * let whoever holds the session swap in their own authenticator without ever showing a code.
 */
export async function startTotpSetup(ctx: AppContext, caller: Caller): Promise<{ secret: string; otpauthUrl: string; qrSvg: string }> {
  const user = await loadUser(ctx, caller);
  if (user.totpEnabled) throw conflict('Two-step sign-in is already on. Turn it off first to set up a new authenticator.');
  const secret = newTotpSecret();
  const sealed = sealTotpState(ctx.keyring, user.id, { v: 1, secret, lastStep: null });
  await ctx.db
    .update(users)
    .set({ totpSecretSealed: sealed })
    .where(and(eq(users.id, user.id), eq(users.totpEnabled, false)));
  return { secret, ...totpEnrolment(secret, user.email) };
}

/** Turns TOTP on once the caller proves their app holds the secret from the last setup. */
export async function enableTotp(ctx: AppContext, caller: Caller, code: string, meta: RequestMeta): Promise<void> {
  const user = await loadUser(ctx, caller);
  if (user.totpEnabled) throw conflict('Two-step sign-in is already on.');
  if (!user.totpSecretSealed) throw conflict('Start the setup first.');
  const sealed = await checkCode(ctx, user.id, user.email, code, meta);
  await ctx.db.transaction(async (tx) => {
    // Only the secret that was just checked may be enabled: a setup that raced in between loses.
    const enabled = await tx
      .update(users)
      .set({ totpEnabled: true })
      .where(and(eq(users.id, user.id), eq(users.totpSecretSealed, sealed)))
      .returning({ id: users.id });
    if (enabled.length === 0) throw conflict('The setup changed meanwhile; start again.');
    await recordAudit(tx, actorOf(caller), { organisationId: null, action: 'enable_totp', entity: 'user', entityId: user.id });
  });
}

/** Turns TOTP off (and forgets the secret) after a valid code. */
export async function disableTotp(ctx: AppContext, caller: Caller, code: string, meta: RequestMeta): Promise<void> {
  const user = await loadUser(ctx, caller);
  if (!user.totpEnabled) throw conflict('Two-step sign-in is not on.');
  await checkCode(ctx, user.id, user.email, code, meta);
  await ctx.db.transaction(async (tx) => {
    await tx.update(users).set({ totpEnabled: false, totpSecretSealed: null }).where(eq(users.id, user.id));
    await recordAudit(tx, actorOf(caller), { organisationId: null, action: 'disable_totp', entity: 'user', entityId: user.id });
  });
}

/** A code check that shares the sign-in failure limit: six digits are guessable without one. */
async function checkCode(ctx: AppContext, userId: string, email: string, code: string, meta: RequestMeta): Promise<string> {
  await assertLoginAllowed(ctx.db, email, meta.ip);
  const sealed = await consumeTotpCode(ctx, userId, code);
  if (!sealed) {
    await recordLoginAttempt(ctx.db, email, meta.ip, false);
    throw unprocessable('The code is wrong or was already used.', [codedFieldError('code', 'code_not_accepted')]);
  }
  return sealed;
}
