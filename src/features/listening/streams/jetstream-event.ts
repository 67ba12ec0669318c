/**
 * Jetstream events (github.com/bluesky-social/jetstream) to SourceItems. Pure, no I/O: the reader
 * parses each frame once with JSON.parse and hands the value here; benchmarks call it directly.
 *
 * Hot path (tens of thousands of events per second): no intermediate objects, no second parse,
 * property checks in the order that rejects the common non-post events first.
 */
import type { SourceItem } from '../sources/item.js';

export const BLUESKY_POST_COLLECTION = 'app.bsky.feed.post';

/** The fields we read; everything is optional because the frame comes from the network. */
export type JetstreamEvent = {
  did?: unknown;
  time_us?: unknown;
  kind?: unknown;
  commit?: {
    operation?: unknown;
    collection?: unknown;
    rkey?: unknown;
    cid?: unknown;
    record?: { text?: unknown; langs?: unknown; createdAt?: unknown } | null;
  } | null;
};

// Syntax from the atproto specs (DID and record key); anything else would make a broken URL.
const DID = /^did:[a-z]+:[A-Za-z0-9._:%-]{1,2048}$/;
const RKEY = /^[A-Za-z0-9._:~-]{1,512}$/;
const LANGUAGE = /^[a-z]{2,3}$/;

/** at://did/app.bsky.feed.post/rkey — the post's stable id. */
export function blueskyPostUri(did: string, rkey: string): string {
  return `at://${did}/${BLUESKY_POST_COLLECTION}/${rkey}`;
}

/** BCP 47 primary language subtag, lower case (`en-GB` → `en`); null when not a language. */
export function primaryLanguage(tag: unknown): string | null {
  if (typeof tag !== 'string') return null;
  const dash = tag.indexOf('-');
  const primary = (dash === -1 ? tag : tag.slice(0, dash)).toLowerCase();
  return LANGUAGE.test(primary) && primary !== 'und' ? primary : null;
}

/**
 * The SourceItem for a Jetstream event that creates a Bluesky post; null for every other event
 * (identity, account, likes, updates, deletes) and for a post event too broken to use (no text,
 * an invalid DID or record key). The author is the DID: resolving handles needs a network call
 * per author (PLC directory or DNS) and belongs to a later, cached step, not to this hot path.
 */
export function jetstreamEventToItem(json: unknown): SourceItem | null {
  if (typeof json !== 'object' || json === null) return null;
  const event = json as JetstreamEvent;
  if (event.kind !== 'commit') return null;
  const commit = event.commit;
  if (typeof commit !== 'object' || commit === null) return null;
  if (commit.operation !== 'create' || commit.collection !== BLUESKY_POST_COLLECTION) return null;
  const record = commit.record;
  if (typeof record !== 'object' || record === null) return null;
  const text = record.text;
  const did = event.did;
  const rkey = commit.rkey;
  if (typeof text !== 'string' || typeof did !== 'string' || typeof rkey !== 'string') return null;
  if (!DID.test(did) || !RKEY.test(rkey)) return null;

  const langs = record.langs;
  let publishedAt: Date | null = null;
  if (typeof record.createdAt === 'string') {
    publishedAt = new Date(record.createdAt);
    if (Number.isNaN(publishedAt.getTime())) publishedAt = null;
  }
  return {
    kind: 'bluesky',
    externalId: blueskyPostUri(did, rkey),
    url: `https://bsky.app/profile/${did}/post/${rkey}`,
    author: did,
    authorDisplayName: null,
    title: null,
    text,
    language: Array.isArray(langs) ? primaryLanguage(langs[0]) : null,
    publishedAt,
  };
}

/**
 * What a parsed frame means to the reader: `time_us` for the cursor, or null when the frame is not
 * a Jetstream event at all (the reader counts it as malformed). Heartbeat replies have no time.
 */
export function jetstreamEventTime(json: unknown): number | null {
  if (typeof json !== 'object' || json === null) return null;
  const time = (json as JetstreamEvent).time_us;
  return typeof time === 'number' && Number.isSafeInteger(time) && time > 0 ? time : null;
}

/** True for a post-create event (so a null item from it means a broken post, not another kind). */
export function isPostCreate(event: JetstreamEvent): boolean {
  const commit = event.commit;
  return (
    event.kind === 'commit' &&
    typeof commit === 'object' &&
    commit !== null &&
    commit.operation === 'create' &&
    commit.collection === BLUESKY_POST_COLLECTION
  );
}

/** The at:// URI of the post a delete event removes; null for any other event. */
export function deletedPostUri(event: JetstreamEvent): string | null {
  const commit = event.commit;
  if (event.kind !== 'commit' || typeof commit !== 'object' || commit === null) return null;
  if (commit.operation !== 'delete' || commit.collection !== BLUESKY_POST_COLLECTION) return null;
  const did = event.did;
  const rkey = commit.rkey;
  if (typeof did !== 'string' || typeof rkey !== 'string' || !DID.test(did) || !RKEY.test(rkey)) return null;
  return blueskyPostUri(did, rkey);
}
