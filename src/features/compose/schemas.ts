import { z } from 'zod';
import { LANGUAGES, NETWORKS } from '../registry/schema.js';
import { RULE_IDS } from './lint.js';
import { POST_STATES } from './schema.js';

const ZLanguage = z.enum(LANGUAGES);
const ZLocalised = z.object({ nl: z.string(), fr: z.string(), en: z.string() });

export const ZPostChannelInput = z.object({
  channelId: z.string().uuid(),
  /** A text for this channel only; null or absent = the language variant or the base text. */
  textOverride: z.string().max(100_000).nullable().optional(),
  mediaIds: z.array(z.string().uuid()).max(20).default([]),
});

export const ZPostCreate = z.object({
  title: z.string().max(300).default(''),
  baseText: z.string().max(100_000).default(''),
  topic: z.string().max(200).nullable().optional(),
  /** Language variants: a variant goes to the channels of that language. */
  texts: z.partialRecord(ZLanguage, z.string().max(100_000)).default({}),
  channels: z.array(ZPostChannelInput).max(100).default([]),
});
export type TPostCreate = z.infer<typeof ZPostCreate>;

export const ZPostPatch = z.object({
  title: z.string().max(300).optional(),
  baseText: z.string().max(100_000).optional(),
  topic: z.string().max(200).nullable().optional(),
  texts: z.partialRecord(ZLanguage, z.string().max(100_000)).optional(),
  channels: z.array(ZPostChannelInput).max(100).optional(),
});
export type TPostPatch = z.infer<typeof ZPostPatch>;

export const ZPost = z.object({
  id: z.string(),
  organisationId: z.string(),
  title: z.string(),
  baseText: z.string(),
  topic: z.string().nullable(),
  state: z.enum(POST_STATES),
  plannedAt: z.date().nullable(),
  timeZone: z.string(),
  version: z.number().int(),
  submittedAt: z.date().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  texts: z.partialRecord(ZLanguage, z.string()),
  channels: z.array(z.object({ channelId: z.string(), textOverride: z.string().nullable(), mediaIds: z.array(z.string()) })),
});
export type TPost = z.infer<typeof ZPost>;

export const ZPostListQuery = z.object({ state: z.enum(POST_STATES).optional() });

const ZFinding = z.object({
  rule: z.enum(RULE_IDS),
  severity: z.enum(['warn', 'block']),
  message: ZLocalised,
  start: z.number().optional(),
  end: z.number().optional(),
  mediaIndex: z.number().optional(),
});
const ZIssue = z.object({
  code: z.string(),
  network: z.enum(NETWORKS),
  mediaIndex: z.number().optional(),
  limit: z.number().optional(),
  actual: z.number().optional(),
  message: ZLocalised,
});

export const ZChannelPreview = z.object({
  channelId: z.string(),
  network: z.enum(NETWORKS),
  handle: z.string(),
  language: ZLanguage,
  /** Where the text came from: the channel override, the language variant, or the base text. */
  source: z.enum(['override', 'language', 'base']),
  text: z.string(),
  count: z.object({ count: z.number(), max: z.number(), remaining: z.number(), over: z.boolean(), rule: z.string() }),
  issues: z.array(ZIssue),
  findings: z.array(ZFinding),
  media: z.array(z.object({ id: z.string(), fileName: z.string(), mimeType: z.string(), byteSize: z.number(), altText: z.string() })),
});
export const ZPreview = z.object({
  postId: z.string(),
  version: z.number(),
  /** True when any network limit is broken or a lint rule set to `block` fires: submit is refused. */
  blocked: z.boolean(),
  channels: z.array(ZChannelPreview),
});
export type TPreview = z.infer<typeof ZPreview>;
export type TChannelPreview = z.infer<typeof ZChannelPreview>;

const ZRuleSetting = z.enum(['off', 'warn', 'block']);
export const ZLintSettings = z.object({
  rules: z.partialRecord(z.enum(RULE_IDS), ZRuleSetting).default({}),
  maxHashtags: z.number().int().min(0).max(100).optional(),
  maxLinks: z.number().int().min(0).max(100).optional(),
  maxSentenceWords: z.number().int().min(5).max(200).optional(),
  electionPeriods: z
    .array(
      z.object({
        from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
        names: z.array(z.string().min(1).max(200)).max(500),
      }),
    )
    .max(20)
    .optional(),
});
const ZUtmTags = z.object({
  source: z.string().max(100).optional(),
  medium: z.string().max(100).optional(),
  campaign: z.string().max(200).optional(),
  content: z.string().max(200).optional(),
});
export const ZUtmSettings = z.object({
  enabled: z.boolean().optional(),
  medium: z.string().max(100).optional(),
  campaign: z.string().max(200).optional(),
  onlyHosts: z.array(z.string().min(1).max(253)).max(50).optional(),
  /** Per channel id: `false` = never tag this channel's links; an object overrides tags. */
  channels: z.record(z.string().uuid(), z.union([z.literal(false), ZUtmTags])).optional(),
});
export const ZComposeSettings = z.object({ lint: ZLintSettings, utm: ZUtmSettings });
export type TComposeSettings = z.infer<typeof ZComposeSettings>;

export const ZMedia = z.object({
  id: z.string(),
  organisationId: z.string(),
  fileName: z.string(),
  mimeType: z.string(),
  byteSize: z.number(),
  sha256: z.string(),
  altTexts: z.partialRecord(ZLanguage, z.string()),
  createdAt: z.date(),
});
export type TMedia = z.infer<typeof ZMedia>;
export const ZMediaUploadQuery = z.object({
  fileName: z.string().min(1).max(255),
  mimeType: z.string().min(3).max(100),
});
export const ZMediaPatch = z.object({ altTexts: z.partialRecord(ZLanguage, z.string().max(5000)) });

export const ZScheduleBody = z.object({
  /** ISO 8601 with offset (2026-05-04T09:30+02:00) or Z; a wall-clock time without offset is read in the organisation's zone. */
  plannedAt: z.string().min(10).max(40),
});
