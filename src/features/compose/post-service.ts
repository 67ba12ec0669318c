import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { type Caller, requireAccess, subtreeIds } from '../../kit/access.js';
import { actorOf, recordAudit } from '../../kit/audit.js';
import { conflict, type FieldError, notFound, unprocessable } from '../../kit/errors.js';
import { type ReviewDeps, enterReview, notifyCurrentStep } from '../approvals/review-service.js';
import { channels, type Language, organisations } from '../registry/schema.js';
import { type PostContent, loadPost, presentPost } from './service.js';
import { mediaAssets, type PostState, postChannels, postTexts, posts } from './schema.js';
import type { TPost, TPostCreate, TPostPatch } from './schemas.js';
import { codedFieldError } from '../../kit/field-errors.js';

/** Posts: create, edit, read. Editing content bumps the version; see updatePost for review. */

const EDITABLE: readonly PostState[] = ['draft', 'in_review', 'approved'];

/** Channels must be active and in the organisation's subtree; media must belong to that subtree too. */
async function checkLinks(tx: DbOrTx, organisationId: string, input: NonNullable<TPostPatch['channels']>): Promise<void> {
  const fields: FieldError[] = [];
  const allowed = new Set(await subtreeIds(tx, organisationId));
  const ids = input.map((c) => c.channelId);
  if (new Set(ids).size !== ids.length) fields.push(codedFieldError('channels', 'channel_listed_twice'));
  const found = ids.length ? await tx.select().from(channels).where(inArray(channels.id, ids)) : [];
  input.forEach((link, i) => {
    const channel = found.find((c) => c.id === link.channelId);
    if (!channel || !allowed.has(channel.organisationId)) fields.push(codedFieldError(`channels.${i}.channelId`, 'not_our_channel'));
    else if (channel.status !== 'active') fields.push(codedFieldError(`channels.${i}.channelId`, channel.status === 'archived' ? 'channel_archived' : 'channel_not_active'));
  });
  const mediaIds = [...new Set(input.flatMap((c) => c.mediaIds))];
  const media = mediaIds.length ? await tx.select().from(mediaAssets).where(inArray(mediaAssets.id, mediaIds)) : [];
  input.forEach((link, i) => {
    link.mediaIds.forEach((id, j) => {
      const m = media.find((x) => x.id === id);
      if (!m || !allowed.has(m.organisationId)) fields.push(codedFieldError(`channels.${i}.mediaIds.${j}`, 'not_in_library'));
    });
  });
  if (fields.length) throw unprocessable('The post refers to channels or media it cannot use.', fields);
}

async function writeTexts(tx: DbOrTx, postId: string, texts: Partial<Record<Language, string>>) {
  await tx.delete(postTexts).where(eq(postTexts.postId, postId));
  const values = Object.entries(texts).flatMap(([language, text]) =>
    text === undefined || text === '' ? [] : [{ postId, language: language as Language, text }],
  );
  if (values.length) await tx.insert(postTexts).values(values);
}

async function writeChannels(tx: DbOrTx, postId: string, links: NonNullable<TPostPatch['channels']>) {
  await tx.delete(postChannels).where(eq(postChannels.postId, postId));
  if (links.length) {
    await tx.insert(postChannels).values(
      links.map((c, position) => ({ postId, channelId: c.channelId, position, textOverride: c.textOverride ?? null, mediaIds: c.mediaIds })),
    );
  }
}

const snapshot = (c: PostContent) => ({ ...presentPost(c), createdAt: undefined, updatedAt: undefined, submittedAt: undefined });

export async function createPost(db: Db, caller: Caller, organisationId: string, input: TPostCreate): Promise<TPost> {
  return db.transaction(async (tx) => {
    await requireAccess(tx, caller, organisationId, 'compose.write');
    const [org] = await tx.select({ timeZone: organisations.timeZone }).from(organisations).where(eq(organisations.id, organisationId));
    if (!org) throw notFound('Organisation');
    await checkLinks(tx, organisationId, input.channels);
    const [row] = await tx
      .insert(posts)
      .values({ organisationId, title: input.title, baseText: input.baseText, topic: input.topic ?? null, timeZone: org.timeZone, createdBy: caller.userId })
      .returning();
    if (!row) throw new Error('insert returned nothing');
    await writeTexts(tx, row.id, input.texts);
    await writeChannels(tx, row.id, input.channels);
    const content = await loadPost(tx, row.id);
    await recordAudit(tx, actorOf(caller), { organisationId, action: 'create', entity: 'post', entityId: row.id, after: snapshot(content) });
    return presentPost(content);
  });
}

/**
 * Edits a post. A change of text, variants, channels or media bumps the version. Editing a post that
 * is in review or approved sends it back to review: decisions on the old version no longer count,
 * and the first step's approvers are told again. If the edited post no longer passes the checks
 * (a blocking lint finding, a broken limit) it goes back to draft instead. Scheduled, published
 * and cancelled posts cannot be edited (409).
 */
export async function updatePost(db: Db, deps: ReviewDeps, caller: Caller, id: string, patch: TPostPatch): Promise<TPost> {
  const { post, notify } = await db.transaction(async (tx) => {
    const before = await loadPost(tx, id, { forUpdate: true });
    await requireAccess(tx, caller, before.post.organisationId, 'compose.write');
    if (!EDITABLE.includes(before.post.state)) throw conflict(`A ${before.post.state} post cannot be edited.`);
    if (patch.channels) await checkLinks(tx, before.post.organisationId, patch.channels);
    const contentChanged =
      (patch.baseText !== undefined && patch.baseText !== before.post.baseText) ||
      (patch.texts !== undefined && JSON.stringify(clean(patch.texts)) !== JSON.stringify(clean(before.texts))) ||
      (patch.channels !== undefined && JSON.stringify(normalise(patch.channels)) !== JSON.stringify(normalise(before.channels)));
    const wasInReview = before.post.state === 'in_review' || before.post.state === 'approved';
    await tx
      .update(posts)
      .set({
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.baseText !== undefined ? { baseText: patch.baseText } : {}),
        ...(patch.topic !== undefined ? { topic: patch.topic } : {}),
        ...(contentChanged ? { version: before.post.version + 1 } : {}),
        ...(contentChanged && wasInReview ? { state: 'draft' as const, submittedAt: null } : {}),
        updatedAt: new Date(),
      })
      .where(eq(posts.id, id));
    if (patch.texts) await writeTexts(tx, id, patch.texts);
    if (patch.channels) await writeChannels(tx, id, patch.channels);
    const after = await loadPost(tx, id);
    await recordAudit(tx, actorOf(caller), {
      organisationId: after.post.organisationId,
      action: 'update',
      entity: 'post',
      entityId: id,
      before: snapshot(before),
      after: snapshot(after),
    });
    const review = contentChanged && wasInReview ? await enterReview(tx, caller, id, { refuseWhenBlocked: false }) : null;
    return { post: presentPost(await loadPost(tx, id)), notify: review?.notify ?? false };
  });
  if (notify) await notifyCurrentStep(db, deps, id);
  return post;
}

function clean(texts: Partial<Record<string, string>>) {
  return Object.entries(texts)
    .filter(([, v]) => v !== undefined && v !== '')
    .sort(([a], [b]) => a.localeCompare(b));
}
function normalise(links: { channelId: string; textOverride?: string | null; mediaIds: string[] }[]) {
  return links.map((c) => [c.channelId, c.textOverride ?? null, c.mediaIds]);
}

export async function getPost(db: DbOrTx, caller: Caller, id: string): Promise<TPost> {
  const content = await loadPost(db, id);
  await requireAccess(db, caller, content.post.organisationId, 'compose.read');
  return presentPost(content);
}

/** Posts of the organisation and its subtree, newest first (at most 500). */
export async function listPosts(db: DbOrTx, caller: Caller, organisationId: string, state?: PostState): Promise<TPost[]> {
  await requireAccess(db, caller, organisationId, 'compose.read');
  const ids = await subtreeIds(db, organisationId);
  const rows = await db
    .select({ id: posts.id })
    .from(posts)
    .where(and(inArray(posts.organisationId, ids), state ? eq(posts.state, state) : undefined))
    .orderBy(desc(posts.updatedAt))
    .limit(500);
  return Promise.all(rows.map(async (r) => presentPost(await loadPost(db, r.id))));
}
