import { promises as dnsPromises } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { UnsafeUrlError } from '../../kit/safe-fetch.js';
import {
  addressForms,
  addressRange,
  compileAllowList,
  inAllowedCidr,
  normalizeHost,
  parseAllowList,
  stripBrackets,
} from '../../kit/safe-fetch-rules.js';

/**
 * One request to a user-given webhook address, with the SSRF rules of kit/safe-fetch.ts
 * (safe-fetch-rules.ts: http(s) only, no credentials in the URL, every resolved address public
 * unicast unless the host or a CIDR is allowed — `allow`, default KANAAL_ALLOW_URLS — and the
 * connection pinned to the checked address, so DNS rebinding between check and connect does not
 * help). Why not safeFetch itself: it sends GET/HEAD only (no body), and it cannot say whether a
 * failed request had left — which decides `unavailable` (safe to retry) versus `ambiguous` (the
 * receiver may have acted) for a publisher that must not post twice. This module answers that:
 * `NotSentError` when no connection was made (DNS failure, refused, TLS handshake failed, time
 * out while connecting), `OutcomeUnknownError` once it was (reset, cut, timeout waiting for the
 * reply). Redirects are not followed: a POST is not re-sent to another address; the caller sees
 * the 3xx. Should safeFetch grow POST with that distinction, this file can go.
 */

export type GuardedRequest = {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: Buffer;
  /** Hosts or CIDRs that may be reached even if private. Default: KANAAL_ALLOW_URLS. */
  allow?: string[];
  timeoutMs: number;
  /** Reply bodies are cut at this size (the status is what matters). Default 1 MB. */
  maxResponseBytes?: number;
  signal?: AbortSignal;
};

export type GuardedResponse = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/** Nothing reached the receiver: safe to try again. */
export class NotSentError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'NotSentError';
  }
}

/** A connection was made and the request may have been received: the outcome is unknown. */
export class OutcomeUnknownError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'OutcomeUnknownError';
  }
}

const RETRY_NEXT_ADDRESS = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EAFNOSUPPORT']);
type Address = { address: string; family: 4 | 6 };

function checkedUrl(raw: string): URL {
  if (!URL.canParse(raw)) throw new UnsafeUrlError('This is not a valid web address.', `cannot parse URL ${raw.slice(0, 200)}`);
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UnsafeUrlError('Only web addresses starting with http:// or https:// can be used.', `scheme ${url.protocol} refused`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new UnsafeUrlError('Web addresses with a user name or password in them are not allowed.', 'credentials in URL refused');
  }
  if (url.hostname === '') throw new UnsafeUrlError('This is not a valid web address.', 'URL without host');
  return url;
}

async function resolveChecked(url: URL, allow: string[]): Promise<Address[]> {
  const rules = compileAllowList(allow);
  const host = normalizeHost(url.hostname);
  let addresses: Array<{ address: string; family: number }>;
  const literal = isIP(host);
  if (literal !== 0) {
    addresses = [{ address: host, family: literal }];
  } else {
    try {
      addresses = await dnsPromises.lookup(host, { all: true, verbatim: true });
    } catch (error) {
      throw new NotSentError(`could not find the server "${host}"`, (error as NodeJS.ErrnoException).code ?? 'ENOTFOUND');
    }
    if (addresses.length === 0) throw new NotSentError(`could not find the server "${host}"`, 'ENOTFOUND');
  }
  if (!rules.hosts.has(host)) {
    for (const { address } of addresses) {
      const range = addressRange(address);
      if (range === 'unicast' || inAllowedCidr(addressForms(address), rules)) continue;
      throw new UnsafeUrlError(
        'This address points to a private or internal network, which Kanaal is not allowed to reach.',
        `${host} resolves to ${address} (${range})`,
      );
    }
  }
  return addresses.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
}

function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as LookupFunction;
}

function once(url: URL, target: Address, request: GuardedRequest, timeoutMs: number): Promise<GuardedResponse> {
  const secure = url.protocol === 'https:';
  const maxBytes = request.maxResponseBytes ?? 1024 * 1024;
  return new Promise((resolve, reject) => {
    let connected = false;
    let settled = false;
    const body = request.body ?? Buffer.alloc(0);
    const req = (secure ? https : http).request({
      protocol: url.protocol,
      hostname: stripBrackets(url.hostname),
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method: request.method,
      headers: { ...request.headers, ...(request.method === 'POST' ? { 'content-length': String(body.length) } : {}) },
      agent: false,
      lookup: pinnedLookup(target.address, target.family),
      family: target.family,
    });
    const finish = (error: Error | null, response?: GuardedResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      if (error) {
        req.destroy();
        reject(error);
      } else if (response) {
        resolve(response);
      }
    };
    const lost = (message: string, code?: string) =>
      connected ? new OutcomeUnknownError(message, code) : new NotSentError(message, code ?? 'ECONNECT');
    const timer = setTimeout(
      () => finish(lost(connected ? 'timed out waiting for the reply' : 'timed out connecting', 'ETIMEDOUT')),
      timeoutMs,
    );
    const onAbort = () => finish(lost('aborted before the reply arrived', 'ABORT_ERR'));
    request.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('socket', (socket) => {
      // Request bytes go out only after the (TLS) connection is up: before that, nothing left.
      socket.once(secure ? 'secureConnect' : 'connect', () => {
        connected = true;
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => finish(lost(error.message, error.code)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const done = () => finish(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      res.on('data', (chunk: Buffer) => {
        if (size >= maxBytes) return;
        size += chunk.length;
        chunks.push(size > maxBytes ? chunk.subarray(0, chunk.length - (size - maxBytes)) : chunk);
        if (size >= maxBytes) {
          res.destroy();
          done();
        }
      });
      res.on('end', done);
      res.on('error', (error: NodeJS.ErrnoException) => finish(new OutcomeUnknownError(`reply cut off: ${error.message}`, error.code)));
      res.on('aborted', () => finish(new OutcomeUnknownError('reply cut off', 'ECONNRESET')));
    });
    req.end(request.method === 'POST' ? body : undefined);
  });
}

/** Sends `request` if the address is allowed; throws UnsafeUrlError, NotSentError or OutcomeUnknownError. */
export async function guardedRequest(request: GuardedRequest): Promise<GuardedResponse> {
  const url = checkedUrl(request.url);
  if (request.signal?.aborted) throw new NotSentError('aborted before sending', 'ABORT_ERR');
  const started = Date.now();
  let dnsTimer: NodeJS.Timeout | undefined;
  const dnsTimeout = new Promise<never>((_, reject) => {
    dnsTimer = setTimeout(() => reject(new NotSentError('timed out resolving the address', 'ETIMEDOUT')), request.timeoutMs);
  });
  const addresses = await Promise.race([
    resolveChecked(url, request.allow ?? parseAllowList(process.env.KANAAL_ALLOW_URLS)),
    dnsTimeout,
  ]).finally(() => clearTimeout(dnsTimer));
  let lastError: unknown;
  for (const address of addresses) {
    const left = request.timeoutMs - (Date.now() - started);
    if (left <= 0) throw new NotSentError('timed out connecting', 'ETIMEDOUT');
    try {
      return await once(url, address, request, left);
    } catch (error) {
      lastError = error;
      if (!(error instanceof NotSentError) || !error.code || !RETRY_NEXT_ADDRESS.has(error.code)) throw error;
    }
  }
  throw lastError;
}
