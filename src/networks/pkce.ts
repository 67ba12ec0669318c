import { createHash, randomBytes } from 'node:crypto';

/** A PKCE pair (RFC 7636, S256): keep the verifier with the pending connection, send the challenge. */
export function createPkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}
