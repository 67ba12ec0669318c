import { createHash } from 'node:crypto';

/**
 * The record key of a publication's post, derived from its idempotency key alone, so every attempt
 * (and every reconcile) names the same record: a second createRecord with that key cannot make a
 * second post, and `getRecord(rkey)` answers "was it published?" exactly.
 *
 * `app.bsky.feed.post` declares `key: "tid"`, and the PDS checks it ("Invalid TID string"), so the
 * key must be a TID: a 64-bit integer (top bit 0, then 53 bits of microseconds since 1970, then a
 * 10-bit clock id) written as 13 characters of base32-sortable. We fill it from SHA-256 of the
 * idempotency key: 48 bits of timestamp placed after 2015-01-01 (so every derived time lies
 * between 2015 and late 2023, never in the future — nothing depends on the rkey's time, clients
 * and the AppView sort by createdAt, but a time in the past is the unsurprising one) and 10 bits of
 * clock id: 58 bits from the hash, so two publications of one account share a key with
 * negligible odds (≈ n² / 2⁵⁹).
 */
const ALPHABET = '234567abcdefghijklmnopqrstuvwxyz';
const TIMESTAMP_BASE_MICROS = BigInt(Date.UTC(2015, 0, 1)) * 1000n;
const TIMESTAMP_HASH_BITS = 48n;
const CLOCK_ID_BITS = 10n;

export function rkeyFor(idempotencyKey: string): string {
  const hash = createHash('sha256').update(`kanaal:bluesky:rkey:${idempotencyKey}`).digest();
  const bits = hash.readBigUInt64BE(0);
  const offset = bits >> (64n - TIMESTAMP_HASH_BITS);
  const clockId = bits & ((1n << CLOCK_ID_BITS) - 1n);
  return encodeTid(((TIMESTAMP_BASE_MICROS + offset) << CLOCK_ID_BITS) | clockId);
}

function encodeTid(value: bigint): string {
  let out = '';
  for (let i = 0; i < 13; i += 1) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

/** The TID syntax the atproto spec gives (first character limits the top bit to 0). */
export const TID_PATTERN = /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/;
