import type { PeerAccount, PeerApp, PeerMedia, PeerState, PeerStatus } from './store.js';

/**
 * JSON the peer serves, shaped as the Mastodon entity pages describe them (Account,
 * CredentialAccount, Status, MediaAttachment, Application, CredentialApplication, Instance):
 * snake_case keys, string ids, ISO 8601 times.
 */

export const SUPPORTED_MIME_TYPES = [
  'image/jpeg',
  'image/png',
  'image/gif',
  'image/heic',
  'image/heif',
  'image/webp',
  'image/avif',
  'video/webm',
  'video/mp4',
  'video/quicktime',
  'video/ogg',
  'audio/wave',
  'audio/wav',
  'audio/x-wav',
  'audio/x-pn-wave',
  'audio/vnd.wave',
  'audio/ogg',
  'audio/vorbis',
  'audio/mpeg',
  'audio/mp3',
  'audio/webm',
  'audio/flac',
  'audio/aac',
  'audio/m4a',
  'audio/x-m4a',
  'audio/mp4',
  'audio/3gpp',
  'video/x-ms-asf',
];
export const MAX_MEDIA_ATTACHMENTS = 4;
export const MEDIA_DESCRIPTION_LIMIT = 1500;
export const IMAGE_SIZE_LIMIT = 16 * 1024 * 1024;

export type Serialise = { baseUrl: string; domain: string; state: PeerState };

export function accountJson(ctx: Serialise, account: PeerAccount): Record<string, unknown> {
  const statuses = ctx.state.statusesOf(account.id);
  return {
    id: account.id,
    username: account.username,
    acct: account.domain ? `${account.username}@${account.domain}` : account.username,
    display_name: account.displayName,
    locked: account.locked,
    bot: account.bot,
    discoverable: true,
    indexable: true,
    group: false,
    created_at: midnight(account.createdAt),
    note: account.note,
    url: account.domain ? `https://${account.domain}/@${account.username}` : `${ctx.baseUrl}/@${account.username}`,
    uri: account.domain ? `https://${account.domain}/users/${account.username}` : `${ctx.baseUrl}/users/${account.username}`,
    avatar: `${ctx.baseUrl}/avatars/original/missing.png`,
    avatar_static: `${ctx.baseUrl}/avatars/original/missing.png`,
    header: `${ctx.baseUrl}/headers/original/missing.png`,
    header_static: `${ctx.baseUrl}/headers/original/missing.png`,
    followers_count: 0,
    following_count: 0,
    statuses_count: statuses.length,
    last_status_at: statuses[0] ? statuses[0].createdAt.toISOString().slice(0, 10) : null,
    hide_collections: false,
    noindex: false,
    emojis: [],
    roles: [],
    fields: [],
  };
}

/** CredentialAccount: the Account plus `source` and `role` (verify_credentials). */
export function credentialAccountJson(ctx: Serialise, account: PeerAccount): Record<string, unknown> {
  return {
    ...accountJson(ctx, account),
    source: { privacy: 'public', sensitive: false, language: account.language, note: '', fields: [], follow_requests_count: 0 },
    role: { id: '-99', name: '', permissions: '0', color: '', highlighted: false },
  };
}

export function mediaJson(ctx: Serialise, media: PeerMedia): Record<string, unknown> {
  const processed = media.pollsUntilProcessed <= 0;
  const file = `${ctx.baseUrl}/system/media_attachments/files/${media.id}`;
  return {
    id: media.id,
    type: media.type,
    url: processed ? `${file}/original/${encodeURIComponent(media.fileName)}` : null,
    preview_url: `${file}/small/${encodeURIComponent(media.fileName)}`,
    remote_url: null,
    preview_remote_url: null,
    text_url: null,
    meta: media.focus ? { focus: media.focus } : {},
    description: media.description,
    blurhash: null,
  };
}

export function statusJson(ctx: Serialise, status: PeerStatus, options: { withSource?: boolean } = {}): Record<string, unknown> {
  const account = ctx.state.accounts.get(status.accountId);
  const app = status.appId ? ctx.state.apps.get(status.appId) : undefined;
  return {
    id: status.id,
    created_at: status.createdAt.toISOString(),
    in_reply_to_id: status.inReplyToId,
    in_reply_to_account_id: status.inReplyToAccountId,
    sensitive: status.sensitive,
    spoiler_text: status.spoilerText,
    visibility: status.visibility,
    language: status.language,
    uri: `${ctx.baseUrl}/users/${account?.username}/statuses/${status.id}`,
    url: `${ctx.baseUrl}/@${account?.username}/${status.id}`,
    replies_count: 0,
    reblogs_count: 0,
    favourites_count: 0,
    quotes_count: 0,
    edited_at: null,
    favourited: false,
    reblogged: false,
    muted: false,
    bookmarked: false,
    pinned: false,
    content: status.content,
    // `text` (the source) only comes back from DELETE, for delete-and-redraft.
    ...(options.withSource ? { text: status.text } : {}),
    filtered: [],
    reblog: null,
    application: app ? applicationJson(app) : null,
    account: account ? accountJson(ctx, account) : null,
    media_attachments: status.mediaIds.flatMap((id) => {
      const media = ctx.state.media.get(id);
      return media ? [mediaJson(ctx, media)] : [];
    }),
    mentions: [],
    tags: [],
    emojis: [],
    quote: null,
    card: null,
    poll: null,
  };
}

export function applicationJson(app: PeerApp): Record<string, unknown> {
  return { name: app.name, website: app.website };
}

/** CredentialApplication (POST /api/v1/apps), 4.3+ shape with the deprecated `redirect_uri` kept. */
export function credentialApplicationJson(app: PeerApp): Record<string, unknown> {
  return {
    id: app.id,
    name: app.name,
    website: app.website,
    scopes: app.scopes,
    redirect_uri: app.redirectUris.join('\n'),
    redirect_uris: app.redirectUris,
    client_id: app.clientId,
    client_secret: app.clientSecret,
    client_secret_expires_at: 0,
  };
}

function configuration(maxCharacters: number): Record<string, unknown> {
  return {
    accounts: { max_featured_tags: 10, max_pinned_statuses: 5 },
    statuses: { max_characters: maxCharacters, max_media_attachments: MAX_MEDIA_ATTACHMENTS, characters_reserved_per_url: 23 },
    media_attachments: {
      supported_mime_types: SUPPORTED_MIME_TYPES,
      description_limit: MEDIA_DESCRIPTION_LIMIT,
      image_size_limit: IMAGE_SIZE_LIMIT,
      image_matrix_limit: 33177600,
      video_size_limit: 103809024,
      video_frame_rate_limit: 120,
      video_matrix_limit: 8294400,
    },
    polls: { max_options: 4, max_characters_per_option: 50, min_expiration: 300, max_expiration: 2629746 },
  };
}

export const PEER_VERSION = '4.3.0 (compatible; Kanaal test peer)';

export function instanceV2Json(ctx: Serialise, maxCharacters: number): Record<string, unknown> {
  return {
    domain: ctx.domain,
    title: 'Kanaal Mastodon peer',
    version: PEER_VERSION,
    source_url: 'https://github.com/mastodon/mastodon',
    description: 'A local server speaking the Mastodon REST API, for tests.',
    usage: { users: { active_month: ctx.state.accounts.size } },
    thumbnail: { url: `${ctx.baseUrl}/packs/media/images/preview.png` },
    languages: ['en', 'nl', 'fr', 'de'],
    configuration: { urls: { streaming: ctx.baseUrl.replace(/^http/, 'ws') }, ...configuration(maxCharacters) },
    registrations: { enabled: false, approval_required: false, message: null },
    api_versions: { mastodon: 2 },
    contact: { email: '', account: null },
    rules: [],
  };
}

export function instanceV1Json(ctx: Serialise, maxCharacters: number): Record<string, unknown> {
  return {
    uri: ctx.domain,
    title: 'Kanaal Mastodon peer',
    short_description: 'A local server speaking the Mastodon REST API, for tests.',
    description: '',
    email: '',
    version: PEER_VERSION,
    urls: { streaming_api: ctx.baseUrl.replace(/^http/, 'ws') },
    stats: { user_count: ctx.state.accounts.size, status_count: ctx.state.statuses.size, domain_count: 0 },
    thumbnail: null,
    languages: ['en', 'nl', 'fr', 'de'],
    registrations: false,
    approval_required: false,
    invites_enabled: false,
    configuration: configuration(maxCharacters),
    contact_account: null,
    rules: [],
  };
}

/** Mastodon reports account creation times at day precision. */
function midnight(date: Date): string {
  return `${date.toISOString().slice(0, 10)}T00:00:00.000Z`;
}
