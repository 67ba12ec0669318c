import { z } from 'zod';
import { ROLES } from '../../kit/auth/schema.js';
import { LANGUAGES } from './schema.js';
import { FIELD_ERROR_TEXT } from '../../kit/field-errors.js';

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

/** True for a time zone the runtime knows by its IANA name (`Europe/Brussels`, `UTC`); offsets are refused. */
export function isIanaTimeZone(value: string): boolean {
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export const ZLanguage = z.enum(LANGUAGES);
export const ZRole = z.enum(ROLES);
export const ZLocalisedNames = z.object({
  nl: z.string().trim().min(1).max(200).optional(),
  fr: z.string().trim().min(1).max(200).optional(),
  de: z.string().trim().min(1).max(200).optional(),
  en: z.string().trim().min(1).max(200).optional(),
});

const ZSlug = z.string().regex(SLUG_PATTERN, FIELD_ERROR_TEXT.slug);
const ZTimeZone = z.string().max(64).refine(isIanaTimeZone, FIELD_ERROR_TEXT.time_zone);
const ZWebsite = z.url({ protocol: /^https?$/, message: FIELD_ERROR_TEXT.http_address }).max(500);

export const ZOrganisation = z.object({
  id: z.string().uuid(),
  parentId: z.string().uuid().nullable(),
  slug: z.string(),
  name: z.string(),
  names: ZLocalisedNames,
  shortName: z.string().nullable(),
  website: z.string().nullable(),
  timeZone: z.string(),
  defaultLanguage: ZLanguage,
  isDemo: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TOrganisation = z.infer<typeof ZOrganisation>;

export const ZOrganisationListItem = ZOrganisation.extend({
  myRoles: z.array(ZRole),
  channelCount: z.number().int(),
});
export type TOrganisationListItem = z.infer<typeof ZOrganisationListItem>;

export const ZOrganisationDetail = ZOrganisationListItem.extend({
  ancestors: z.array(z.object({ id: z.string().uuid(), name: z.string() })),
});
export type TOrganisationDetail = z.infer<typeof ZOrganisationDetail>;

export const ZOrganisationCreate = z.object({
  parentId: z.string().uuid().nullable(),
  name: z.string().trim().min(1).max(200),
  names: ZLocalisedNames.optional(),
  shortName: z.string().trim().max(60).nullable().optional(),
  website: ZWebsite.nullable().optional(),
  timeZone: ZTimeZone.optional(),
  defaultLanguage: ZLanguage.optional(),
  slug: ZSlug.optional(),
});
export type TOrganisationCreate = z.infer<typeof ZOrganisationCreate>;

export const ZOrganisationPatch = z.object({
  parentId: z.string().uuid().nullable().optional(),
  name: z.string().trim().min(1).max(200).optional(),
  names: ZLocalisedNames.optional(),
  shortName: z.string().trim().max(60).nullable().optional(),
  website: ZWebsite.nullable().optional(),
  timeZone: ZTimeZone.optional(),
  defaultLanguage: ZLanguage.optional(),
  slug: ZSlug.optional(),
});
export type TOrganisationPatch = z.infer<typeof ZOrganisationPatch>;
