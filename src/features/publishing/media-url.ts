import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { checkStorageKey } from '../../kit/media-storage.js';
import type { SecretKeyring } from '../../kit/crypto.js';
import type { MediaItem } from '../../networks/connector.js';

/**
 * Signed public URLs for media files. Instagram and Threads take no uploaded bytes: Meta fetches
 * each image from a public URL. Kanaal hands them
 *
 *   <PUBLIC_URL>/media/public/<storageKey>?exp=<unix seconds>&type=<mime type>&sig=<HMAC-SHA256, base64url>
 *
 * valid until `exp`, served without a session by media-url-routes.ts. The signature covers the
 * key, the type the file is served as and the expiry, so none of them can be changed; the type is
 * in the URL (rather than looked up) so that any stored object a publication refers to can be
 * served, with the type the publication gave it.
 *
 * The HMAC key is derived from the installation's secret key with HKDF and a purpose label, never
 * the sealing key itself: a signature is no help against sealed secrets, and the other way round.
 * Every key in the keyring verifies, so links signed just before a key rotation stay valid.
 */

/** How long a link given to a network stays valid: Meta fetches within seconds, retries within minutes. */
export const PUBLIC_MEDIA_TTL_SECONDS = 60 * 60;
const MAX_TTL_SECONDS = 7 * 24 * 60 * 60;
const PURPOSE = 'kanaal/media-url/v1';
const SIGNATURE_BYTES = 32;
// Only media is served from these URLs; never a type a browser would run (text/html, image/svg+xml).
const SERVABLE_TYPE = /^(image\/(jpeg|png|gif|webp|heic|heif|avif|bmp|tiff)|video\/[a-z0-9.+-]{1,60})$/;

export type MediaUrlSigner = { publicUrl: string; keyring: SecretKeyring };

const subkeys = new WeakMap<Buffer, Buffer>();

/** The media-URL subkey of one secret key (HKDF-SHA256, purpose-bound), cached per key. */
function subkeyOf(secret: Buffer): Buffer {
  let subkey = subkeys.get(secret);
  if (!subkey) {
    subkey = Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), PURPOSE, SIGNATURE_BYTES));
    subkeys.set(secret, subkey);
  }
  return subkey;
}

function signatureOf(subkey: Buffer, storageKey: string, mimeType: string, exp: number): Buffer {
  // Fields are separated by a newline, which none of them can contain (checked before signing).
  return createHmac('sha256', subkey).update(`${storageKey}\n${mimeType}\n${exp}`, 'utf8').digest();
}

/** True when `mimeType` may be served from a public media URL. */
export function isServableType(mimeType: string): boolean {
  return SERVABLE_TYPE.test(mimeType);
}

/**
 * A URL that serves the bytes under `storageKey` as `mimeType` to anyone, for `ttlSeconds`.
 * Throws when the key is not a storage key or the type is not one served publicly.
 */
export function signedMediaUrl(signer: MediaUrlSigner, storageKey: string, mimeType: string, ttlSeconds: number, now = Date.now()): string {
  checkStorageKey(storageKey);
  const type = mimeType.trim().toLowerCase();
  if (!isServableType(type)) throw new Error(`media of type ${mimeType} is not served at a public URL`);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0 || ttlSeconds > MAX_TTL_SECONDS)
    throw new Error(`a public media URL is valid between 1 second and ${MAX_TTL_SECONDS} seconds, not ${ttlSeconds}`);
  const secret = signer.keyring.keys.get(signer.keyring.currentKeyId);
  if (!secret) throw new Error(`media URL: current key id ${signer.keyring.currentKeyId} is not in the keyring`);
  const exp = Math.floor(now / 1000) + ttlSeconds;
  const sig = signatureOf(subkeyOf(secret), storageKey, type, exp).toString('base64url');
  // One path segment: a slash in the key travels as %2F.
  const path = encodeURIComponent(storageKey);
  const query = new URLSearchParams({ exp: String(exp), type, sig });
  return `${signer.publicUrl.replace(/\/+$/, '')}/media/public/${path}?${query}`;
}

export type MediaUrlCheck = { ok: true; mimeType: string; expiresAt: number } | { ok: false; reason: 'invalid' | 'expired' };

/**
 * Checks a public media URL's parts, in constant time per key of the keyring. Any missing,
 * malformed or altered part is `invalid`; a genuine link past its `exp` is `expired`.
 */
export function verifyMediaUrl(
  keyring: SecretKeyring,
  parts: { storageKey: string; exp?: string; type?: string; sig?: string },
  now = Date.now(),
): MediaUrlCheck {
  const { storageKey, exp, type, sig } = parts;
  if (!exp || !/^\d{1,12}$/.test(exp) || !type || !isServableType(type) || !sig || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return { ok: false, reason: 'invalid' };
  try {
    checkStorageKey(storageKey);
  } catch {
    return { ok: false, reason: 'invalid' };
  }
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== SIGNATURE_BYTES) return { ok: false, reason: 'invalid' };
  const expiresAt = Number(exp);
  let genuine = false;
  for (const secret of keyring.keys.values()) {
    // No early exit: the time taken does not tell which key (if any) matched.
    if (timingSafeEqual(signatureOf(subkeyOf(secret), storageKey, type, expiresAt), given)) genuine = true;
  }
  if (!genuine) return { ok: false, reason: 'invalid' };
  if (expiresAt * 1000 <= now) return { ok: false, reason: 'expired' };
  return { ok: true, mimeType: type, expiresAt };
}

/**
 * What the publisher hands to connectors that fetch media by URL (Instagram, Threads read it as
 * `account.credentials.imageUrlFor`): a signed URL per media item, valid `ttlSeconds`.
 */
export function publicMediaUrlFor(signer: MediaUrlSigner, ttlSeconds = PUBLIC_MEDIA_TTL_SECONDS): (media: MediaItem) => string {
  return (media) => {
    if (!media.storageKey) throw new Error(`media file "${media.fileName}" has no storage key to make a public URL for`);
    return signedMediaUrl(signer, media.storageKey, media.mimeType, ttlSeconds);
  };
}
