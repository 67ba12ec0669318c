import { createHash, createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { Network } from '../../features/registry/schema.js';
import { DEFAULT_USER_AGENT, UnsafeUrlError } from '../../kit/safe-fetch.js';
import { ConnectorError, type ConnectedAccount, type Connector, type ConnectorOptions, type PublishRequest } from '../connector.js';
import { type GuardedResponse, guardedRequest, NotSentError, OutcomeUnknownError } from './guarded-request.js';

/**
 * A signed webhook: Kanaal POSTs each publication as JSON to the channel's address
 * (`account.apiBaseUrl`), and the receiver (a website, an intranet, anything) does what it likes
 * with it. The contract is docs/webhooks.md; in short:
 * - `POST {url}` with `{type: "post", idempotencyKey, channel: {handle}, text, language, media:
 *   [{fileName, mimeType, altText, sha256, dataBase64}], sentAt}`, headers `Idempotency-Key`,
 *   `X-Kanaal-Timestamp` (Unix seconds) and `X-Kanaal-Signature: sha256=<hex HMAC-SHA256(secret,
 *   timestamp + "." + raw body)>`. The receiver MUST treat a repeated Idempotency-Key as the same
 *   post and answer 2xx with `{id, url?}` (id defaults to the key).
 * - `GET {url}?idempotency_key={key}` (signed over the raw query string instead of a body):
 *   200 `{id, url?}` when the post is there, 404 when it is not. `findPublished` uses this
 *   lookup rather than re-sending with the same key: a reconcile must never send — a crisis pause
 *   may have begun since the ambiguous attempt, and re-sending would publish through it.
 * - `POST {url}` with `{type: "ping", …}` for `verify`, expecting 2xx.
 * The address is user-given: guarded-request.ts applies the SSRF rules of kit/safe-fetch.ts.
 * Replies: 2xx → published; 429 (+ Retry-After) → rate_limited; 401/403 → auth_expired (the
 * secret was refused); 3xx and other 4xx → rejected; 408/5xx, time-out or a cut once connected
 * → ambiguous; refused or unresolvable → unavailable; an address Kanaal may not reach → rejected.
 *
 * Credentials: `{ secret }`. One factory, one connector per network (`website`, `other`).
 */

export type WebhookCredentials = { secret: string };
export type WebhookConnectorOptions = {
  /** Hosts or CIDRs that may be reached even if private. Default: KANAAL_ALLOW_URLS at call time. */
  allow?: string[];
};

const DEFAULT_TIMEOUT_MS = 30_000;
/** Media travel inline as base64; past this a JSON body is not a sensible webhook (see docs/webhooks.md). */
export const MAX_BODY_BYTES = 100 * 1024 * 1024;
/** When a 429 names no Retry-After. */
const DEFAULT_RETRY_AFTER_SECONDS = 60;

/** `sha256=<hex>` over `timestamp + "." + signed content` (the raw body; the raw query string for lookups). */
export function signWebhook(secret: string, timestamp: string | number, content: string | Buffer): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(content).digest('hex')}`;
}

function secretOf(account: ConnectedAccount): string {
  const secret = account.credentials.secret;
  if (typeof secret !== 'string' || secret === '') {
    throw new ConnectorError('auth_expired', 'no webhook secret stored for this channel; connect it again');
  }
  return secret;
}

export function webhookBody(account: ConnectedAccount, request: PublishRequest, sentAt: Date): string {
  return JSON.stringify({
    type: 'post',
    idempotencyKey: request.idempotencyKey,
    channel: { handle: account.handle },
    text: request.text,
    language: request.language ?? null,
    media: request.media.map((item) => ({
      fileName: item.fileName,
      mimeType: item.mimeType,
      altText: item.altText,
      sha256: createHash('sha256').update(item.bytes).digest('hex'),
      dataBase64: item.bytes.toString('base64'),
    })),
    sentAt: sentAt.toISOString(),
  });
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function retryAfterSeconds(value: string | undefined): number {
  const raw = value?.trim() ?? '';
  if (/^\d+$/.test(raw)) return Math.max(1, Number(raw));
  const at = Date.parse(raw);
  return Number.isNaN(at) ? DEFAULT_RETRY_AFTER_SECONDS : Math.max(1, Math.ceil((at - Date.now()) / 1000));
}

function json(response: GuardedResponse): Record<string, unknown> | null {
  try {
    const parsed: unknown = JSON.parse(response.body.toString('utf8'));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** The receiver's own words: `{error}` or `{message}` in JSON, else the start of the text. */
function receiverMessage(response: GuardedResponse): string {
  const body = json(response);
  const said = body?.error ?? body?.message;
  if (typeof said === 'string' && said !== '') return said;
  const text = response.body.toString('utf8').replace(/\s+/g, ' ').trim().slice(0, 300);
  return text || `HTTP ${response.status}`;
}

/** A reply that is not 2xx. */
function fromReply(response: GuardedResponse): ConnectorError {
  const status = response.status;
  const requestId = header(response.headers, 'x-request-id');
  const message = `the receiver answered ${status}: ${receiverMessage(response)}`;
  if (status === 429) {
    return new ConnectorError('rate_limited', message, {
      status,
      requestId,
      retryAfterSeconds: retryAfterSeconds(header(response.headers, 'retry-after')),
    });
  }
  if (status === 401 || status === 403) {
    return new ConnectorError('auth_expired', `${message} (is the shared secret the same on both sides?)`, { status, requestId });
  }
  if (status >= 300 && status < 400) {
    const location = header(response.headers, 'location') ?? 'elsewhere';
    return new ConnectorError('rejected', `the receiver redirects to ${location}; set that address on the channel`, { status, requestId });
  }
  if (status === 408 || status >= 500) return new ConnectorError('ambiguous', message, { status, requestId });
  return new ConnectorError('rejected', message, { status, requestId });
}

/** What the request threw (no reply at all). */
function fromThrown(error: unknown): ConnectorError {
  if (error instanceof ConnectorError) return error;
  if (error instanceof UnsafeUrlError) return new ConnectorError('rejected', `${error.message} (${error.detail})`);
  if (error instanceof NotSentError)
    return new ConnectorError('unavailable', `could not reach the receiver (${error.code ?? 'no connection'}): ${error.message}`);
  if (error instanceof OutcomeUnknownError)
    return new ConnectorError('ambiguous', `no answer from the receiver (${error.code ?? 'cut'}): ${error.message}`);
  return new ConnectorError('ambiguous', `webhook call failed: ${error instanceof Error ? error.message : String(error)}`);
}

async function send(
  settings: WebhookConnectorOptions,
  account: ConnectedAccount,
  input: { method: 'GET' | 'POST'; url: string; signed: string; body?: string; headers?: Record<string, string> },
  options: ConnectorOptions = {},
): Promise<GuardedResponse> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const headers: Record<string, string> = {
    accept: 'application/json',
    'user-agent': DEFAULT_USER_AGENT,
    'x-kanaal-timestamp': timestamp,
    'x-kanaal-signature': signWebhook(secretOf(account), timestamp, input.signed),
    ...input.headers,
  };
  if (input.body !== undefined) headers['content-type'] = 'application/json';
  try {
    return await guardedRequest({
      method: input.method,
      url: input.url,
      headers,
      body: input.body === undefined ? undefined : Buffer.from(input.body, 'utf8'),
      allow: options.allow ?? settings.allow,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      signal: options.signal,
    });
  } catch (error) {
    throw fromThrown(error);
  }
}

function publishedFrom(response: GuardedResponse, idempotencyKey: string): { remoteId: string; url: string } {
  const body = json(response);
  const id = typeof body?.id === 'string' || typeof body?.id === 'number' ? String(body.id) : '';
  return { remoteId: id || idempotencyKey, url: typeof body?.url === 'string' ? body.url : '' };
}

function lookupUrl(address: string, idempotencyKey: string): string {
  const url = new URL(address);
  url.searchParams.append('idempotency_key', idempotencyKey);
  return url.toString();
}

export function createWebhookConnector(network: Extract<Network, 'website' | 'other'>, settings: WebhookConnectorOptions = {}): Connector {
  return {
    network,

    async verify(account, options) {
      const body = JSON.stringify({ type: 'ping', channel: { handle: account.handle }, sentAt: new Date().toISOString() });
      const response = await send(settings, account, { method: 'POST', url: account.apiBaseUrl, signed: body, body }, options);
      if (response.status < 200 || response.status >= 300) throw fromReply(response);
      const reply = json(response);
      const url = new URL(account.apiBaseUrl);
      return {
        handle: account.handle || url.host,
        displayName: typeof reply?.name === 'string' ? reply.name : undefined,
        remoteAccountId: typeof reply?.id === 'string' && reply.id !== '' ? reply.id : `${url.origin}${url.pathname}`,
      };
    },

    async publish(account, request, options) {
      const body = webhookBody(account, request, new Date());
      if (Buffer.byteLength(body) > MAX_BODY_BYTES) {
        throw new ConnectorError(
          'rejected',
          `the post with its media is over ${MAX_BODY_BYTES / (1024 * 1024)} MB as JSON, too large for a webhook`,
        );
      }
      const response = await send(
        settings,
        account,
        { method: 'POST', url: account.apiBaseUrl, signed: body, body, headers: { 'idempotency-key': request.idempotencyKey } },
        options,
      );
      if (response.status < 200 || response.status >= 300) throw fromReply(response);
      return publishedFrom(response, request.idempotencyKey);
    },

    async findPublished(account, request, _since, options) {
      const url = lookupUrl(account.apiBaseUrl, request.idempotencyKey);
      const response = await send(settings, account, { method: 'GET', url, signed: new URL(url).search.slice(1) }, options);
      if (response.status === 404) return null;
      if (response.status === 405 || response.status === 501) {
        throw new ConnectorError(
          'ambiguous',
          `the receiver does not answer lookups (HTTP ${response.status}); check by hand whether it has the post`,
          {
            status: response.status,
          },
        );
      }
      if (response.status < 200 || response.status >= 300) {
        const error = fromReply(response);
        // A lookup that failed never means "not published".
        throw error.kind === 'rejected' ? new ConnectorError('ambiguous', error.message, error.details) : error;
      }
      return publishedFrom(response, request.idempotencyKey);
    },
  };
}
