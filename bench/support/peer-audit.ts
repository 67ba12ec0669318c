import type { MastodonPeer } from '../../test/peers/mastodon/server.js';

/**
 * What the peer saw, checked from its own records (not from Kanaal's rows): duplicate statuses and
 * requests per account per rate-limit window.
 */

/** Statuses beyond the first per idempotency key, and per text (every bench post has a distinct text). */
export function peerDuplicates(peer: MastodonPeer): { byKey: number; byText: number; statuses: number } {
  const byKey = new Map<string, number>();
  const byText = new Map<string, number>();
  for (const status of peer.state.statuses.values()) {
    if (status.idempotencyKey) byKey.set(status.idempotencyKey, (byKey.get(status.idempotencyKey) ?? 0) + 1);
    const text = `${status.accountId}\u0000${status.text}`;
    byText.set(text, (byText.get(text) ?? 0) + 1);
  }
  const extra = (m: Map<string, number>) => [...m.values()].reduce((sum, n) => sum + Math.max(0, n - 1), 0);
  return { byKey: extra(byKey), byText: extra(byText), statuses: peer.state.statuses.size };
}

/**
 * The most /api/ requests one account made in one 5-minute window, counted the way the peer's
 * limiter counts (fixed windows aligned to the period). POSTs are attributed through their
 * idempotency key, account status listings through the path; `unattributed` counts the rest.
 * `refused429` counts 429 replies (the peer's limiter or an injected fault).
 */
export function requestsPerWindow(
  peer: MastodonPeer,
  accountOfKey: (key: string) => string | undefined,
  periodMs = peer.settings.rateLimits.api.periodSeconds * 1000,
): { maxPerWindow: number; unattributed: number; refused429: number; requests: number } {
  const counts = new Map<string, number>();
  let unattributed = 0;
  let refused429 = 0;
  for (const request of peer.state.requests) {
    if (!request.path.startsWith('/api/')) continue;
    if (request.outcome === 429) refused429 += 1;
    const account =
      (request.idempotencyKey ? accountOfKey(request.idempotencyKey) : undefined) ??
      /^\/api\/v1\/accounts\/(\d+)\/statuses$/.exec(request.path)?.[1];
    if (!account) {
      unattributed += 1;
      continue;
    }
    const window = Math.floor(request.at.getTime() / periodMs);
    const key = `${account}:${window}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return { maxPerWindow: Math.max(0, ...counts.values()), unattributed, refused429, requests: peer.state.requests.length };
}

/** Statuses of the given accounts stored after `instant` (ms since epoch), by the peer's receive clock. */
export function statusesAfter(peer: MastodonPeer, accounts: ReadonlySet<string>, instant: number): number {
  let n = 0;
  for (const status of peer.state.statuses.values()) if (accounts.has(status.accountId) && status.createdAt.getTime() > instant) n += 1;
  return n;
}

export const round1 = (n: number) => Math.round(n * 10) / 10;
