import { createHash, randomBytes } from 'node:crypto';

/** A random secret with a recognisable prefix (so leaked tokens can be found by secret scanners). */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** Only hashes are stored: a database dump does not hand out sessions or API tokens. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
