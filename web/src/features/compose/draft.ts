import type { Channel, ContentLanguage, Me, Organisation, Post, PostChannel, PostInput, Role } from '../../api/types.js';
import { countText, type TextCount } from '../../../../src/networks/text-count.js';

/**
 * The composer's working copy of a post and the rules that turn it into one text per channel.
 * The resolution mirrors the server's (compose/service.ts resolveChannels) so the composer can show
 * at once which variant each channel gets and count it; the server preview stays the authority.
 */

export type Draft = {
  title: string;
  topic: string;
  baseText: string;
  texts: Partial<Record<ContentLanguage, string>>;
  channels: PostChannel[];
  /** One selection of media for every channel of the post. */
  mediaIds: string[];
};

export const EMPTY_DRAFT: Draft = { title: '', topic: '', baseText: '', texts: {}, channels: [], mediaIds: [] };

export function draftFromPost(post: Post): Draft {
  return {
    title: post.title,
    topic: post.topic ?? '',
    baseText: post.baseText,
    texts: post.texts,
    channels: post.channels,
    mediaIds: post.channels[0]?.mediaIds ?? [],
  };
}

/** The API body for a draft: empty variants are left out, every channel carries the media. */
export function draftToInput(draft: Draft): PostInput {
  const texts = Object.fromEntries(Object.entries(draft.texts).filter(([, text]) => text && text.trim() !== ''));
  return {
    title: draft.title,
    topic: draft.topic.trim() === '' ? null : draft.topic,
    baseText: draft.baseText,
    texts,
    channels: draft.channels.map((c) => ({
      channelId: c.channelId,
      textOverride: c.textOverride && c.textOverride !== '' ? c.textOverride : null,
      mediaIds: draft.mediaIds,
    })),
  };
}

export type ResolvedText = { source: 'override' | 'language' | 'base'; language: ContentLanguage; text: string; count: TextCount };

/** Which text a channel gets (override ?? its first language with a variant ?? base) and its count. */
export function resolveChannelText(draft: Draft, channel: Channel, defaultLanguage: ContentLanguage): ResolvedText {
  const link = draft.channels.find((c) => c.channelId === channel.id);
  const channelLanguage = channel.languages[0] ?? defaultLanguage;
  const variant = channel.languages.find((language) => (draft.texts[language] ?? '') !== '');
  let resolved: Omit<ResolvedText, 'count'>;
  if (link?.textOverride) resolved = { source: 'override', language: channelLanguage, text: link.textOverride };
  else if (variant) resolved = { source: 'language', language: variant, text: draft.texts[variant] ?? '' };
  else resolved = { source: 'base', language: defaultLanguage, text: draft.baseText };
  return { ...resolved, count: countText(channel.network, resolved.text) };
}

const WRITE_ROLES: readonly Role[] = ['admin', 'editor_in_chief', 'communicator'];
const MANAGE_ROLES: readonly Role[] = ['admin', 'editor_in_chief'];

/** Mirrors the API's capability table (kit/access.ts): compose.write and approvals.manage. */
export const canCompose = {
  write: (me: Me, organisation: Pick<Organisation, 'myRoles'> | undefined) =>
    me.user.isSuperadmin || Boolean(organisation?.myRoles.some((role) => WRITE_ROLES.includes(role))),
  manageApprovals: (me: Me, organisation: Pick<Organisation, 'myRoles'> | undefined) =>
    me.user.isSuperadmin || Boolean(organisation?.myRoles.some((role) => MANAGE_ROLES.includes(role))),
};
