import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { BodyTooLarge, bearerToken, readBody, sendJson, startHttpPeer } from '../kit/http.js';
import { type Fault, FaultSwitches, type PeerSettings } from './faults.js';
import {
  EXPIRED,
  INTERNAL,
  liError,
  MAX_BODY_BYTES,
  type PeerContext,
  type Reply,
  type Route,
  TOO_MANY,
  UNAUTHORIZED,
  UNAVAILABLE,
} from './http.js';
import { imageRoutes } from './image-routes.js';
import { oauthRoutes } from './oauth-routes.js';
import { organizationRoutes } from './organization-routes.js';
import { postRoutes } from './post-routes.js';
import { type LiAccessToken, type LiClient, type LiMember, type LiOrganization, type LiRole, LinkedInPeerState } from './store.js';

/**
 * A local server speaking the parts of LinkedIn's API Kanaal uses, shaped after LinkedIn's
 * documentation (learn.microsoft.com/linkedin): 3-legged OAuth with 60-day access tokens and
 * 365-day refresh tokens, the versioned REST API (`/rest/…`: Bearer token, `LinkedIn-Version`
 * and `X-Restli-Protocol-Version: 2.0.0` required) with Posts (create, author finder, get,
 * delete), Images (initializeUpload, upload URL, status), organization lookup and page roles;
 * errors as `{status, serviceErrorCode, code, message}`; a member-level daily quota on posting;
 * fault switches (`faults.ts`). One host serves what LinkedIn splits over www.linkedin.com
 * (OAuth, upload URLs) and api.linkedin.com. Listens on 127.0.0.1, port chosen by the system.
 */

export type LinkedInPeerOptions = Partial<PeerSettings>;

export type CreatedMember = { member: LiMember; accessToken: string; refreshToken: string; client: LiClient };

export type LinkedInPeer = {
  /** http://127.0.0.1:PORT — stands in for https://api.linkedin.com and https://www.linkedin.com. */
  url: string;
  state: LinkedInPeerState;
  faults: FaultSwitches;
  settings: PeerSettings;
  createClient(input?: { redirectUris?: string[] }): LiClient;
  createOrganization(input: { localizedName: string; vanityName: string; locale?: { language: string; country: string } }): LiOrganization;
  /** A member holding `roles` on pages, with tokens issued to a built-in client as if they had authorised it. */
  createMember(input: { name: string; roles?: Array<{ organization: LiOrganization; role?: LiRole }>; scopes?: string[] }): CreatedMember;
  advanceClock(ms: number): void;
  settled(): Promise<void>;
  close(): Promise<void>;
};

export const DEFAULT_SCOPES = ['w_organization_social', 'r_organization_social', 'rw_organization_admin'];
const ROUTES: Route[] = [...oauthRoutes, ...postRoutes, ...imageRoutes, ...organizationRoutes];
const VERSION = /^(\d{4})(\d{2})(\.\d{2})?$/;

function faultReply(fault: Fault | null): Reply | null {
  if (fault?.kind === 'status500') return INTERNAL();
  if (fault?.kind === 'status503') return UNAVAILABLE();
  return null;
}

export async function startLinkedInPeer(options: LinkedInPeerOptions = {}): Promise<LinkedInPeer> {
  let clockOffset = 0;
  const now = (): number => Date.now() + clockOffset;
  const state = new LinkedInPeerState(now);
  const faults = new FaultSwitches();
  const settings: PeerSettings = {
    authorizeAs: null,
    accessTokenSeconds: 60 * 24 * 60 * 60,
    refreshTokenSeconds: 365 * 24 * 60 * 60,
    issueRefreshTokens: true,
    refreshOmitsRefreshToken: false,
    duplicateWindowMs: 24 * 60 * 60_000,
    postsPerMemberPerDay: 150,
    oldestActiveVersion: '202401',
    ...options,
  };

  const http = await startHttpPeer(handle, { onError: (res) => send(res, INTERNAL()) });
  const { url } = http;
  const context: PeerContext = { baseUrl: url, state, settings, now };

  function bearer(req: IncomingMessage): { token: LiAccessToken | null; refusal: Reply | null } {
    const raw = bearerToken(req);
    const token = raw ? state.accessTokens.get(raw) : undefined;
    if (!token) return { token: null, refusal: UNAUTHORIZED() };
    if (token.revoked)
      return {
        token: null,
        refusal: liError(401, 'REVOKED_ACCESS_TOKEN', 'The token used in the request has been revoked by the user', 65601),
      };
    if (token.expiresAt <= now()) return { token: null, refusal: EXPIRED() };
    return { token, refusal: null };
  }

  /** LinkedIn-Version and Rest.li protocol checks of the versioned API. */
  function versionRefusal(req: IncomingMessage): Reply | null {
    const version = String(req.headers['linkedin-version'] ?? '');
    if (!version) {
      return liError(400, 'VERSION_MISSING', 'A version must be present. Please specify a version by adding the LinkedIn-Version header.');
    }
    const match = VERSION.exec(version);
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 12)
      return liError(400, 'INVALID_VERSION', `Invalid version format: ${version}`);
    const current = new Date(now());
    const newest = `${current.getUTCFullYear()}${String(current.getUTCMonth() + 1).padStart(2, '0')}`;
    const month = `${match[1]}${match[2]}`;
    if (month < settings.oldestActiveVersion || month > newest)
      return liError(426, 'NONEXISTENT_VERSION', `Requested version ${version} is not active`);
    if (req.headers['x-restli-protocol-version'] !== '2.0.0') {
      return liError(400, 'ILLEGAL_ARGUMENT', 'This endpoint requires the header X-Restli-Protocol-Version: 2.0.0');
    }
    return null;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestUrl = new URL(req.url ?? '/', url);
    const method = (req.method ?? 'GET').toUpperCase();
    const path = requestUrl.pathname;
    const log = {
      method,
      path,
      query: requestUrl.search,
      at: new Date(now()),
      headers: { ...req.headers },
      outcome: 0 as number | 'cut-before-store' | 'cut-after-store',
    };
    state.requests.push(log);
    let raw: Buffer;
    try {
      raw = await readBody(req, MAX_BODY_BYTES);
    } catch (cause) {
      if (!(cause instanceof BodyTooLarge)) throw cause;
      log.outcome = 413;
      return send(res, liError(413, 'PAYLOAD_TOO_LARGE', 'Request entity too large'));
    }
    const fault = faults.take(method, path);
    if (fault?.kind === 'cutBeforeStore') {
      log.outcome = 'cut-before-store';
      res.socket?.destroy();
      return;
    }
    if (fault?.kind === 'slow') await sleep(fault.delayMs, undefined, { signal: http.closing }).catch(() => undefined);

    const afterStore = (fault?.kind === 'status500' || fault?.kind === 'status503') && fault.afterStore;
    let reply: Reply;
    if (fault?.kind === 'status429') {
      reply = TOO_MANY();
      if (fault.retryAfterSeconds !== undefined) reply.headers = { 'Retry-After': String(fault.retryAfterSeconds) };
    } else if (fault?.kind === 'expiredToken') {
      reply = EXPIRED();
    } else if (!afterStore && faultReply(fault)) {
      reply = faultReply(fault) as Reply;
    } else {
      reply = await route(req, method, path, requestUrl.searchParams, raw);
    }
    if (fault?.kind === 'cutAfterStore') {
      log.outcome = 'cut-after-store';
      res.socket?.destroy();
      return;
    }
    if (afterStore) reply = faultReply(fault) as Reply;
    if (path.startsWith('/rest/')) reply.headers = { ...reply.headers, 'x-restli-protocol-version': '2.0.0' };
    reply.headers = { ...reply.headers, 'x-li-uuid': state.secret(16) };
    log.outcome = reply.status;
    send(res, reply);
  }

  async function route(req: IncomingMessage, method: string, path: string, query: URLSearchParams, raw: Buffer): Promise<Reply> {
    const found = ROUTES.find((r) => r.method === method && r.pattern.test(path));
    const match = found?.pattern.exec(path);
    if (!found || !match) return liError(404, 'RESOURCE_NOT_FOUND', `No resource found for ${method} ${path}`);
    let token: LiAccessToken | null = null;
    if (found.kind !== 'none') {
      const checked = bearer(req);
      if (checked.refusal) return checked.refusal;
      token = checked.token;
    }
    if (found.kind === 'rest') {
      const refusal = versionRefusal(req);
      if (refusal) return refusal;
      const type = String(req.headers['content-type'] ?? '')
        .split(';')[0]
        ?.trim();
      if (raw.length > 0 && type !== 'application/json') return liError(415, 'UNSUPPORTED_MEDIA_TYPE', `Unsupported content type: ${type}`);
    }
    return found.handle(
      context,
      {
        method,
        path,
        query,
        raw,
        headers: req.headers,
        token,
        member: token ? (state.members.get(token.memberId) ?? null) : null,
        version: String(req.headers['linkedin-version'] ?? ''),
      },
      match,
    );
  }

  function createClient(input: { redirectUris?: string[] } = {}): LiClient {
    const client: LiClient = {
      clientId: state.secret(10),
      clientSecret: state.secret(16),
      redirectUris: input.redirectUris ?? ['http://127.0.0.1/callback'],
    };
    state.clients.set(client.clientId, client);
    return client;
  }

  function createOrganization(input: {
    localizedName: string;
    vanityName: string;
    locale?: { language: string; country: string };
  }): LiOrganization {
    const organization: LiOrganization = {
      id: state.organizationId(),
      localizedName: input.localizedName,
      vanityName: input.vanityName,
      locale: input.locale ?? { language: 'nl', country: 'BE' },
    };
    state.organizations.set(organization.id, organization);
    return organization;
  }

  let builtIn: LiClient | null = null;
  function createMember(input: {
    name: string;
    roles?: Array<{ organization: LiOrganization; role?: LiRole }>;
    scopes?: string[];
  }): CreatedMember {
    const member: LiMember = { id: state.secret(7), name: input.name };
    state.members.set(member.id, member);
    for (const { organization, role } of input.roles ?? []) {
      state.roles.push({ memberId: member.id, organizationId: organization.id, role: role ?? 'ADMINISTRATOR', state: 'APPROVED' });
    }
    builtIn ??= createClient();
    const scopes = input.scopes ?? DEFAULT_SCOPES;
    const accessToken = state.secret(60);
    state.accessTokens.set(accessToken, {
      token: accessToken,
      memberId: member.id,
      clientId: builtIn.clientId,
      scopes,
      expiresAt: now() + settings.accessTokenSeconds * 1000,
      revoked: false,
    });
    const refreshToken = state.secret(60);
    const expiresAt = now() + settings.refreshTokenSeconds * 1000;
    state.refreshTokens.set(refreshToken, { token: refreshToken, memberId: member.id, clientId: builtIn.clientId, scopes, expiresAt });
    return { member, accessToken, refreshToken, client: builtIn };
  }

  return {
    url,
    state,
    faults,
    settings,
    createClient,
    createOrganization,
    createMember,
    advanceClock: (ms) => {
      clockOffset += ms;
    },
    settled: http.settled,
    close: http.close,
  };
}

function send(res: ServerResponse, reply: Reply): void {
  sendJson(res, reply, 'application/json');
}
