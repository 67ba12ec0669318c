import { z } from 'zod';
import { ROLES, UI_LOCALES } from '../../kit/auth/schema.js';

export const MIN_PASSWORD_LENGTH = 12;

const ZEmail = z.string().trim().toLowerCase().email().max(254);
const ZPassword = z.string().min(MIN_PASSWORD_LENGTH).max(1000);

export const ZMember = z.object({
  membershipId: z.string().uuid(),
  userId: z.string().uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  organisationId: z.string().uuid(),
  inherited: z.boolean(),
  fromOrganisationName: z.string(),
});
export type TMember = z.infer<typeof ZMember>;

export const ZMemberAdd = z.object({
  email: ZEmail,
  role: z.enum(ROLES),
  name: z.string().trim().min(1).max(200).optional(),
});
export type TMemberAdd = z.infer<typeof ZMemberAdd>;

export const ZMemberParams = z.object({ id: z.string().uuid(), membershipId: z.string().uuid() });

export const ZUserMembership = z.object({
  id: z.string().uuid(),
  organisationId: z.string().uuid(),
  organisationName: z.string(),
  role: z.enum(ROLES),
});

export const ZUser = z.object({
  id: z.string().uuid(),
  email: z.string(),
  name: z.string(),
  locale: z.enum(UI_LOCALES),
  isSuperadmin: z.boolean(),
  totpEnabled: z.boolean(),
  disabled: z.boolean(),
  hasPassword: z.boolean(),
  lastLoginAt: z.date().nullable(),
  createdAt: z.date(),
  memberships: z.array(ZUserMembership),
});
export type TUser = z.infer<typeof ZUser>;

export const ZUserQuery = z.object({ q: z.string().trim().max(200).optional() });

export const ZUserCreate = z.object({
  email: ZEmail,
  name: z.string().trim().min(1).max(200),
  password: ZPassword.optional(),
  locale: z.enum(UI_LOCALES).optional(),
});
export type TUserCreate = z.infer<typeof ZUserCreate>;

export const ZUserPatch = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  disabled: z.boolean().optional(),
  password: ZPassword.optional(),
});
export type TUserPatch = z.infer<typeof ZUserPatch>;
