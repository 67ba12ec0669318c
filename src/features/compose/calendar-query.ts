import { and, asc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { channels, type Language, type Network } from '../registry/schema.js';
import { type PostState, postChannels, posts, postTexts } from './schema.js';

/**
 * The range query behind the editorial calendar: compose owns the post tables, so planning asks
 * here for "posts planned between two instants" instead of reading them itself. Access is the
 * caller's business: pass only organisations the person may read.
 */

export type PlannedPostFilters = {
  organisationIds: string[];
  /** Inclusive lower bound of planned_at. */
  from: Date;
  /** Exclusive upper bound of planned_at. */
  to: Date;
  state?: PostState;
  /** Case-insensitive exact match. */
  topic?: string;
  /** The post goes to this channel. */
  channelId?: string;
  /** The post goes to a channel on this network (with channelId: to that channel, on this network). */
  network?: Network;
  /** The post has a text variant in this language or goes to a channel in this language. */
  language?: Language;
  /** At most this many posts, earliest first. */
  limit: number;
};

export type PlannedPostChannel = { id: string; network: Network; handle: string; languages: Language[] };

export type PlannedPost = {
  id: string;
  organisationId: string;
  title: string;
  baseText: string;
  topic: string | null;
  state: PostState;
  plannedAt: Date;
  /** In the post's order of channels. */
  channels: PlannedPostChannel[];
  /** Languages the post has a text variant in. */
  textLanguages: Language[];
};

/** Posts with planned_at in [from, to) in the given organisations, filtered (AND), by planned time then id. */
export async function listPostsPlannedBetween(db: DbOrTx, filters: PlannedPostFilters): Promise<PlannedPost[]> {
  if (filters.organisationIds.length === 0) return [];
  const channelMatch: SQL[] = [];
  if (filters.channelId) channelMatch.push(sql`c.id = ${filters.channelId}::uuid`);
  if (filters.network) channelMatch.push(sql`c.network = ${filters.network}`);
  const conditions: (SQL | undefined)[] = [
    inArray(posts.organisationId, filters.organisationIds),
    sql`${posts.plannedAt} >= ${filters.from.toISOString()}::timestamptz`,
    sql`${posts.plannedAt} < ${filters.to.toISOString()}::timestamptz`,
    filters.state ? eq(posts.state, filters.state) : undefined,
    filters.topic ? sql`lower(${posts.topic}) = lower(${filters.topic})` : undefined,
    channelMatch.length
      ? sql`EXISTS (SELECT 1 FROM post_channels pc JOIN channels c ON c.id = pc.channel_id WHERE pc.post_id = ${posts.id} AND ${sql.join(channelMatch, sql` AND `)})`
      : undefined,
    filters.language
      ? sql`(EXISTS (SELECT 1 FROM post_texts pt WHERE pt.post_id = ${posts.id} AND pt.language = ${filters.language})
             OR EXISTS (SELECT 1 FROM post_channels pc JOIN channels c ON c.id = pc.channel_id
                         WHERE pc.post_id = ${posts.id} AND ${filters.language} = ANY(c.languages)))`
      : undefined,
  ];
  const found = await db
    .select({
      id: posts.id,
      organisationId: posts.organisationId,
      title: posts.title,
      baseText: posts.baseText,
      topic: posts.topic,
      state: posts.state,
      plannedAt: posts.plannedAt,
    })
    .from(posts)
    .where(and(...conditions))
    .orderBy(asc(posts.plannedAt), asc(posts.id))
    .limit(filters.limit);
  const ids = found.map((p) => p.id);
  if (ids.length === 0) return [];
  const linked = await db
    .select({ postId: postChannels.postId, id: channels.id, network: channels.network, handle: channels.handle, languages: channels.languages })
    .from(postChannels)
    .innerJoin(channels, eq(channels.id, postChannels.channelId))
    .where(inArray(postChannels.postId, ids))
    .orderBy(asc(postChannels.position), asc(channels.handle));
  const texts = await db.select({ postId: postTexts.postId, language: postTexts.language }).from(postTexts).where(inArray(postTexts.postId, ids));
  return found.flatMap((post): PlannedPost[] => {
    // Always set by the range condition; the check narrows the type.
    if (!post.plannedAt) return [];
    return [
      {
        ...post,
        plannedAt: post.plannedAt,
        channels: linked.filter((c) => c.postId === post.id).map(({ postId: _p, ...c }) => c),
        textLanguages: texts.filter((t) => t.postId === post.id).map((t) => t.language),
      },
    ];
  });
}
