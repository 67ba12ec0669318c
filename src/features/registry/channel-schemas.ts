import { z } from 'zod';
import type { FieldError } from '../../kit/errors.js';
import {
  CHANNEL_STATUSES,
  type ChannelStatus,
  FOLLOWER_UNITS,
  type FollowerUnit,
  LANGUAGES,
  type Language,
  NETWORKS,
  type Network,
  VISIBILITIES,
  type Visibility,
} from './schema.js';
import { codedFieldError, FIELD_ERROR_TEXT } from '../../kit/field-errors.js';

export const ZNetwork = z.enum(NETWORKS);
export const ZContentLanguage = z.enum(LANGUAGES);
export const ZUiLang = z.enum(['nl', 'fr', 'en']);
const ZNames = z.object({
  nl: z.string().trim().max(200).optional(),
  fr: z.string().trim().max(200).optional(),
  de: z.string().trim().max(200).optional(),
  en: z.string().trim().max(200).optional(),
});

export function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
export function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && Boolean(url.hostname);
  } catch {
    return false;
  }
}

const ZDate = z.string().refine(isRealDate, FIELD_ERROR_TEXT.date);
const ZHttpUrl = z.string().trim().max(2000).refine(isHttpUrl, FIELD_ERROR_TEXT.http_address);
const optText = (max: number) => z.string().trim().max(max).nullable().optional();

// ─── Audiences ──────────────────────────────────────────────────────────────

export const ZAudience = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  slug: z.string(),
  name: z.string(),
  names: ZNames,
  inherited: z.boolean(),
});
export type TAudience = z.infer<typeof ZAudience>;

export const ZAudienceCreate = z.object({
  name: z.string().trim().min(1).max(200),
  names: ZNames.optional(),
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, FIELD_ERROR_TEXT.name_in_address)
    .optional(),
});
export type TAudienceCreate = z.infer<typeof ZAudienceCreate>;
export const ZAudiencePatch = ZAudienceCreate.partial();
export type TAudiencePatch = z.infer<typeof ZAudiencePatch>;

// ─── Channels ───────────────────────────────────────────────────────────────

export const ZChannel = z.object({
  id: z.uuid(),
  organisationId: z.uuid(),
  organisationName: z.string(),
  network: ZNetwork,
  handle: z.string(),
  displayName: z.string().nullable(),
  profileUrl: z.string().nullable(),
  languages: z.array(ZContentLanguage),
  audiences: z.array(z.object({ id: z.uuid(), name: z.string(), slug: z.string() })),
  purpose: z.string().nullable(),
  visibility: z.enum(VISIBILITIES),
  ownerTeam: z.string().nullable(),
  status: z.enum(CHANNEL_STATUSES),
  followerCount: z.number().int().nullable(),
  followerUnit: z.enum(FOLLOWER_UNITS),
  followersMeasuredOn: z.string().nullable(),
  isDemo: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TChannel = z.infer<typeof ZChannel>;

const channelFields = {
  organisationId: z.uuid(),
  network: ZNetwork,
  handle: z.string().trim().min(1).max(300),
  displayName: optText(200),
  profileUrl: ZHttpUrl.nullable().optional(),
  languages: z.array(ZContentLanguage).max(4),
  audienceIds: z.array(z.uuid()).max(200).optional(),
  purpose: optText(2000),
  visibility: z.enum(VISIBILITIES).optional(),
  ownerTeam: optText(200),
  status: z.enum(CHANNEL_STATUSES).optional(),
  followerCount: z.number().int().min(0).max(2_000_000_000).nullable().optional(),
  followerUnit: z.enum(FOLLOWER_UNITS).optional(),
  followersMeasuredOn: ZDate.nullable().optional(),
};
export const ZChannelCreate = z.object(channelFields);
export type TChannelCreate = z.infer<typeof ZChannelCreate>;
export const ZChannelPatch = z.object(channelFields).partial();
export type TChannelPatch = z.infer<typeof ZChannelPatch>;

const ZFlag = z.enum(['true', 'false']).transform((v) => v === 'true');
export const ZChannelListQuery = z.object({
  organisationId: z.uuid().optional(),
  /** With an organisationId: include its sub-organisations (default true). */
  subtree: ZFlag.default(true),
  network: ZNetwork.optional(),
  status: z.enum(CHANNEL_STATUSES).optional(),
  language: ZContentLanguage.optional(),
  q: z.string().trim().max(200).optional(),
});
export type TChannelListQuery = z.infer<typeof ZChannelListQuery>;

export const ZExportQuery = z.object({ organisationId: z.uuid().optional(), subtree: ZFlag.default(true) });
export const ZImportQuery = z.object({ organisationId: z.uuid().optional(), dryRun: ZFlag.default(true) });

const ZImportValue = z.union([z.string(), z.number(), z.array(z.string()), z.null()]);
export const ZImportRow = z.object({
  line: z.number().int(),
  action: z.enum(['create', 'update', 'unchanged', 'error']),
  handle: z.string(),
  network: z.string(),
  organisation: z.string().nullable(),
  changes: z.record(z.string(), z.object({ from: ZImportValue, to: ZImportValue })).optional(),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type TImportRow = z.infer<typeof ZImportRow>;
export const ZImportResult = z.object({
  dryRun: z.boolean(),
  summary: z.object({ create: z.number(), update: z.number(), unchanged: z.number(), errors: z.number() }),
  rows: z.array(ZImportRow),
});
export type TImportResult = z.infer<typeof ZImportResult>;

// ─── Validation shared by the API and the CSV import ────────────────────────

/** Every stored field of a channel, as the service writes it. */
export type ChannelRecord = {
  organisationId: string;
  network: Network;
  handle: string;
  displayName: string | null;
  profileUrl: string | null;
  languages: Language[];
  audienceIds: string[];
  purpose: string | null;
  visibility: Visibility;
  ownerTeam: string | null;
  status: ChannelStatus;
  followerCount: number | null;
  followerUnit: FollowerUnit;
  followersMeasuredOn: string | null;
};

/**
 * The rules that span fields or depend on the network: the handle in its normal form, at least one
 * language for a public channel, no measurement date in the future. Returns the normalised record
 * or the failing fields (paths as in the API body).
 */
export function checkChannelRecord(record: ChannelRecord, today: string): { record: ChannelRecord; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const handle = normaliseHandle(record.network, record.handle);
  if ('error' in handle) errors.push({ path: 'handle', message: handle.error });
  const languages = LANGUAGES.filter((l) => record.languages.includes(l));
  if (record.visibility === 'public' && languages.length === 0) {
    errors.push(codedFieldError('languages', 'public_languages'));
  }
  if (record.profileUrl !== null && !isHttpUrl(record.profileUrl)) errors.push(codedFieldError('profileUrl', 'http_address'));
  if (record.followerCount !== null && (!Number.isInteger(record.followerCount) || record.followerCount < 0)) {
    errors.push({ path: 'followerCount', message: 'must be a whole number of 0 or more' });
  }
  if (record.followersMeasuredOn !== null) {
    if (!isRealDate(record.followersMeasuredOn)) errors.push({ path: 'followersMeasuredOn', message: 'must be a date written YYYY-MM-DD' });
    else if (record.followersMeasuredOn > today)
      errors.push({ path: 'followersMeasuredOn', message: `must not be in the future (today is ${today})` });
  }
  const normalised: ChannelRecord = {
    ...record,
    handle: 'handle' in handle ? handle.handle : record.handle,
    languages,
    audienceIds: [...new Set(record.audienceIds)],
  };
  return { record: normalised, errors };
}

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const MASTODON_USER = /^[a-z0-9_](?:[a-z0-9_.-]{0,28}[a-z0-9_])?$/i;
const PROFILE_HOSTS: Partial<Record<Network, RegExp>> = {
  x: /^(?:www\.|mobile\.)?(?:x|twitter)\.com$/,
  instagram: /^(?:www\.)?instagram\.com$/,
  threads: /^(?:www\.)?threads\.(?:net|com)$/,
  bluesky: /^(?:www\.)?bsky\.app$/,
};

function asUrl(value: string): URL | null {
  if (!/^https?:\/\//i.test(value)) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/** The first path segment of a profile URL on the network's own site (`/@name`, `/name`, `/profile/name`). */
function nameFromProfileUrl(network: Network, url: URL): string | null {
  if (!PROFILE_HOSTS[network]?.test(url.hostname.toLowerCase())) return null;
  const parts = url.pathname.split('/').filter(Boolean);
  const first = network === 'bluesky' && parts[0] === 'profile' ? parts[1] : parts[0];
  return first ? decodeURIComponent(first) : null;
}

/**
 * A handle in the one form Kanaal stores for its network, so that the same account typed three ways
 * is still one channel: Mastodon `@user@instance.tld` (from `user@instance` or the profile URL),
 * Bluesky a domain handle without `@`, X/Instagram/Threads `@name`, a website its host name.
 */
export function normaliseHandle(network: Network, raw: string): { handle: string } | { error: string } {
  const value = raw.trim();
  if (!value) return { error: 'is required' };
  const url = asUrl(value);
  switch (network) {
    case 'mastodon': {
      let user: string | undefined;
      let host: string | undefined;
      if (url) {
        const segment = url.pathname.split('/').filter(Boolean);
        const name = segment[0] === 'users' ? segment[1] : segment[0]?.startsWith('@') ? segment[0].slice(1) : undefined;
        if (name?.includes('@')) [user, host] = name.split('@');
        else [user, host] = [name, url.hostname];
      } else {
        const parts = value.replace(/^@/, '').split('@');
        if (parts.length === 2) [user, host] = parts;
      }
      host = host?.toLowerCase();
      if (!user || !host || !MASTODON_USER.test(user) || !DOMAIN.test(host)) {
        return { error: 'write a Mastodon address as @user@instance.tld (or paste the profile URL)' };
      }
      return { handle: `@${user}@${host}` };
    }
    case 'bluesky': {
      const name = (url ? nameFromProfileUrl('bluesky', url) : value.replace(/^@/, ''))?.toLowerCase();
      if (!name || !DOMAIN.test(name)) return { error: 'write a Bluesky handle as a domain, e.g. name.bsky.social or your own domain' };
      return { handle: name };
    }
    case 'x':
    case 'instagram':
    case 'threads': {
      const name = (url ? nameFromProfileUrl(network, url) : value)?.replace(/^@/, '');
      const pattern = network === 'x' ? /^[A-Za-z0-9_]{1,15}$/ : /^[A-Za-z0-9._]{1,30}$/;
      if (!name || !pattern.test(name)) {
        return {
          error:
            network === 'x'
              ? 'write an X handle as @name: 1–15 letters, digits or _'
              : 'write the handle as @name: 1–30 letters, digits, . or _',
        };
      }
      return { handle: `@${name}` };
    }
    case 'website': {
      const host = (url ? url.hostname : value.replace(/\/.*$/, '')).toLowerCase().replace(/\.$/, '');
      if (!DOMAIN.test(host)) return { error: 'write the web site as its host name, e.g. www.example.be' };
      return { handle: host };
    }
    default: {
      if (value.length > 200) return { error: 'must be at most 200 characters' };
      // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
      if (/[\u0000-\u001f\u007f]/.test(value)) return { error: 'must not contain control characters or line breaks' };
      return { handle: value };
    }
  }
}

/** The profile page of a handle on its network's own site, for channels stored without a profileUrl. */
export function derivedProfileUrl(network: Network, handle: string): string | null {
  switch (network) {
    case 'mastodon': {
      const [, user, host] = handle.split('@');
      return user && host ? `https://${host}/@${user}` : null;
    }
    case 'bluesky':
      return `https://bsky.app/profile/${handle}`;
    case 'x':
      return `https://x.com/${handle.replace(/^@/, '')}`;
    case 'instagram':
      return `https://www.instagram.com/${handle.replace(/^@/, '')}/`;
    case 'threads':
      return `https://www.threads.net/${handle}`;
    case 'website':
      return `https://${handle}/`;
    default:
      return null;
  }
}
