import { z } from 'zod';

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
});

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
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
  };
}
