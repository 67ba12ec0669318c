import { and, eq } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { renderSVG } from 'uqr';
import type { AppContext } from '../../app/context.js';
import { seal, unseal, type SecretKeyring } from '../crypto.js';
import { users } from './schema.js';

// What every authenticator app understands: RFC 6238 defaults.
const ALGORITHM = 'SHA1';
const DIGITS = 6;
const PERIOD_SECONDS = 30;
// One step either side absorbs clock drift between the phone and the server.
const WINDOW = 1;
const ISSUER = 'Kanaal';

/**
 * What `users.totp_secret_sealed` holds, sealed with the user id as associated data (so a blob
 * copied to another user does not open). `lastStep` is the last time step a code was accepted
 * for: keeping it in the row (not in process memory) makes replay protection hold across every
 * web process, and the row is updated compare-and-set so two concurrent uses of one code cannot
 * both win.
 */
export type TotpState = { v: 1; secret: string; lastStep: number | null };

const associatedData = (userId: string) => `totp:${userId}`;

export function sealTotpState(keyring: SecretKeyring, userId: string, state: TotpState): string {
  return seal(keyring, JSON.stringify(state), associatedData(userId));
}

export function openTotpState(keyring: SecretKeyring, userId: string, sealed: string): TotpState {
  const parsed = JSON.parse(unseal(keyring, sealed, associatedData(userId))) as Partial<TotpState>;
  if (parsed.v !== 1 || typeof parsed.secret !== 'string') throw new Error('sealed TOTP state: unexpected shape');
  return { v: 1, secret: parsed.secret, lastStep: typeof parsed.lastStep === 'number' ? parsed.lastStep : null };
}

/** A fresh 160-bit secret, base32 (what people type into an app when they cannot scan). */
export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The `otpauth://` URL and its QR code (SVG) for an authenticator app. */
export function totpEnrolment(secret: string, accountLabel: string): { otpauthUrl: string; qrSvg: string } {
  const otpauthUrl = new TOTP({
    issuer: ISSUER,
    label: accountLabel,
    secret: Secret.fromBase32(secret),
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD_SECONDS,
  }).toString();
  return { otpauthUrl, qrSvg: renderSVG(otpauthUrl, { ecc: 'M', border: 2 }) };
}

/** The time step a code belongs to (within the window around `timestamp`), or null when it matches none. */
export function matchTotpStep(secret: string, code: string, timestamp = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = TOTP.validate({
    token: code,
    secret: Secret.fromBase32(secret),
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: PERIOD_SECONDS,
    timestamp,
    window: WINDOW,
  });
  if (delta === null) return null;
  return TOTP.counter({ period: PERIOD_SECONDS, timestamp }) + delta;
}

/**
 * Checks `code` against the user's stored secret (enabled or still being set up) and consumes its
 * time step. Returns the new sealed value now in the row, or null when the code is wrong, was
 * already used (same or earlier step), or the user has no secret.
 */
export async function consumeTotpCode(ctx: AppContext, userId: string, code: string): Promise<string | null> {
  // A few rounds only: losing the compare-and-set means another request changed the row meanwhile.
  for (let attempt = 0; attempt < 3; attempt++) {
    const [row] = await ctx.db.select({ sealed: users.totpSecretSealed }).from(users).where(eq(users.id, userId));
    if (!row?.sealed) return null;
    let state: TotpState;
    try {
      state = openTotpState(ctx.keyring, userId, row.sealed);
    } catch (error) {
      ctx.log.error({ userId, reason: (error as Error).message }, 'stored TOTP secret cannot be opened');
      return null;
    }
    const step = matchTotpStep(state.secret, code);
    if (step === null) return null;
    if (state.lastStep !== null && step <= state.lastStep) return null; // replay, or a code older than one already used
    const next = sealTotpState(ctx.keyring, userId, { ...state, lastStep: step });
    const updated = await ctx.db
      .update(users)
      .set({ totpSecretSealed: next })
      .where(and(eq(users.id, userId), eq(users.totpSecretSealed, row.sealed)))
      .returning({ id: users.id });
    if (updated.length === 1) return next;
  }
  return null;
}

/** Sign-in check: true when `code` is a fresh, correct code for the user. A code works once. */
export async function verifyTotpForUser(ctx: AppContext, user: typeof users.$inferSelect, code: string): Promise<boolean> {
  if (!user.totpEnabled) return false;
  return (await consumeTotpCode(ctx, user.id, code)) !== null;
}
