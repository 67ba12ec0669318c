import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isSealed, keyIdOf, keyringFromSecret, loadOrCreateSecretKey, reseal, seal, unseal } from './crypto.js';

const newKey = () => randomBytes(32).toString('base64');

/** Flip one bit in the base64url part `index` of a sealed value. */
function tamper(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[index] ?? '', 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('keyringFromSecret', () => {
  it('derives a stable key id from the key', () => {
    const key = newKey();
    const a = keyringFromSecret(key);
    const b = keyringFromSecret(key);
    expect(a.currentKeyId).toMatch(/^[0-9a-f]{8}$/);
    expect(a.currentKeyId).toBe(b.currentKeyId);
    expect(a.currentKeyId).toBe(keyIdOf(Buffer.from(key, 'base64')));
    expect(a.keys.size).toBe(1);
  });

  it('refuses keys that are not 32 bytes, without echoing them', () => {
    const short = randomBytes(16).toString('base64');
    expect(() => keyringFromSecret(short)).toThrow(/32 random bytes.*got 16 bytes/);
    expect(() => keyringFromSecret(randomBytes(33).toString('base64'))).toThrow(/got 33 bytes/);
    expect(() => keyringFromSecret('not base64 at all!')).toThrow(/not valid base64/);
    expect(() => keyringFromSecret('')).toThrow(/32 random bytes/);
    try {
      keyringFromSecret(short);
    } catch (error) {
      expect((error as Error).message).not.toContain(short);
    }
    expect(() => keyringFromSecret(newKey(), { old: 'abcd' })).toThrow(/secret key "old"/);
  });
});

describe('seal / unseal', () => {
  const keyring = keyringFromSecret(newKey());

  it('round-trips, including empty and non-ASCII text', () => {
    for (const text of ['mastodon-token-123', '', 'ünïcødé ✓ 🔐', 'x'.repeat(10_000)]) {
      const sealed = seal(keyring, text);
      expect(isSealed(sealed)).toBe(true);
      expect(sealed.startsWith(`v1.${keyring.currentKeyId}.`)).toBe(true);
      expect(sealed.split('.')).toHaveLength(5);
      expect(unseal(keyring, sealed)).toBe(text);
    }
  });

  it('uses a fresh IV each time', () => {
    const a = seal(keyring, 'same');
    const b = seal(keyring, 'same');
    expect(a).not.toBe(b);
    expect(Buffer.from(a.split('.')[2] ?? '', 'base64url')).toHaveLength(12);
  });

  it('detects a flipped byte in the ciphertext, the tag and the iv', () => {
    const sealed = seal(keyring, 'secret token');
    expect(() => unseal(keyring, tamper(sealed, 3))).toThrow(/authentication failed/);
    expect(() => unseal(keyring, tamper(sealed, 4))).toThrow(/authentication failed/);
    expect(() => unseal(keyring, tamper(sealed, 2))).toThrow(/authentication failed/);
  });

  it('rejects malformed values with clear messages', () => {
    const sealed = seal(keyring, 'secret token');
    const parts = sealed.split('.');
    expect(() => unseal(keyring, 'plain text')).toThrow(/malformed value/);
    expect(() => unseal(keyring, ['v2', ...parts.slice(1)].join('.'))).toThrow(/unsupported version/);
    expect(() => unseal(keyring, [...parts.slice(0, 4), parts[4]?.slice(0, 10)].join('.'))).toThrow(
      /malformed tag/,
    );
    expect(() => unseal(keyring, [...parts.slice(0, 3), 'a+b/', parts[4]].join('.'))).toThrow(/not base64url/);
  });

  it('binds associated data: wrong or missing AAD fails', () => {
    const sealed = seal(keyring, 'token', 'channel:1');
    expect(unseal(keyring, sealed, 'channel:1')).toBe('token');
    expect(() => unseal(keyring, sealed, 'channel:2')).toThrow(/authentication failed/);
    expect(() => unseal(keyring, sealed)).toThrow(/authentication failed/);
    const plain = seal(keyring, 'token');
    expect(() => unseal(keyring, plain, 'channel:1')).toThrow(/authentication failed/);
  });

  it('fails with an unknown key id for another key', () => {
    const other = keyringFromSecret(newKey());
    const sealed = seal(other, 'token');
    expect(() => unseal(keyring, sealed)).toThrow(/^sealed secret: unknown key id [0-9a-f]{8}/);
  });

  it('supports rotation: old values open under a keyring with a new current key', () => {
    const oldKey = newKey();
    const oldRing = keyringFromSecret(oldKey);
    const sealedOld = seal(oldRing, 'old token', 'channel:7');

    const rotated = keyringFromSecret(newKey(), { previous: oldKey });
    expect(rotated.currentKeyId).not.toBe(oldRing.currentKeyId);
    expect(rotated.keys.size).toBe(2);
    expect(unseal(rotated, sealedOld, 'channel:7')).toBe('old token');

    // New values are sealed with the new key only.
    const sealedNew = seal(rotated, 'new token');
    expect(sealedNew.split('.')[1]).toBe(rotated.currentKeyId);
    expect(() => unseal(oldRing, sealedNew)).toThrow(/unknown key id/);

    // Re-sealing moves an old value to the current key.
    const moved = reseal(rotated, sealedOld, 'channel:7');
    expect(moved.split('.')[1]).toBe(rotated.currentKeyId);
    expect(unseal(rotated, moved, 'channel:7')).toBe('old token');
    expect(reseal(rotated, moved, 'channel:7')).toBe(moved);
  });
});

describe('loadOrCreateSecretKey', () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kanaal-crypto-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('returns the environment value when set, without touching the disk', async () => {
    const dir = join(await tempDir(), 'never-created');
    const key = newKey();
    expect(await loadOrCreateSecretKey(dir, key)).toBe(key);
    await expect(stat(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('creates a 0600 key file (and its directory) once, then reuses it', async () => {
    const dir = join(await tempDir(), 'nested', 'data');
    const first = await loadOrCreateSecretKey(dir);
    const file = join(dir, 'secret.key');
    const info = await stat(file);
    if (process.platform !== 'win32') expect(info.mode & 0o777).toBe(0o600);
    expect(Buffer.from(first, 'base64')).toHaveLength(32);
    expect((await readFile(file, 'utf8')).trim()).toBe(first);
    expect(() => keyringFromSecret(first)).not.toThrow();

    const second = await loadOrCreateSecretKey(dir);
    expect(second).toBe(first);
    const third = await loadOrCreateSecretKey(dir, '');
    expect(third).toBe(first);
  });

  it('returns the same key when called concurrently', async () => {
    const dir = await tempDir();
    const keys = await Promise.all([1, 2, 3, 4].map(() => loadOrCreateSecretKey(dir)));
    expect(new Set(keys).size).toBe(1);
  });
});
