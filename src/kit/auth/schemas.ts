import { z } from 'zod';
import { ROLES, UI_LOCALES } from './schema.js';
import { FIELD_ERROR_TEXT } from '../field-errors.js';

export const ZSignIn = z.object({
  email: z.string().trim().toLowerCase().email(),
  password: z.string().min(1).max(1000),
  totp: z
    .string()
    .regex(/^\d{6}$/, FIELD_ERROR_TEXT.six_digits)
    .optional(),
});

export const ZMembership = z.object({
  id: z.string().uuid(),
  organisationId: z.string().uuid(),
  organisationName: z.string(),
  role: z.enum(ROLES),
});

export const ZMe = z.object({
  user: z.object({
    id: z.string().uuid(),
    email: z.string(),
    name: z.string(),
    locale: z.enum(UI_LOCALES),
    isSuperadmin: z.boolean(),
    totpEnabled: z.boolean(),
  }),
  csrfToken: z.string().nullable(),
  memberships: z.array(ZMembership),
});
export type TMe = z.infer<typeof ZMe>;

export const ZNewApiToken = z.object({
  name: z.string().trim().min(1).max(100),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export const ZApiToken = z.object({
  id: z.string().uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.date(),
  lastUsedAt: z.date().nullable(),
  expiresAt: z.date().nullable(),
});

export const ZProfileUpdate = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  locale: z.enum(UI_LOCALES).optional(),
});

export const ZPasswordChange = z.object({
  currentPassword: z.string().min(1).max(1000),
  newPassword: z.string().min(12).max(1000),
});

export const ZTotpCode = z.object({
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, FIELD_ERROR_TEXT.six_digits),
});

export const ZTotpSetup = z.object({ secret: z.string(), otpauthUrl: z.string(), qrSvg: z.string() });

export const ZAuthProviders = z.object({
  password: z.literal(true),
  oidc: z.object({ label: z.string(), loginUrl: z.string() }).nullable(),
});
