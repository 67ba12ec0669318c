import { and, eq, isNull } from 'drizzle-orm';
import * as client from 'openid-client';
import type { AppContext } from '../../app/context.js';
import type { Config } from '../../app/config.js';
import { recordAudit, type AuditActor } from '../audit.js';
import { seal, unseal, type SecretKeyring } from '../crypto.js';
import { isUniqueViolation } from '../errors.js';
import { UI_LOCALES, users, type UiLocale } from './schema.js';

export const OIDC_CALLBACK_PATH = '/api/auth/oidc/callback';
export const OIDC_LOGIN_PATH = '/api/auth/oidc/login';
export const OIDC_FLOW_COOKIE = 'kanaal_oidc';
/** Long enough to type a password and answer a second factor at the provider, short enough to be useless later. */
export const OIDC_FLOW_TTL_MS = 10 * 60 * 1000;
const FLOW_AAD = 'oidc-flow';

type OidcSettings = NonNullable<Config['oidc']>;

/** A sign-in failure whose reason is logged, never shown: the person only sees "single sign-on failed". */
export class SsoError extends Error {}

/**
 * The relying party for one configured provider. Discovery happens on first use (not at start-up,
 * so Kanaal starts while the provider is down) and is cached; a failed discovery is retried on the
 * next sign-in.
 */
export function createOidcClient(settings: OidcSettings) {
  let configuration: Promise<client.Configuration> | null = null;
  return {
    settings,
    configuration(): Promise<client.Configuration> {
      configuration ??= discover(settings).catch((error: unknown) => {
        configuration = null;
        throw error;
      });
      return configuration;
    },
  };
}
export type OidcClient = ReturnType<typeof createOidcClient>;

async function discover(settings: OidcSettings): Promise<client.Configuration> {
  const issuer = new URL(settings.issuer);
  // Plain http only for a provider on this machine (tests, local development); anywhere else it would
  // let a network attacker forge the provider.
  const insecure = issuer.protocol === 'http:' && isLoopbackHost(issuer.hostname);
  return client.discovery(
    issuer,
    settings.clientId,
    undefined,
    settings.clientSecret ? client.ClientSecretBasic(settings.clientSecret) : client.None(),
    insecure ? { execute: [client.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
  );
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

/** What survives the trip to the provider and back, sealed into a short-lived httpOnly cookie. */
export type OidcFlow = { state: string; nonce: string; codeVerifier: string; returnTo: string; expiresAt: number };

export function sealFlow(keyring: SecretKeyring, flow: OidcFlow): string {
  return seal(keyring, JSON.stringify(flow), FLOW_AAD);
}

/** The flow from the cookie, or a reason it cannot be used. */
export function openFlow(keyring: SecretKeyring, cookie: string | undefined, now = Date.now()): OidcFlow {
  if (!cookie) throw new SsoError('no sign-in flow cookie (expired, blocked, or callback opened directly)');
  let flow: OidcFlow;
  try {
    flow = JSON.parse(unseal(keyring, cookie, FLOW_AAD)) as OidcFlow;
  } catch {
    throw new SsoError('sign-in flow cookie does not open');
  }
  if (typeof flow.expiresAt !== 'number' || flow.expiresAt < now) throw new SsoError('sign-in flow expired');
  return flow;
}

/**
 * A same-origin path to send the person to after sign-in, or '/'. Refuses anything a browser could
 * read as another origin: `//host`, `/\host` (browsers treat `\` as `/`), control characters and
 * whitespace (browsers strip tabs and newlines, so `/\t/host` becomes `//host`), and absolute URLs.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || /[\\\s]/.test(value) || hasControlCharacter(value)) return '/';
  const base = 'http://kanaal.invalid';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return '/';
  }
  if (url.origin !== base) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Starts the authorization code flow: the provider URL to redirect to and the sealed flow cookie. */
export async function beginOidcSignIn(ctx: AppContext, oidc: OidcClient, returnTo: unknown): Promise<{ url: string; cookie: string }> {
  const configuration = await oidc.configuration();
  const codeVerifier = client.randomPKCECodeVerifier();
  const flow: OidcFlow = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier,
    returnTo: safeReturnTo(returnTo),
    expiresAt: Date.now() + OIDC_FLOW_TTL_MS,
  };
  const url = client.buildAuthorizationUrl(configuration, {
    redirect_uri: `${ctx.config.publicUrl}${OIDC_CALLBACK_PATH}`,
    scope: 'openid email profile',
    response_type: 'code',
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state: flow.state,
    nonce: flow.nonce,
  });
  return { url: url.href, cookie: sealFlow(ctx.keyring, flow) };
}

export type OidcIdentity = {
  issuer: string;
  subject: string;
  email: string | null;
  emailVerified: boolean;
  name: string | null;
  locale: string | null;
};

/**
 * Finishes the flow at the callback: checks state, PKCE, nonce, the ID token and (when the provider
 * announces it) the `iss` response parameter, then reads the person's claims. Providers that follow
 * the OIDC rule of keeping scope claims out of the ID token are asked at their userinfo endpoint.
 */
export async function completeOidcSignIn(ctx: AppContext, oidc: OidcClient, flow: OidcFlow, query: string): Promise<OidcIdentity> {
  const configuration = await oidc.configuration();
  const currentUrl = new URL(`${ctx.config.publicUrl}${OIDC_CALLBACK_PATH}${query ? `?${query}` : ''}`);
  let tokens: Awaited<ReturnType<typeof client.authorizationCodeGrant>>;
  try {
    tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
      pkceCodeVerifier: flow.codeVerifier,
      expectedState: flow.state,
      expectedNonce: flow.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    const e = error as { code?: string; error?: string; message?: string };
    throw new SsoError(`code exchange refused: ${e.error ?? e.code ?? ''} ${e.message ?? ''}`.trim());
  }
  const idClaims = tokens.claims();
  if (!idClaims?.sub) throw new SsoError('ID token has no subject');
  let claims: Record<string, unknown> = { ...idClaims };
  if (typeof claims.email !== 'string' && configuration.serverMetadata().userinfo_endpoint) {
    const info = await client.fetchUserInfo(configuration, tokens.access_token, idClaims.sub);
    claims = { ...info, ...idClaims };
  }
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : null;
  return {
    issuer: configuration.serverMetadata().issuer,
    subject: idClaims.sub,
    email: email && /^[^\s@]+@[^\s@]+$/.test(email) ? email : null,
    // Some providers send "true" as a string; anything else is not verified.
    emailVerified: claims.email_verified === true || claims.email_verified === 'true',
    name: typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : null,
    locale: typeof claims.locale === 'string' ? claims.locale : null,
  };
}

/**
 * The Kanaal user for a provider identity, in this order: the user already linked to (issuer,
 * subject); else an existing, unlinked user with the same email, but only when the provider says
 * the email is verified (otherwise anyone who can type an address at the provider would take over
 * that account); else a new user with no roles, who sees nothing until an administrator grants one.
 */
export async function findOrCreateOidcUser(ctx: AppContext, identity: OidcIdentity, requestId: string): Promise<typeof users.$inferSelect> {
  const [linked] = await ctx.db
    .select()
    .from(users)
    .where(and(eq(users.oidcIssuer, identity.issuer), eq(users.oidcSubject, identity.subject)));
  if (linked) return usable(linked);
  if (!identity.email) throw new SsoError('provider sent no email address');
  const [sameEmail] = await ctx.db.select().from(users).where(eq(users.email, identity.email));
  if (sameEmail) {
    if (!identity.emailVerified) throw new SsoError(`email ${identity.email} exists but the provider does not say it is verified`);
    if (sameEmail.oidcSubject !== null) throw new SsoError(`user ${sameEmail.id} is already linked to another provider identity`);
    usable(sameEmail);
    return ctx.db.transaction(async (tx) => {
      const [updated] = await tx
        .update(users)
        .set({ oidcIssuer: identity.issuer, oidcSubject: identity.subject })
        .where(and(eq(users.id, sameEmail.id), isNull(users.oidcSubject)))
        .returning();
      if (!updated) throw new SsoError('user was linked by a concurrent sign-in');
      await recordAudit(tx, actorFor(updated, requestId), {
        organisationId: null,
        action: 'link_sso',
        entity: 'user',
        entityId: updated.id,
        after: { oidcIssuer: identity.issuer, oidcSubject: identity.subject },
      });
      return updated;
    });
  }
  try {
    return await ctx.db.transaction(async (tx) => {
      const [created] = await tx
        .insert(users)
        .values({
          email: identity.email as string,
          name: identity.name ?? (identity.email as string),
          locale: localeOf(identity.locale),
          passwordHash: null,
          oidcIssuer: identity.issuer,
          oidcSubject: identity.subject,
        })
        .returning();
      if (!created) throw new Error('user insert returned nothing');
      await recordAudit(tx, actorFor(created, requestId), {
        organisationId: null,
        action: 'create',
        entity: 'user',
        entityId: created.id,
        after: { email: created.email, name: created.name, via: 'sso', emailVerified: identity.emailVerified },
      });
      return created;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new SsoError('user was created by a concurrent sign-in');
    throw error;
  }
}

function usable(user: typeof users.$inferSelect): typeof users.$inferSelect {
  if (user.disabledAt) throw new SsoError(`user ${user.id} is disabled`);
  return user;
}

function actorFor(user: typeof users.$inferSelect, requestId: string): AuditActor {
  return { userId: user.id, label: user.email, requestId };
}

function localeOf(claim: string | null): UiLocale {
  const language = claim?.slice(0, 2).toLowerCase();
  return (UI_LOCALES as readonly string[]).includes(language ?? '') ? (language as UiLocale) : 'nl';
}
