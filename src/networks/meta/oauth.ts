import { ConnectorError, type ConnectorOptions } from '../connector.js';
import { classifyGraphError, classifyNetworkError, type GraphError } from './graph-client.js';

/**
 * Token upkeep for the Meta connectors.
 *
 * - Facebook Pages: connect with Facebook Login, exchange the short-lived user token for a
 *   long-lived one (`GET /oauth/access_token?grant_type=fb_exchange_token`), then read the Page's
 *   token (`GET /{page-id}?fields=access_token` or `/me/accounts`): a Page token from a long-lived
 *   user token has no expiry, so there is nothing to refresh.
 * - Instagram (Instagram Login) and Threads: long-lived tokens live 60 days and are renewed with
 *   `GET /refresh_access_token?grant_type=ig_refresh_token|th_refresh_token` (unversioned path;
 *   the token must be at least 24 hours old and still valid — an expired one cannot be renewed,
 *   the person must reconnect).
 */

export type RenewedToken = { accessToken: string; expiresAt: string | undefined };

export async function refreshLongLivedToken(
  apiBaseUrl: string,
  accessToken: string,
  grantType: 'ig_refresh_token' | 'th_refresh_token',
  options: ConnectorOptions = {},
): Promise<RenewedToken> {
  const url = new URL('/refresh_access_token', apiBaseUrl);
  url.searchParams.set('grant_type', grantType);
  url.searchParams.set('access_token', accessToken);
  const signals = [AbortSignal.timeout(options.timeoutMs ?? 30_000), ...(options.signal ? [options.signal] : [])];
  let response: Response;
  let body: { access_token?: string; expires_in?: number; error?: GraphError } | undefined;
  try {
    response = await fetch(url, { signal: AbortSignal.any(signals) });
    body = (await response.json().catch(() => undefined)) as typeof body;
  } catch (error) {
    throw classifyNetworkError(error, 'read');
  }
  if (!response.ok || body?.error) throw classifyGraphError(response.status, body?.error, response.headers, 'read');
  if (!body?.access_token) throw new ConnectorError('ambiguous', 'token refresh answered without a token');
  return {
    accessToken: body.access_token,
    expiresAt: typeof body.expires_in === 'number' ? new Date(Date.now() + body.expires_in * 1000).toISOString() : undefined,
  };
}
