import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Provider, { type Configuration } from 'oidc-provider';
import { type RequestHandler, startHttpPeer } from './kit/http.js';

/** A person known to the test provider. */
export type PeerAccount = { sub: string; email: string; email_verified: boolean; name?: string };

export type OidcPeer = {
  /** http://127.0.0.1:PORT — the issuer identifier. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, PeerAccount>;
  /** Which account the next login interaction signs in as. */
  loginAs: string;
  /** When set, the next interaction ends with `access_denied` (the person refuses). */
  deny: boolean;
  close(): Promise<void>;
};

/**
 * A real OpenID Connect provider (`oidc-provider` v9) on 127.0.0.1, port chosen by the system, for
 * one confidential client. Its login and consent interactions finish by themselves (as whoever
 * `loginAs` names), so a plain HTTP client that follows redirects and keeps cookies completes the
 * authorization code flow exactly as a browser would after the person clicked through.
 */
export async function startOidcPeer(options: { redirectUri: string; accounts?: PeerAccount[] }): Promise<OidcPeer> {
  // The provider needs its issuer URL, so the port comes first; until the provider exists: 503.
  let handler: RequestHandler = (_req, res) => {
    res.writeHead(503).end();
  };
  const http = await startHttpPeer((req, res) => handler(req, res));
  const issuer = http.url;

  const accounts = new Map((options.accounts ?? []).map((a) => [a.sub, a]));
  const peer: OidcPeer = {
    issuer,
    clientId: 'kanaal-test',
    clientSecret: randomBytes(24).toString('base64url'),
    accounts,
    loginAs: options.accounts?.[0]?.sub ?? '',
    deny: false,
    close: http.close,
  };

  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const configuration: Configuration = {
    clients: [
      {
        client_id: peer.clientId,
        client_secret: peer.clientSecret,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'test-key', use: 'sig', alg: 'RS256' }] } as Configuration['jwks'],
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    pkce: { required: () => true },
    // Explicit lifetimes (in seconds) keep the provider from printing a notice for each default.
    ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ ...account }) };
    },
  };
  const provider = new Provider(issuer, configuration);
  const providerCallback = provider.callback();

  async function interact(req: IncomingMessage, res: ServerResponse) {
    const details = await provider.interactionDetails(req, res);
    if (peer.deny) {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The person said no.' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    if (details.prompt.name === 'login') {
      await provider.interactionFinished(req, res, { login: { accountId: peer.loginAs } }, { mergeWithLastSubmission: false });
      return;
    }
    // Consent: grant whatever the client asked for, as a person clicking "Allow" would.
    const accountId = details.session?.accountId ?? peer.loginAs;
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId, clientId: String(details.params.client_id) });
    if (!grant) throw new Error('grant vanished');
    const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
    if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
    if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  handler = (req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/interaction/')) {
      interact(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`interaction failed: ${(error as Error).message}`);
      });
      return;
    }
    providerCallback(req, res);
  };
  return peer;
}
