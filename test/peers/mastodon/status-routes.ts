import { accountJson, credentialAccountJson, instanceV1Json, instanceV2Json, MAX_MEDIA_ATTACHMENTS, statusJson } from './entities.js';
import { countableLength, textToHtml } from './format.js';
import { bool, error, list, RECORD_NOT_FOUND, str, type Reply } from './http.js';
import type { PeerContext, RequestContext, Route } from './routing.js';
import { compareIds, isId, type PeerAccount, type PeerStatus } from './store.js';

/**
 * Accounts, statuses and instance (docs.joinmastodon.org/methods/accounts, /methods/statuses,
 * /methods/instance). Posting follows PostStatusService: the Idempotency-Key is looked up first
 * (`idempotency:status:<account>:<key>`, kept 3 600 s after the status was created) and a hit
 * returns the stored status without validating or creating anything; then media, then the text.
 */

export const IDEMPOTENCY_TTL_MS = 3600 * 1000;
const VISIBILITIES = ['public', 'unlisted', 'private', 'direct'] as const;

function visibleTo(status: PeerStatus, viewer: PeerAccount | null): boolean {
  if (status.deletedAt) return false;
  return status.accountId === viewer?.id || status.visibility === 'public' || status.visibility === 'unlisted';
}

function createStatus(peer: PeerContext, request: RequestContext): Reply {
  const account = request.account;
  if (!account) return error(422, 'This method requires an authenticated user');
  const key = request.headers['idempotency-key'];
  const idempotencyKey = typeof key === 'string' && key !== '' ? key : null;
  const redisKey = `idempotency:status:${account.id}:${idempotencyKey}`;
  if (idempotencyKey) {
    const seen = peer.state.idempotency.get(redisKey);
    if (seen && seen.expiresAt > peer.now()) {
      // Status.find on the remembered id: a deleted status is "Record not found", not a new post.
      const existing = peer.state.statuses.get(seen.statusId);
      return existing && !existing.deletedAt ? { status: 200, body: statusJson(peer, existing) } : RECORD_NOT_FOUND();
    }
  }
  if (str(request.params, 'scheduled_at')) return error(422, 'Scheduled statuses are not supported by this test peer');

  const mediaIds = list(request.params, 'media_ids');
  if (mediaIds.length > MAX_MEDIA_ATTACHMENTS) return error(422, `Cannot attach more than ${MAX_MEDIA_ATTACHMENTS} files.`);
  const media = mediaIds.map((id) => peer.state.media.get(id));
  const missing = mediaIds.filter((_, i) => {
    const m = media[i];
    return !m || m.accountId !== account.id || m.statusId !== null;
  });
  if (missing.length > 0) return error(422, `Media ${missing.join(', ')} not found or already attached to another post`);
  const attached = media.flatMap((m) => (m ? [m] : []));
  if (attached.some((m) => m.pollsUntilProcessed > 0))
    return error(422, 'Cannot attach files that have not finished processing. Try again in a moment!');
  if (attached.length > 1 && attached.some((m) => m.type === 'video' || m.type === 'gifv')) {
    return error(422, 'Cannot attach a video to a post that already contains images');
  }

  let inReplyTo: PeerStatus | undefined;
  const inReplyToId = str(request.params, 'in_reply_to_id');
  if (inReplyToId) {
    inReplyTo = peer.state.statuses.get(inReplyToId);
    if (!inReplyTo || !visibleTo(inReplyTo, account)) return RECORD_NOT_FOUND();
  }
  const visibility = (str(request.params, 'visibility') || 'public') as PeerStatus['visibility'];
  if (!VISIBILITIES.includes(visibility)) return error(422, `'${visibility}' is not a valid visibility`);

  const text = str(request.params, 'status') ?? '';
  const spoilerText = str(request.params, 'spoiler_text') ?? '';
  if (text.trim() === '' && attached.length === 0) return error(422, "Validation failed: Text can't be blank");
  if (countableLength(text, spoilerText) > peer.settings.maxCharacters) {
    return error(422, `Validation failed: Text character limit of ${peer.settings.maxCharacters} exceeded`);
  }
  const language = str(request.params, 'language');
  const status: PeerStatus = {
    id: peer.state.nextId(),
    accountId: account.id,
    appId: request.token?.appId ?? null,
    text,
    content: textToHtml(text, {
      baseUrl: peer.baseUrl,
      localDomain: peer.domain,
      localUsernames: new Set([...peer.state.accounts.values()].map((a) => a.username.toLowerCase())),
    }),
    spoilerText,
    visibility,
    sensitive: bool(request.params, 'sensitive') || spoilerText !== '',
    language: language && /^[a-z]{2,3}$/i.test(language) ? language.toLowerCase() : account.language,
    inReplyToId: inReplyTo?.id ?? null,
    inReplyToAccountId: inReplyTo?.accountId ?? null,
    mediaIds: attached.map((m) => m.id),
    createdAt: new Date(peer.now()),
    deletedAt: null,
    idempotencyKey,
  };
  peer.state.statuses.set(status.id, status);
  for (const m of attached) m.statusId = status.id;
  if (idempotencyKey) peer.state.idempotency.set(redisKey, { statusId: status.id, expiresAt: peer.now() + IDEMPOTENCY_TTL_MS });
  return { status: 200, body: statusJson(peer, status) };
}

function showStatus(peer: PeerContext, request: RequestContext, match: string[]): Reply {
  const status = peer.state.statuses.get(match[1] ?? '');
  if (!status || !visibleTo(status, request.account)) return RECORD_NOT_FOUND();
  return { status: 200, body: statusJson(peer, status) };
}

function deleteStatus(peer: PeerContext, request: RequestContext, match: string[]): Reply {
  const status = peer.state.statuses.get(match[1] ?? '');
  if (!status || status.deletedAt || status.accountId !== request.account?.id) return RECORD_NOT_FOUND();
  status.deletedAt = new Date(peer.now());
  return { status: 200, body: statusJson(peer, status, { withSource: true }) };
}

function accountStatuses(peer: PeerContext, request: RequestContext, match: string[]): Reply {
  const account = peer.state.accounts.get(match[1] ?? '');
  if (!account) return RECORD_NOT_FOUND();
  const q = request.query;
  const limit = Math.min(40, Math.max(1, Number.parseInt(q.get('limit') ?? '20', 10) || 20));
  const bound = (name: string): string | null => {
    const value = q.get(name);
    return value && isId(value) ? value : null;
  };
  const maxId = bound('max_id');
  const sinceId = bound('since_id');
  const minId = bound('min_id');
  let statuses = peer.state
    .statusesOf(account.id)
    .filter((s) => visibleTo(s, request.account))
    .filter((s) => !maxId || compareIds(s.id, maxId) < 0)
    .filter((s) => !sinceId || compareIds(s.id, sinceId) > 0)
    .filter((s) => !minId || compareIds(s.id, minId) > 0)
    .filter((s) => q.get('only_media') !== 'true' || s.mediaIds.length > 0)
    .filter((s) => q.get('exclude_replies') !== 'true' || !s.inReplyToId || s.inReplyToAccountId === s.accountId);
  if (q.get('pinned') === 'true') statuses = [];
  // min_id pages forward: the statuses immediately newer than it, still served newest first.
  const page = minId ? statuses.slice(-limit) : statuses.slice(0, limit);
  const headers: Record<string, string> = {};
  const first = page[0];
  const last = page[page.length - 1];
  if (first && last) {
    const base = `${peer.baseUrl}/api/v1/accounts/${account.id}/statuses`;
    headers.Link = `<${base}?limit=${limit}&max_id=${last.id}>; rel="next", <${base}?limit=${limit}&min_id=${first.id}>; rel="prev"`;
  }
  return { status: 200, headers, body: page.map((s) => statusJson(peer, s)) };
}

export const statusRoutes: Route[] = [
  {
    method: 'GET',
    pattern: /^\/api\/v1\/accounts\/verify_credentials$/,
    auth: 'user',
    scopes: ['read:accounts', 'profile'],
    handle: (peer, request) => (request.account ? { status: 200, body: credentialAccountJson(peer, request.account) } : RECORD_NOT_FOUND()),
  },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/accounts\/(\d+)$/,
    auth: 'app',
    scopes: ['read:accounts'],
    handle: (peer, _request, match) => {
      const account = peer.state.accounts.get(match[1] ?? '');
      return account ? { status: 200, body: accountJson(peer, account) } : RECORD_NOT_FOUND();
    },
  },
  { method: 'GET', pattern: /^\/api\/v1\/accounts\/(\d+)\/statuses$/, auth: 'app', scopes: ['read:statuses'], handle: accountStatuses },
  { method: 'POST', pattern: /^\/api\/v1\/statuses$/, auth: 'user', scopes: ['write:statuses'], handle: createStatus },
  { method: 'GET', pattern: /^\/api\/v1\/statuses\/(\d+)$/, auth: 'app', scopes: ['read:statuses'], handle: showStatus },
  { method: 'DELETE', pattern: /^\/api\/v1\/statuses\/(\d+)$/, auth: 'user', scopes: ['write:statuses'], handle: deleteStatus },
  {
    method: 'GET',
    pattern: /^\/api\/v1\/instance$/,
    auth: 'none',
    handle: (peer) => ({ status: 200, body: instanceV1Json(peer, peer.settings.maxCharacters) }),
  },
  {
    method: 'GET',
    pattern: /^\/api\/v2\/instance$/,
    auth: 'none',
    handle: (peer) => ({ status: 200, body: instanceV2Json(peer, peer.settings.maxCharacters) }),
  },
];
