import { accountJson } from './entities.js';
import { error, type Reply } from './http.js';
import { hasScope, type PeerContext, type RequestContext, type Route } from './routing.js';
import type { PeerAccount } from './store.js';

/**
 * `GET /api/v2/search` for accounts (docs.joinmastodon.org/methods/search), as Api::V2::SearchController
 * and AccountSearchService's database search answer it:
 * - a token is optional (`authorize_if_got_token! :read, :'read:search'`): an invalid one is 401, one
 *   without `read` or `read:search` is 403; an instance that only serves signed-in users
 *   (`settings.searchRequiresAuth`, like DISALLOW_UNAUTHENTICATED_API_ACCESS) answers 401 without one;
 * - without a signed-in user, `resolve=true` and `offset` are refused with 401;
 * - each word of `q` must begin a word of the account's user name, domain or display name
 *   (case-insensitive; Mastodon searches word prefixes, so look-alike letters are not found by the plain name);
 *   a leading `@` and an `@domain` part are accepted as Mastodon does;
 * - `limit` defaults to 20, at most 40; `type` other than accounts gives empty lists.
 */

function words(value: string): string[] {
  return value.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

function matches(account: PeerAccount, query: string): boolean {
  const [user = '', domain = ''] = query.trim().replace(/^@/, '').split('@');
  const terms = words(user);
  if (terms.length === 0) return false;
  const own = [...words(account.username), ...words(account.displayName), ...words(account.domain ?? '')];
  if (!terms.every((term) => own.some((w) => w.startsWith(term)))) return false;
  return domain === '' || (account.domain ?? '').toLowerCase().startsWith(domain.toLowerCase());
}

function search(peer: PeerContext, request: RequestContext): Reply {
  const q = request.query;
  const signedIn = request.account !== null;
  const rawAuthorization = request.headers.authorization;
  if (rawAuthorization && !request.token) return { status: 401, body: { error: 'The access token is invalid' } };
  if (request.token && !hasScope(request.token.scopes, 'read:search')) return error(403, 'This action is outside the authorized scopes');
  if (!request.token && peer.settings.searchRequiresAuth) return error(401, 'This API requires an authenticated user');
  if (!signedIn && ['true', '1'].includes(q.get('resolve') ?? '')) {
    return error(401, 'Search queries that resolve remote resources are not supported without authentication');
  }
  if (!signedIn && q.get('offset')) return error(401, 'Search queries pagination is not supported without authentication');
  const query = q.get('q') ?? '';
  if (query.trim() === '') return { status: 200, body: { accounts: [], statuses: [], hashtags: [] } };
  const type = q.get('type');
  const limit = Math.min(40, Math.max(1, Number.parseInt(q.get('limit') ?? '20', 10) || 20));
  const offset = Math.max(0, Number.parseInt(q.get('offset') ?? '0', 10) || 0);
  const accounts =
    type === null || type === 'accounts'
      ? [...peer.state.accounts.values()]
          .filter((a) => matches(a, query))
          .slice(offset, offset + limit)
          .map((a) => accountJson(peer, a))
      : [];
  return { status: 200, body: { accounts, statuses: [], hashtags: [] } };
}

export const searchRoutes: Route[] = [{ method: 'GET', pattern: /^\/api\/v2\/search$/, auth: 'none', handle: search }];
