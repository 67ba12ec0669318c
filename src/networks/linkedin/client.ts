import { DEFAULT_USER_AGENT } from '../../kit/safe-fetch.js';
import { ConnectorError, type ConnectorOptions } from '../connector.js';
import { classifyNetworkError, classifyResponse, type Phase, unclear } from './errors.js';

/**
 * LinkedIn's versioned REST API over plain `fetch`.
 *
 * Not `linkedin-api-client` (LinkedIn's official JS client, 0.3.0): its RestliClient builds every
 * URL from the constant `https://api.linkedin.com/rest` (no base URL option: reaching a test
 * peer takes an axios interceptor that rewrites the host, the same hack twitter-api-v2 needs),
 * and its AuthClient posts through the global axios instance to the constant
 * `https://www.linkedin.com/oauth/v2` with no timeout or abort signal and no way to redirect it
 * short of patching axios for the whole process. The upload `PUT` is outside the client anyway,
 * and Kanaal's calls are half a dozen plain JSON requests whose only Rest.li subtlety (URNs
 * URL-encoded in query strings, protocol 2.0.0) URLSearchParams already covers; the package
 * would add axios, lodash and qs for that.
 *
 * Every call sends `LinkedIn-Version: YYYYMM` and `X-Restli-Protocol-Version: 2.0.0` (the
 * versioned API refuses calls without a version), the token as `Authorization: Bearer`, and
 * runs under one deadline (`timeoutMs`, default 30 s) joined with the caller's abort signal.
 */

export const DEFAULT_TIMEOUT_MS = 30_000;

export type RestCall = {
  method: 'GET' | 'POST' | 'DELETE';
  /** Path from the API root: `/rest/posts`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  json?: unknown;
};

export type RestReply<T> = { status: number; headers: Headers; data: T | undefined };

export type RestClient = {
  call<T>(call: RestCall, phase: Phase): Promise<RestReply<T>>;
  /** PUTs bytes to an upload URL from initializeUpload (a signed URL on a LinkedIn host). */
  upload(uploadUrl: string, bytes: Buffer, mimeType: string): Promise<void>;
};

export function apiBase(apiBaseUrl: string): URL {
  if (!URL.canParse(apiBaseUrl) || !/^https?:$/.test(new URL(apiBaseUrl).protocol)) {
    throw new ConnectorError('rejected', `"${apiBaseUrl}" is not an API address`);
  }
  return new URL(apiBaseUrl);
}

function signalFor(options: ConnectorOptions): AbortSignal {
  const deadline = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  return options.signal ? AbortSignal.any([deadline, options.signal]) : deadline;
}

/** The token goes only to the API's own origin or a LinkedIn host (production upload URLs are on www.linkedin.com). */
function mayCarryToken(target: URL, base: URL): boolean {
  if (target.origin === base.origin) return true;
  return target.protocol === 'https:' && (target.hostname === 'linkedin.com' || target.hostname.endsWith('.linkedin.com'));
}

export function restClient(
  input: { apiBaseUrl: string; accessToken: string; version: string },
  options: ConnectorOptions = {},
): RestClient {
  const base = apiBase(input.apiBaseUrl);
  const root = base.pathname.replace(/\/+$/, '');

  async function call<T>(request: RestCall, phase: Phase): Promise<RestReply<T>> {
    const url = new URL(`${root}${request.path}`, base);
    for (const [key, value] of Object.entries(request.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const headers: Record<string, string> = {
      authorization: `Bearer ${input.accessToken}`,
      'linkedin-version': input.version,
      'x-restli-protocol-version': '2.0.0',
      accept: 'application/json',
      'user-agent': DEFAULT_USER_AGENT,
    };
    if (request.json !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method,
        headers,
        body: request.json === undefined ? undefined : JSON.stringify(request.json),
        signal: signalFor(options),
      });
    } catch (error) {
      throw classifyNetworkError(error, phase);
    }
    let text = '';
    try {
      text = await response.text();
    } catch (error) {
      // A creation's answer is its status and x-restli-id header; a body lost after them changes nothing.
      if (!(response.ok && phase === 'post')) throw classifyNetworkError(error, phase);
    }
    let data: unknown;
    if (text !== '') {
      try {
        data = JSON.parse(text);
      } catch {
        if (response.ok) throw unclear(phase, `unreadable reply (HTTP ${response.status})`, response.status);
      }
    }
    if (!response.ok) throw classifyResponse(response.status, data, response.headers, phase);
    return { status: response.status, headers: response.headers, data: data as T | undefined };
  }

  async function upload(uploadUrl: string, bytes: Buffer, mimeType: string): Promise<void> {
    const target = URL.canParse(uploadUrl) ? new URL(uploadUrl) : null;
    if (!target || !mayCarryToken(target, base)) {
      throw new ConnectorError('unavailable', `LinkedIn gave an upload URL on an unexpected host; nothing was sent: ${uploadUrl}`);
    }
    let response: Response;
    try {
      response = await fetch(target, {
        method: 'PUT',
        headers: { authorization: `Bearer ${input.accessToken}`, 'content-type': mimeType, 'user-agent': DEFAULT_USER_AGENT },
        body: new Uint8Array(bytes),
        signal: signalFor(options),
      });
      const text = await response.text();
      if (!response.ok) {
        let data: unknown;
        try {
          data = text ? JSON.parse(text) : undefined;
        } catch {
          data = undefined;
        }
        throw classifyResponse(response.status, data, response.headers, 'media');
      }
    } catch (error) {
      throw classifyNetworkError(error, 'media');
    }
  }

  return { call, upload };
}
