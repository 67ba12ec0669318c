/**
 * A channel's connection health in one word, for the health page and the channel list. The page
 * explains each in plain words (web/src/i18n: connections.health.*).
 * - `unsupported`: Kanaal cannot connect this network yet;
 * - `not_connected`: no account connected;
 * - `expired`: the token's expiry has passed: someone must reconnect;
 * - `failing`: the last call with the account failed (last error is newer than the last success);
 * - `expiring`: the token ends within EXPIRY_WARNING_DAYS and the network offers no renewal;
 * - `ok`.
 */
export type ConnectionHealth = 'unsupported' | 'not_connected' | 'expired' | 'failing' | 'expiring' | 'ok';

export const CONNECTION_HEALTHS: readonly ConnectionHealth[] = ['unsupported', 'not_connected', 'expired', 'failing', 'expiring', 'ok'];

export const EXPIRY_WARNING_DAYS = 7;

export type HealthFacts = {
  supported: boolean;
  /** The connector can renew tokens itself (refresh job). */
  canRefresh: boolean;
  connection: { tokenExpiresAt: Date | null; lastSuccessAt: Date | null; lastErrorAt: Date | null } | null;
};

export function healthOf(facts: HealthFacts, now = new Date()): ConnectionHealth {
  if (!facts.supported) return 'unsupported';
  const c = facts.connection;
  if (!c) return 'not_connected';
  if (c.tokenExpiresAt && c.tokenExpiresAt <= now) return 'expired';
  if (c.lastErrorAt && (!c.lastSuccessAt || c.lastErrorAt > c.lastSuccessAt)) return 'failing';
  if (c.tokenExpiresAt && !facts.canRefresh && c.tokenExpiresAt.getTime() - now.getTime() < EXPIRY_WARNING_DAYS * 86_400_000) return 'expiring';
  return 'ok';
}
