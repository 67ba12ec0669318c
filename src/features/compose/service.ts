import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import type { MediaRef } from '../publishing/schema.js';
import { type Language, type Network, channels, organisations } from '../registry/schema.js';
import { countText, validateAgainstLimits } from '../../networks/text-count.js';
import { notFound } from '../../kit/errors.js';
import { subtreeIds } from '../../kit/access.js';
import { hasBlockingFindings, lintText, localIsoDate } from './lint.js';
import { type PostRow, type PostState, composeSettings, mediaAssets, postChannels, postTexts, posts, type UtmSettings } from './schema.js';
import type { TChannelPreview, TPost, TPreview } from './schemas.js';
import { addUtmTags, defaultUtmParams } from './utm.js';

/**
 * What other features (approvals, planning) may use of compose: reading a post with its variants,
 * the per-channel preview that decides whether it may go to review, moving its state, and the
 * calendar's range query (calendar-query.ts). Nothing outside compose touches compose's tables.
 */

export { listPostsPlannedBetween, type PlannedPost, type PlannedPostChannel, type PlannedPostFilters } from './calendar-query.js';

export type PostContent = {
  post: PostRow;
  texts: Partial<Record<Language, string>>;
  channels: { channelId: string; textOverride: string | null; mediaIds: string[] }[];
};

export async function loadPost(db: DbOrTx, id: string, options: { forUpdate?: boolean } = {}): Promise<PostContent> {
  const query = db.select().from(posts).where(eq(posts.id, id));
  const [post] = options.forUpdate ? await query.for('update') : await query;
  if (!post) throw notFound('Post');
  const texts = await db.select().from(postTexts).where(eq(postTexts.postId, id));
  const linked = await db
    .select()
    .from(postChannels)
    .where(eq(postChannels.postId, id))
    .orderBy(asc(postChannels.position), asc(postChannels.channelId));
  return {
    post,
    texts: Object.fromEntries(texts.map((t) => [t.language, t.text])),
    channels: linked.map((c) => ({ channelId: c.channelId, textOverride: c.textOverride, mediaIds: c.mediaIds })),
  };
}

export function presentPost(content: PostContent): TPost {
  return { ...content.post, texts: content.texts, channels: content.channels };
}

/** Changes a post's state (approvals and scheduling); returns false when it was not in `from`. */
export async function movePostState(tx: DbOrTx, id: string, from: readonly PostState[], to: PostState, extra: { submittedAt?: Date | null } = {}) {
  const moved = await tx
    .update(posts)
    .set({ state: to, updatedAt: new Date(), ...extra })
    .where(and(eq(posts.id, id), inArray(posts.state, [...from])))
    .returning({ id: posts.id });
  return moved.length === 1;
}

/**
 * Sets when a post is planned (the calendar's move, CSV import). Does not touch its publications:
 * moving those is publishing's job, in the caller's transaction.
 */
export async function setPlannedAt(tx: DbOrTx, id: string, plannedAt: Date | null, timeZone: string): Promise<void> {
  await tx.update(posts).set({ plannedAt, timeZone, updatedAt: new Date() }).where(eq(posts.id, id));
}

export type ResolvedChannel = TChannelPreview & { organisationId: string; mediaRefs: MediaRef[] };

/**
 * Final text per channel: the channel's own text ?? the language variant in the channel's first
 * language that has one ?? the base text (in the organisation's default language). Links are then
 * UTM-tagged per the organisation's settings, and the result counted, validated against the network's
 * limits and linted with the organisation's lint settings, with alt text in the channel's language.
 */
export async function resolveChannels(db: DbOrTx, content: PostContent, now = new Date()): Promise<ResolvedChannel[]> {
  const { post } = content;
  const [org] = await db
    .select({ defaultLanguage: organisations.defaultLanguage, website: organisations.website, timeZone: organisations.timeZone })
    .from(organisations)
    .where(eq(organisations.id, post.organisationId));
  if (!org) throw notFound('Organisation');
  const [settings] = await db.select().from(composeSettings).where(eq(composeSettings.organisationId, post.organisationId));
  const channelIds = content.channels.map((c) => c.channelId);
  // Only the organisation's own subtree: a preview of unsaved content must not reveal other channels or files.
  const allowed = await subtreeIds(db, post.organisationId);
  const channelRows = channelIds.length
    ? await db.select().from(channels).where(and(inArray(channels.id, channelIds), inArray(channels.organisationId, allowed)))
    : [];
  const mediaIds = [...new Set(content.channels.flatMap((c) => c.mediaIds))];
  const mediaRows = mediaIds.length
    ? await db.select().from(mediaAssets).where(and(inArray(mediaAssets.id, mediaIds), inArray(mediaAssets.organisationId, allowed)))
    : [];
  const mediaById = new Map(mediaRows.map((m) => [m.id, m]));
  const utm = settings?.utm ?? {};
  const today = localIsoDate(now, post.timeZone);

  return content.channels.flatMap((link) => {
    const channel = channelRows.find((c) => c.id === link.channelId);
    if (!channel) return [];
    const channelLanguage: Language = channel.languages[0] ?? org.defaultLanguage;
    const variantLanguage = channel.languages.find((l) => content.texts[l] !== undefined && content.texts[l] !== '');
    let source: TChannelPreview['source'] = 'base';
    let language: Language = org.defaultLanguage;
    let text = post.baseText;
    if (link.textOverride !== null && link.textOverride !== '') {
      source = 'override';
      language = channelLanguage;
      text = link.textOverride;
    } else if (variantLanguage) {
      source = 'language';
      language = variantLanguage;
      text = content.texts[variantLanguage] ?? '';
    }
    text = tagLinks(text, channel.network, channel.id, post, utm, org.website);
    // Alt text in the language of the text when it is a language variant, else in the channel's language.
    const altLanguage = source === 'language' ? language : channelLanguage;
    const media = link.mediaIds.flatMap((id) => {
      const m = mediaById.get(id);
      return m ? [{ ...m, altText: m.altTexts[altLanguage] ?? '' }] : [];
    });
    const toValidate = media.map((m) => ({ mimeType: m.mimeType, bytes: m.byteSize, altText: m.altText }));
    return [
      {
        channelId: channel.id,
        organisationId: channel.organisationId,
        network: channel.network,
        handle: channel.handle,
        language,
        source,
        text,
        count: countText(channel.network, text),
        issues: validateAgainstLimits(channel.network, { text, media: toValidate }),
        findings: lintText({ text, media: toValidate, language, now: today, settings: settings?.lint }),
        media: media.map((m) => ({ id: m.id, fileName: m.fileName, mimeType: m.mimeType, byteSize: m.byteSize, altText: m.altText })),
        mediaRefs: media.map((m) => ({ fileName: m.fileName, mimeType: m.mimeType, storageKey: m.storageKey, altText: m.altText })),
      },
    ];
  });
}

function tagLinks(text: string, network: Network, channelId: string, post: PostRow, utm: UtmSettings, website: string | null): string {
  if (utm.enabled === false) return text;
  const perChannel = utm.channels?.[channelId];
  if (perChannel === false) return text;
  const campaign = utm.campaign ?? slug(post.topic ?? '') ?? slug(post.title) ?? 'kanaal';
  const params = defaultUtmParams(network, campaign, { ...(utm.medium ? { medium: utm.medium } : {}), ...perChannel });
  if (!params) return text;
  const onlyHosts = utm.onlyHosts ?? (website ? [website] : undefined);
  return addUtmTags(text, params, { onlyHosts });
}

function slug(value: string): string | null {
  const s = value
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return s === '' ? null : s;
}

/** The preview of every channel, and whether anything blocks review. */
export async function previewContent(db: DbOrTx, content: PostContent): Promise<TPreview> {
  const resolved = await resolveChannels(db, content);
  return {
    postId: content.post.id,
    version: content.post.version,
    blocked: resolved.some((c) => c.issues.length > 0 || hasBlockingFindings(c.findings)),
    channels: resolved.map(({ organisationId: _o, mediaRefs: _m, ...shown }) => shown),
  };
}

/** The preview's blocking problems as field errors, for a 422 answer. */
export function blockingFields(preview: TPreview) {
  return preview.channels.flatMap((c) => [
    ...c.issues.map((i) => ({ path: `channels.${c.channelId}.limits.${i.code}`, message: i.message.en })),
    ...c.findings
      .filter((f) => f.severity === 'block')
      .map((f) => ({ path: `channels.${c.channelId}.lint.${f.rule}`, message: f.message.en })),
  ]);
}
