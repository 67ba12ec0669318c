import type { IncomingHttpHeaders } from 'node:http';
import type { PeerSettings } from './faults.js';
import type { LiAccessToken, LiMember, LinkedInPeerState } from './store.js';

/**
 * Requests and replies as LinkedIn's API front end treats them. Errors of the REST API carry
 * `{status, serviceErrorCode, code, message}` (learn.microsoft.com/linkedin/shared/api-guide/
 * concepts/error-handling); validation errors of Rest.li add `errorDetailType` and
 * `errorDetails.inputErrors`; the OAuth endpoints answer `{error, error_description}`.
 */

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> };

/** The largest request body taken; a larger one is answered 413 PAYLOAD_TOO_LARGE. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export function liError(status: number, code: string, message: string, serviceErrorCode = 0): Reply {
  return { status, body: { status, serviceErrorCode, code, message } };
}

/** A Rest.li data validation failure (422) naming the field, as LinkedIn words them: `ERROR :: /path :: reason`. */
export function validationError(fieldPath: string, reason: string, code = 'FIELD_VALUE_INVALID'): Reply {
  const message = `ERROR :: ${fieldPath} :: ${reason}`;
  return {
    status: 422,
    body: {
      status: 422,
      serviceErrorCode: 100,
      code: 'UNPROCESSABLE_ENTITY',
      message,
      errorDetailType: 'com.linkedin.common.error.BadRequest',
      errorDetails: { inputErrors: [{ description: reason, input: { inputPath: { fieldPath } }, code }] },
    },
  };
}

export const UNAUTHORIZED = (): Reply => liError(401, 'INVALID_ACCESS_TOKEN', 'Invalid access token', 65600);
export const EXPIRED = (): Reply => liError(401, 'EXPIRED_ACCESS_TOKEN', 'The token used in the request has expired', 65602);
export const TOO_MANY = (): Reply =>
  liError(429, 'TOO_MANY_REQUESTS', 'Resource level throttle MEMBER DAY limit for calls to this resource is reached.', 101);
export const INTERNAL = (): Reply => liError(500, 'INTERNAL_SERVER_ERROR', 'Internal Server Error');
export const UNAVAILABLE = (): Reply => liError(503, 'SERVICE_UNAVAILABLE', 'Service Unavailable');
export const forbidden = (resource: string): Reply => liError(403, 'ACCESS_DENIED', `Not enough permissions to access: ${resource}`, 100);

export function oauthError(status: number, error: string, description: string): Reply {
  return { status, body: { error, error_description: description } };
}

/** The parsed JSON body, or undefined when there is none or it is not JSON. */
export function jsonBody(raw: Buffer): Record<string, unknown> | undefined {
  if (raw.length === 0) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export type PeerContext = { baseUrl: string; state: LinkedInPeerState; settings: PeerSettings; now: () => number };

export type RequestContext = {
  method: string;
  path: string;
  query: URLSearchParams;
  raw: Buffer;
  headers: IncomingHttpHeaders;
  token: LiAccessToken | null;
  member: LiMember | null;
  /** The `LinkedIn-Version` the request asked for (versioned /rest routes). */
  version: string;
};

export type Route = {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  pattern: RegExp;
  /**
   * `rest`: versioned API (`/rest/…`): Bearer member token, `LinkedIn-Version`,
   * `X-Restli-Protocol-Version: 2.0.0`. `upload`: an upload URL (Bearer token, no version).
   * `none`: the OAuth pages and endpoints.
   */
  kind: 'rest' | 'upload' | 'none';
  handle(peer: PeerContext, request: RequestContext, match: string[]): Reply | Promise<Reply>;
};
