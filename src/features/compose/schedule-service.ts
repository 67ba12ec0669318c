import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { type Caller, requireAccess } from '../../kit/access.js';
import { actorOf, recordAudit } from '../../kit/audit.js';
import { conflict, unprocessable } from '../../kit/errors.js';
import { schedulePublication } from '../publishing/service.js';
import { organisations } from '../registry/schema.js';
import { parsePlannedTime } from './local-time.js';
import { posts } from './schema.js';
import { loadPost, movePostState, presentPost, resolveChannels } from './service.js';
import type { TPost } from './schemas.js';

/**
 * Approved → scheduled: one publication per channel of the post (final text with UTM tags, media with
 * alt text in the channel's language), due at `plannedAt` read in the organisation's time zone (see
 * parsePlannedTime for the daylight-saving rules). The publications and the state change commit
 * together; the post id doubles as variant id, so a post can never be scheduled twice on a channel.
 */
export async function schedulePost(db: Db, caller: Caller, postId: string, plannedAt: string): Promise<TPost & { publicationIds: string[] }> {
  return db.transaction(async (tx) => {
    const content = await loadPost(tx, postId, { forUpdate: true });
    const { post } = content;
    await requireAccess(tx, caller, post.organisationId, 'compose.write');
    if (post.state !== 'approved') throw conflict(`Only an approved post can be scheduled; this post is ${post.state}.`);
    const [org] = await tx.select({ timeZone: organisations.timeZone }).from(organisations).where(eq(organisations.id, post.organisationId));
    const timeZone = org?.timeZone ?? post.timeZone;
    const planned = parsePlannedTime(plannedAt, timeZone);
    if (!planned.ok) throw unprocessable('The planned time cannot be used.', [{ ...planned.problem, path: 'plannedAt' }]);
    const publicationIds: string[] = [];
    for (const channel of await resolveChannels(tx, content)) {
      const row = await schedulePublication(tx, caller, {
        channelId: channel.channelId,
        postId,
        variantId: postId,
        text: channel.text,
        language: channel.language,
        media: channel.mediaRefs,
        dueAt: planned.instant,
        timeZone,
      });
      publicationIds.push(row.id);
    }
    await tx.update(posts).set({ plannedAt: planned.instant, timeZone }).where(eq(posts.id, postId));
    await movePostState(tx, postId, ['approved'], 'scheduled');
    await recordAudit(tx, actorOf(caller), {
      organisationId: post.organisationId,
      action: 'schedule',
      entity: 'post',
      entityId: postId,
      before: { state: 'approved' },
      after: { state: 'scheduled', plannedAt: planned.instant.toISOString(), timeZone, publicationIds },
    });
    return { ...presentPost(await loadPost(tx, postId)), publicationIds };
  });
}
