/**
 * Sealing of secrets (network tokens, OAuth refresh tokens, …) at rest.
 *
 * AES-256-GCM with a random 12-byte IV and a 16-byte tag. The sealed form is a
 * compact ASCII string that carries the id of the key it was sealed with, so the
 * secret key can be rotated: put the new key first and keep the old ones in the
 * keyring until every row has been re-sealed.
 *
 *   v1.<keyId>.<iv b64url>.<ciphertext b64url>.<tag b64url>
 *
 * Optional associated data (for example the channel id) is authenticated but not
 * stored: a sealed value copied to another row will not open there.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';

export type SecretKeyring = { currentKeyId: string; keys: Map<string, Buffer> };

const VERSION = 'v1';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const ALGORITHM = 'aes-256-gcm';
const SECRET_KEY_FILE = 'secret.key';

const BASE64_RE = /^[A-Za-z0-9+/_-]+={0,2}$/;
const BASE64URL_RE = /^[A-Za-z0-9_-]*$/;

/** Stable key id: first 8 hex characters of sha256(key bytes). */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

function decodeKey(base64Key: string, label: string): Buffer {
  const text = base64Key.trim();
  const key = BASE64_RE.test(text) ? Buffer.from(text, 'base64') : null;
  if (key === null || key.length !== KEY_BYTES) {
    // Never echo the key itself.
    const got = key === null ? 'not valid base64' : `${key.length} bytes`;
    throw new Error(
      `${label} must be ${KEY_BYTES} random bytes encoded as base64 (got ${got}); ` +
        'create one with: openssl rand -base64 32',
    );
  }
  return key;
}

/**
 * Build a keyring from the current secret key (base64, 32 bytes).
 * `extraKeys` are older keys (label → base64 key) that can still unseal values
 * but are never used to seal; their ids are derived the same way.
 */
export function keyringFromSecret(base64Key: string, extraKeys?: Record<string, string>): SecretKeyring {
  const current = decodeKey(base64Key, 'KANAAL_SECRET_KEY');
  const currentKeyId = keyIdOf(current);
  const keys = new Map<string, Buffer>([[currentKeyId, current]]);
  for (const [label, value] of Object.entries(extraKeys ?? {})) {
    const key = decodeKey(value, `secret key "${label}"`);
    const id = keyIdOf(key);
    if (!keys.has(id)) keys.set(id, key);
  }
  return { currentKeyId, keys };
}

export function seal(keyring: SecretKeyring, plaintext: string, associatedData?: string): string {
  const key = keyring.keys.get(keyring.currentKeyId);
  if (!key) throw new Error(`sealed secret: current key id ${keyring.currentKeyId} is not in the keyring`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  if (associatedData !== undefined) cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [
    VERSION,
    keyring.currentKeyId,
    iv.toString('base64url'),
    ciphertext.toString('base64url'),
    tag.toString('base64url'),
  ].join('.');
}

function decodePart(value: string, name: string): Buffer {
  if (!BASE64URL_RE.test(value)) throw new Error(`sealed secret: malformed ${name} (not base64url)`);
  return Buffer.from(value, 'base64url');
}

export function unseal(keyring: SecretKeyring, sealed: string, associatedData?: string): string {
  if (typeof sealed !== 'string') throw new Error('sealed secret: not a string');
  const parts = sealed.trim().split('.');
  if (parts.length !== 5) {
    throw new Error('sealed secret: malformed value (expected v1.<keyId>.<iv>.<ciphertext>.<tag>)');
  }
  const [version, keyId, ivText, ctText, tagText] = parts as [string, string, string, string, string];
  if (version !== VERSION) throw new Error(`sealed secret: unsupported version "${version.slice(0, 10)}"`);
  const key = keyring.keys.get(keyId);
  if (!key) {
    throw new Error(
      `sealed secret: unknown key id ${keyId.slice(0, 16)} (was the secret key changed? ` +
        'keep the old key in the keyring until values are re-sealed)',
    );
  }
  const iv = decodePart(ivText, 'iv');
  const ciphertext = decodePart(ctText, 'ciphertext');
  const tag = decodePart(tagText, 'tag');
  if (iv.length !== IV_BYTES) throw new Error('sealed secret: malformed iv (wrong length)');
  if (tag.length !== TAG_BYTES) throw new Error('sealed secret: malformed tag (wrong length)');

  const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(tag);
  if (associatedData !== undefined) decipher.setAAD(Buffer.from(associatedData, 'utf8'));
  try {
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new Error(
      'sealed secret: authentication failed (the value was altered, belongs to another record, or was sealed with another key)',
    );
  }
}

/** True when `sealed` looks like output of {@link seal} (does not verify it). */
export function isSealed(value: string): boolean {
  return /^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+$/.test(value);
}

/** Re-seal under the current key if the value was sealed with an older key. */
export function reseal(keyring: SecretKeyring, sealed: string, associatedData?: string): string {
  const keyId = sealed.split('.')[1];
  if (keyId === keyring.currentKeyId) return sealed;
  return seal(keyring, unseal(keyring, sealed, associatedData), associatedData);
}

/**
 * The secret key: `envValue` (KANAAL_SECRET_KEY) when set, otherwise
 * `<dataDir>/secret.key`, created with 32 random bytes (base64, mode 0600) when missing.
 */
export async function loadOrCreateSecretKey(dataDir: string, envValue?: string): Promise<string> {
  if (envValue !== undefined && envValue.trim() !== '') return envValue.trim();
  const file = join(dataDir, SECRET_KEY_FILE);

  const existing = await readKeyFile(file);
  if (existing !== null) return existing;

  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const value = randomBytes(KEY_BYTES).toString('base64');
  // Write a temporary file, then link it into place: the key file appears
  // complete or not at all, and a concurrent creator cannot be overwritten.
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    try {
      await handle.chmod(0o600); // independent of the process umask
      await handle.writeFile(`${value}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await link(temp, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const raced = await readKeyFile(file);
      if (raced === null) throw error;
      return raced;
    }
  } finally {
    await unlink(temp).catch(() => undefined);
  }
  return value;
}

async function readKeyFile(file: string): Promise<string | null> {
  try {
    const text = (await readFile(file, 'utf8')).trim();
    if (text === '') throw new Error(`secret key file ${file} is empty; remove it or set KANAAL_SECRET_KEY`);
    return text;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
