import { and, eq, inArray, ne } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import { safeFetch, UnsafeUrlError } from '../../kit/safe-fetch.js';
import { loadConnectedAccount } from '../connections/accounts.js';
import { channels } from '../registry/schema.js';
import type { ListeningSourceRow } from './schema.js';
import { type SourceItem, SourceError } from './sources/item.js';
import { compareStatusIds, instanceDomain, type MastodonStatus, statusToItem } from './streams/mastodon-status.js';

/**
 * Mentions of the organisation's own accounts (source kind `own_mentions`). The simplest honest
 * version, per network:
 *
 * - Mastodon: the `mention` notifications of each connected Mastodon channel (GET
 *   /api/v1/notifications?types[]=mention, with the channel's token, through safeFetch), polled like a
 *   feed, from the last notification id seen. Covers every mention the account is notified of,
 *   whatever the instance of the author; not covered: channels without a connection, and mentions
 *   the account's own filters or blocks hide.
 * - Bluesky: posts on the Jetstream firehose whose text contains `@handle` of one of the channels
 *   (the stream loop runs it). Bluesky clients write a mention as that text plus a facet; Jetstream
 *   items do not carry facets, so a mention written with a handle the account no longer has, or a
 *   reply without the `@handle` in its text, is not seen.
 */

export type OwnChannel = { id: string; network: 'mastodon' | 'bluesky'; handle: string };

/** The organisation's non-archived Mastodon and Bluesky channels this source listens for. */
export async function ownChannels(ctx: AppContext, source: ListeningSourceRow): Promise<OwnChannel[]> {
  const wanted = Array.isArray(source.settings.channelIds) ? (source.settings.channelIds as string[]) : [];
  const list = await ctx.db
    .select({ id: channels.id, network: channels.network, handle: channels.handle })
    .from(channels)
    .where(
      and(
        eq(channels.organisationId, source.organisationId),
        inArray(channels.network, ['mastodon', 'bluesky']),
        ne(channels.status, 'archived'),
        ...(wanted.length ? [inArray(channels.id, wanted)] : []),
      ),
    );
  return list as OwnChannel[];
}

/** Bluesky handle as written in a mention: `@name.bsky.social`, lower case. */
export function blueskyMentionText(handle: string): string {
  return `@${handle.trim().replace(/^@/, '').toLowerCase()}`;
}

/** True when the post's text mentions one of `mentionTexts` (`@handle`), as a whole handle. */
export function mentionsHandle(text: string, mentionTexts: string[]): boolean {
  const lower = text.toLowerCase();
  for (const mention of mentionTexts) {
    for (let at = lower.indexOf(mention); at >= 0; at = lower.indexOf(mention, at + 1)) {
      // `@stad.gent` must not match `@stad.gentbrugge.be`; a full stop ending the sentence is fine.
      const after = lower.slice(at + mention.length, at + mention.length + 2);
      if (!/^[a-z0-9_-]/.test(after) && !/^\.[a-z0-9]/.test(after)) return true;
    }
  }
  return false;
}

type Notification = { id?: unknown; type?: unknown; status?: MastodonStatus | null };

/**
 * New mention notifications of the connected Mastodon channels since the ids in `lastIds` (by
 * channel id). Returns the items (kind own_mentions), the new ids and, when channels failed, why:
 * one channel's reason as it is, several channels' reasons joined.
 */
export async function readMastodonMentions(
  ctx: AppContext,
  list: OwnChannel[],
  lastIds: Record<string, string>,
): Promise<{ items: SourceItem[]; lastIds: Record<string, string>; error: SourceError | null }> {
  const items: SourceItem[] = [];
  const nextIds = { ...lastIds };
  const errors: SourceError[] = [];
  for (const channel of list.filter((c) => c.network === 'mastodon')) {
    try {
      const loaded = await loadConnectedAccount(ctx.db, ctx.keyring, channel.id);
      const token = loaded?.account.credentials.accessToken;
      if (!loaded || typeof token !== 'string') continue; // not connected: nothing to read with
      const base = loaded.account.apiBaseUrl.replace(/\/+$/, '');
      const url = new URL(`${base}/api/v1/notifications`);
      url.searchParams.append('types[]', 'mention');
      url.searchParams.set('limit', '40');
      const since = lastIds[channel.id];
      if (since) url.searchParams.set('since_id', since);
      const response = await safeFetch(url.toString(), {
        allow: ctx.config.allowUrls,
        timeoutMs: 15_000,
        maxBytes: 4 * 1024 * 1024,
        headers: { accept: 'application/json', authorization: `Bearer ${token}` },
      });
      if (response.status === 401 || response.status === 403) throw new SourceError('access_refused', { channel: channel.handle });
      if (response.status !== 200) throw new SourceError('notifications_status', { channel: channel.handle, status: response.status });
      let list: Notification[];
      try {
        list = JSON.parse(response.body.toString('utf8')) as Notification[];
      } catch {
        throw new SourceError('notifications_invalid_json', { channel: channel.handle });
      }
      if (!Array.isArray(list)) throw new SourceError('notifications_not_a_list', { channel: channel.handle });
      const domain = instanceDomain(base);
      for (const n of list) {
        if (typeof n?.id !== 'string' || n.type !== 'mention' || !n.status) continue;
        if (since && compareStatusIds(n.id, since) <= 0) continue;
        const item = statusToItem(n.status, domain);
        if (item) items.push({ ...item, kind: 'own_mentions' });
        const newest = nextIds[channel.id];
        if (!newest || compareStatusIds(n.id, newest) > 0) nextIds[channel.id] = n.id;
      }
    } catch (error) {
      if (error instanceof SourceError) errors.push(error);
      else if (error instanceof UnsafeUrlError)
        errors.push(new SourceError('notifications_address_refused', { channel: channel.handle, message: error.message }));
      else {
        errors.push(new SourceError('notifications_unreadable', { channel: channel.handle }));
        ctx.log.warn({ err: error }, 'listening: own mentions read failed');
      }
    }
  }
  const error =
    errors.length > 1
      ? new SourceError('channels_failed', {
          message: errors
            .map((e) => e.reason)
            .join('; ')
            .slice(0, 1000),
        })
      : (errors[0] ?? null);
  return { items, lastIds: nextIds, error };
}
