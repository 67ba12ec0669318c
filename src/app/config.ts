import { z } from 'zod';
import type { MediaStoreSettings } from '../kit/media-storage.js';

const booleanFlag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const ZConfig = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().url().startsWith('postgres').optional(),
  KANAAL_DATA_DIR: z.string().min(1).default('./data'),
  KANAAL_SECRET_KEY: z
    .string()
    .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded')
    .optional(),
  KANAAL_ADMIN_EMAIL: z.string().email().optional(),
  KANAAL_ADMIN_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  KANAAL_DEMO: booleanFlag.optional(),
  KANAAL_ALLOW_URLS: z.string().optional(),
  KANAAL_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().default('Kanaal <kanaal@localhost>'),
  OIDC_ISSUER: z.string().url().optional(),
  OIDC_CLIENT_ID: z.string().optional(),
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_LABEL: z.string().default('Single sign-on'),
  PUBLIC_URL: z.string().url().optional(),
  KANAAL_OAUTH_APPS: z.string().optional(),
  KANAAL_MEDIA_STORE: z.enum(['fs', 's3']).default('fs'),
  KANAAL_S3_BUCKET: z.string().trim().min(3).max(255).optional(),
  KANAAL_S3_REGION: z.string().trim().min(1).default('us-east-1'),
  KANAAL_S3_ENDPOINT: z.string().url().optional(),
  KANAAL_S3_PREFIX: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9._/-]*$/, 'may only contain letters, digits and . _ - /')
    .refine((v) => !v.split('/').some((s) => s === '.' || s === '..'), 'must not contain "." or ".." segments')
    .optional(),
  KANAAL_S3_ACCESS_KEY_ID: z.string().trim().min(1).optional(),
  KANAAL_S3_SECRET_ACCESS_KEY: z.string().trim().min(1).optional(),
  KANAAL_S3_FORCE_PATH_STYLE: booleanFlag.optional(),
  KANAAL_BLUESKY_APPVIEW: z
    .string()
    .url()
    .refine((v) => /^https?:\/\//i.test(v), 'must start with https:// or http://')
    .default('https://public.api.bsky.app'),
});

/** Kanaal's own app at each network that connects by OAuth with one app per installation. */
const ZOAuthApps = z.partialRecord(
  z.enum(['x', 'linkedin', 'facebook', 'instagram', 'threads', 'viva_engage']),
  z.strictObject({
    clientId: z.string().min(1),
    clientSecret: z.string().min(1).optional(),
    tenant: z.string().min(1).optional(),
    authorizeBaseUrl: z.string().url().optional(),
    apiBaseUrl: z.string().url().optional(),
  }),
);
export type OAuthApps = z.infer<typeof ZOAuthApps>;

export type Config = {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  secretKey?: string;
  adminEmail?: string;
  adminPassword?: string;
  /** undefined = decide at start: demo data for an empty embedded database. */
  demo?: boolean;
  allowUrls: string[];
  logLevel: z.infer<typeof ZConfig>['KANAAL_LOG_LEVEL'];
  smtpUrl?: string;
  mailFrom: string;
  oidc?: { issuer: string; clientId: string; clientSecret?: string; label: string };
  publicUrl: string;
  /** KANAAL_OAUTH_APPS (JSON): client ids and secrets of Kanaal's apps at X, LinkedIn, Meta, Viva Engage. */
  oauthApps: OAuthApps;
  /** Where media files live: `KANAAL_DATA_DIR/media` (fs) or an S3-compatible bucket. */
  mediaStore: MediaStoreSettings;
  /** KANAAL_BLUESKY_APPVIEW: the Bluesky AppView that answers public reads (actor search for the impersonation scan). */
  blueskyAppView: string;
};

export class ConfigError extends Error {}

/** Reads the environment once; a bad value stops start-up with one line naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = ZConfig.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid configuration: ${issue?.path.join('.')} ${issue?.message}`);
  }
  const e = parsed.data;
  if (e.OIDC_ISSUER && !e.OIDC_CLIENT_ID) throw new ConfigError('Invalid configuration: OIDC_CLIENT_ID is required with OIDC_ISSUER');
  if (e.KANAAL_MEDIA_STORE === 's3' && !e.KANAAL_S3_BUCKET)
    throw new ConfigError('Invalid configuration: KANAAL_S3_BUCKET is required with KANAAL_MEDIA_STORE=s3');
  if (Boolean(e.KANAAL_S3_ACCESS_KEY_ID) !== Boolean(e.KANAAL_S3_SECRET_ACCESS_KEY))
    throw new ConfigError('Invalid configuration: KANAAL_S3_ACCESS_KEY_ID and KANAAL_S3_SECRET_ACCESS_KEY go together');
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.KANAAL_DATA_DIR,
    secretKey: e.KANAAL_SECRET_KEY,
    adminEmail: e.KANAAL_ADMIN_EMAIL?.toLowerCase(),
    adminPassword: e.KANAAL_ADMIN_PASSWORD,
    demo: e.KANAAL_DEMO,
    allowUrls: (e.KANAAL_ALLOW_URLS ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    logLevel: e.KANAAL_LOG_LEVEL,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    oidc: e.OIDC_ISSUER && e.OIDC_CLIENT_ID
      ? { issuer: e.OIDC_ISSUER, clientId: e.OIDC_CLIENT_ID, clientSecret: e.OIDC_CLIENT_SECRET, label: e.OIDC_LABEL }
      : undefined,
    oauthApps: oauthAppsOf(e.KANAAL_OAUTH_APPS),
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    mediaStore: mediaStoreOf(e),
    blueskyAppView: e.KANAAL_BLUESKY_APPVIEW.replace(/\/+$/, ''),
  };
}

function mediaStoreOf(e: z.infer<typeof ZConfig>): MediaStoreSettings {
  if (e.KANAAL_MEDIA_STORE === 'fs' || !e.KANAAL_S3_BUCKET) return { kind: 'fs' };
  return {
    kind: 's3',
    bucket: e.KANAAL_S3_BUCKET,
    region: e.KANAAL_S3_REGION,
    endpoint: e.KANAAL_S3_ENDPOINT,
    // Self-hosted stores (MinIO, Garage …) rarely have per-bucket host names: path style unless told otherwise.
    forcePathStyle: e.KANAAL_S3_FORCE_PATH_STYLE ?? Boolean(e.KANAAL_S3_ENDPOINT),
    prefix: e.KANAAL_S3_PREFIX?.replace(/^\/+|\/+$/g, '') || undefined,
    accessKeyId: e.KANAAL_S3_ACCESS_KEY_ID,
    secretAccessKey: e.KANAAL_S3_SECRET_ACCESS_KEY,
  };
}

function oauthAppsOf(json: string | undefined): OAuthApps {
  if (!json) return {};
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new ConfigError('Invalid configuration: KANAAL_OAUTH_APPS is not valid JSON');
  }
  const parsed = ZOAuthApps.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(`Invalid configuration: KANAAL_OAUTH_APPS.${issue?.path.join('.')} ${issue?.message}`);
  }
  return parsed.data;
}
