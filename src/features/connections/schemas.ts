import { z } from 'zod';
import { CHANNEL_STATUSES, NETWORKS } from '../registry/schema.js';
import { CONNECTION_HEALTHS } from './health.js';

const ZField = z.object({ name: z.string(), secret: z.boolean(), required: z.boolean(), type: z.enum(['text', 'url']) });

const ZMethod = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('oauth'),
    /** Asked before the browser goes to the network (Mastodon: the server). */
    fields: z.array(ZField),
    /** False when the installation has no app at this network (KANAAL_OAUTH_APPS). */
    configured: z.boolean(),
  }),
  z.object({ kind: z.literal('form'), fields: z.array(ZField) }),
]);

export const ZConnectionStatus = z.object({
  channelId: z.string().uuid(),
  organisationId: z.string().uuid(),
  network: z.enum(NETWORKS),
  handle: z.string(),
  displayName: z.string().nullable(),
  channelStatus: z.enum(CHANNEL_STATUSES),
  health: z.enum(CONNECTION_HEALTHS),
  method: ZMethod.nullable(),
  connection: z
    .object({
      apiBaseUrl: z.string(),
      remoteAccountId: z.string().nullable(),
      connectedAt: z.string(),
      connectedBy: z.object({ id: z.string().uuid(), name: z.string() }).nullable(),
      tokenExpiresAt: z.string().nullable(),
      canRefresh: z.boolean(),
      lastSuccessAt: z.string().nullable(),
      /** Plain English words, null when the last call worked. */
      lastError: z.string().nullable(),
      /**
       * The same as a code (`credentials_refused`) with the values of its sentence (`{ message: … }`),
       * to show it in another language; null when the last call worked or the error predates codes.
       */
      lastErrorCode: z.string().nullable(),
      lastErrorParams: z.record(z.string(), z.union([z.string(), z.number()])).nullable(),
      lastErrorAt: z.string().nullable(),
    })
    .nullable(),
});
export type TConnectionStatus = z.infer<typeof ZConnectionStatus>;

export const ZChannelIdParam = z.object({ channelId: z.string().uuid() });

export const ZHealthQuery = z.object({ organisationId: z.string().uuid().optional() });

export const ZOAuthStart = z.object({
  /** The method's fields (Mastodon: `instanceUrl`, the server the account lives on). */
  values: z.record(z.string(), z.string().max(2000)).default({}),
  lang: z.enum(['nl', 'fr', 'de', 'en']).optional(),
});
export const ZOAuthStarted = z.object({ authorizeUrl: z.string().url(), expiresAt: z.string() });

export const ZFormConnect = z.object({ values: z.record(z.string(), z.string().max(2000)) });

export const ZCallbackQuery = z.object({
  state: z.string().max(200).optional(),
  code: z.string().max(2000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(1000).optional(),
});
