/**
 * The ONE way to fetch a URL that a user (or a feed, or a remote server) gave us.
 *
 * Guards against server-side request forgery:
 * - only http: and https:, no user:password@ in the URL;
 * - every address the host name resolves to must be public unicast (ipaddr.js
 *   `range() === 'unicast'`, IPv4-mapped IPv6 unwrapped first), unless the host
 *   name is on the allow list or the address is inside an allowed CIDR;
 * - the connection goes to the exact address that was checked (custom `lookup`),
 *   so DNS rebinding between check and connect does not help; Host header, SNI
 *   and certificate checks still use the original host name;
 * - redirects are followed by hand and every hop is checked again;
 * - limits on total time (DNS, redirects and body included), on body size
 *   (streamed, and after decompression: no zip bombs) and on redirect count.
 *
 * Allow list entries (KANAAL_ALLOW_URLS): a host name or IP address matches the
 * URL's host exactly; a CIDR (`127.0.0.0/8`, `fd00::/8`) matches resolved
 * addresses. To allow an address whatever name points to it, use a CIDR
 * (`127.0.0.1/32`): a bare `127.0.0.1` allows only URLs written with that IP.
 */
import { promises as dnsPromises } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { pipeline, Transform, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import {
  type AllowRules,
  addressForms,
  addressRange,
  compileAllowList,
  inAllowedCidr,
  normalizeHost,
  parseAllowList,
  stripBrackets,
} from './safe-fetch-rules.js';

export { addressRange, parseAllowList };

export type SafeFetchOptions = {
  /** Hosts or CIDRs that may be reached even if private. Default: KANAAL_ALLOW_URLS. */
  allow?: string[];
  /** Total time limit in ms, redirects included. Default 10 000. */
  timeoutMs?: number;
  /** Body size limit in bytes, after decompression. Default 5 MB. */
  maxBytes?: number;
  /** Default 5. */
  maxRedirects?: number;
  headers?: Record<string, string>;
  method?: 'GET' | 'HEAD';
  userAgent?: string;
};

export type SafeFetchResult = {
  /** Final URL, after redirects. */
  url: string;
  status: number;
  headers: Headers;
  /** Decompressed body. */
  body: Buffer;
  contentType: string | null;
};

export const DEFAULT_USER_AGENT = 'Kanaal/0.1 (+https://github.com/kanaal)';
const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const DEFAULT_MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Headers that must not follow a redirect to another origin. */
const CREDENTIAL_HEADERS = ['authorization', 'cookie', 'proxy-authorization'];
/** Connection errors after which the next resolved address is tried. */
const RETRY_NEXT_ADDRESS = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EAFNOSUPPORT']);

/** The URL may not be fetched (scheme, credentials, private address, not a URL). */
export class UnsafeUrlError extends Error {
  readonly code = 'unsafe_url' as const;
  /** Technical detail for logs (which address, which range); not for end users. */
  readonly detail: string;
  constructor(message: string, detail: string) {
    super(message);
    this.name = 'UnsafeUrlError';
    this.detail = detail;
  }
}

export type FetchLimitCode = 'too_large' | 'timeout' | 'too_many_redirects';

/** A limit was hit while fetching. */
export class FetchLimitError extends Error {
  readonly code: FetchLimitCode;
  constructor(code: FetchLimitCode, message: string) {
    super(message);
    this.name = 'FetchLimitError';
    this.code = code;
  }
}

// ---------------------------------------------------------------------------
// Checking a URL

type Target = { url: URL; host: string; addresses: Array<{ address: string; family: 4 | 6 }> };

function parseUrl(input: string | URL, base?: URL): URL {
  try {
    return new URL(input, base);
  } catch {
    throw new UnsafeUrlError('This is not a valid web address.', `cannot parse URL ${String(input).slice(0, 200)}`);
  }
}

function checkUrlShape(url: URL): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UnsafeUrlError('Only web addresses starting with http:// or https:// can be used.', `scheme ${url.protocol} refused`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new UnsafeUrlError('Web addresses with a user name or password in them are not allowed.', 'credentials in URL refused');
  }
  if (url.hostname === '') throw new UnsafeUrlError('This is not a valid web address.', 'URL without host');
}

async function resolveTarget(url: URL, rules: AllowRules, deadline: Deadline): Promise<Target> {
  checkUrlShape(url);
  const host = normalizeHost(url.hostname);
  const hostAllowed = rules.hosts.has(host);

  let addresses: Array<{ address: string; family: number }>;
  const literal = isIP(host);
  if (literal !== 0) {
    addresses = [{ address: host, family: literal }];
  } else {
    try {
      addresses = await deadline.race(dnsPromises.lookup(host, { all: true, verbatim: true }));
    } catch (error) {
      if (error instanceof FetchLimitError) throw error;
      throw new Error(`Could not find the server "${host}".`, { cause: error });
    }
    if (addresses.length === 0) throw new Error(`Could not find the server "${host}".`);
  }

  if (!hostAllowed) {
    for (const { address } of addresses) {
      const range = addressRange(address);
      if (range === 'unicast') continue;
      if (inAllowedCidr(addressForms(address), rules)) continue;
      throw new UnsafeUrlError(
        'This address points to a private or internal network, which Kanaal is not allowed to reach.',
        `${host} resolves to ${address} (${range})`,
      );
    }
  }
  return {
    url,
    host,
    addresses: addresses.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 })),
  };
}

/**
 * Checks, without fetching, that a user-given address may be reached: for addresses another
 * library will call (an SDK with its own HTTP client). Throws UnsafeUrlError with words a person
 * can read. DNS may change between this check and the call: prefer safeFetch where it fits.
 */
export async function assertReachableUrl(input: string, options: { allow?: string[]; timeoutMs?: number } = {}): Promise<void> {
  const deadline = new Deadline(options.timeoutMs ?? 10_000);
  try {
    await resolveTarget(parseUrl(input), compileAllowList(options.allow ?? parseAllowList(process.env.KANAAL_ALLOW_URLS)), deadline);
  } finally {
    deadline.clear();
  }
}

// ---------------------------------------------------------------------------
// Time limit

class Deadline {
  readonly controller = new AbortController();
  timedOut = false;
  private readonly timer: NodeJS.Timeout;
  private readonly error: FetchLimitError;

  constructor(timeoutMs: number) {
    this.error = new FetchLimitError('timeout', `The other server took too long to answer (more than ${formatSeconds(timeoutMs)}).`);
    this.timer = setTimeout(() => {
      this.timedOut = true;
      this.controller.abort(this.error);
    }, timeoutMs);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get timeoutError(): FetchLimitError {
    return this.error;
  }

  /** Settle with `promise`, or fail with the timeout error when time runs out first. */
  race<T>(promise: Promise<T>): Promise<T> {
    if (this.timedOut) return Promise.reject(this.error);
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => reject(this.error);
      this.signal.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (value) => {
          this.signal.removeEventListener('abort', onAbort);
          resolve(value);
        },
        (error: unknown) => {
          this.signal.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} second${seconds === 1 ? '' : 's'}`;
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${+(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} kB`;
  return `${bytes} bytes`;
}

// ---------------------------------------------------------------------------
// One request

function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as LookupFunction;
}

function requestOnce(
  target: Target,
  address: { address: string; family: 4 | 6 },
  method: 'GET' | 'HEAD',
  headers: Record<string, string>,
  deadline: Deadline,
  track: (req: http.ClientRequest) => void,
): Promise<http.IncomingMessage> {
  const { url } = target;
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = transport.request({
      protocol: url.protocol,
      hostname: stripBrackets(url.hostname),
      port: url.port === '' ? undefined : Number(url.port),
      path: `${url.pathname}${url.search}`,
      method,
      headers,
      agent: false, // no pooled socket that was opened for another check
      lookup: pinnedLookup(address.address, address.family),
      family: address.family,
      signal: deadline.signal,
    });
    track(req);
    req.once('response', resolve);
    req.once('error', reject);
    req.end();
  });
}

async function connect(
  target: Target,
  method: 'GET' | 'HEAD',
  headers: Record<string, string>,
  deadline: Deadline,
  track: (req: http.ClientRequest) => void,
): Promise<http.IncomingMessage> {
  let lastError: unknown;
  for (const address of target.addresses) {
    try {
      return await requestOnce(target, address, method, headers, deadline, track);
    } catch (error) {
      if (deadline.timedOut) throw deadline.timeoutError;
      lastError = error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code === undefined || !RETRY_NEXT_ADDRESS.has(code)) break;
    }
  }
  const code = (lastError as NodeJS.ErrnoException | undefined)?.code;
  throw new Error(`Could not connect to "${target.host}"${code ? ` (${code})` : ''}.`, { cause: lastError });
}

// ---------------------------------------------------------------------------
// Body

function decoderFor(encoding: string): Transform | null {
  switch (encoding) {
    case '':
    case 'identity':
      return null;
    case 'gzip':
    case 'x-gzip':
      // Sync flush: tolerate a truncated or empty body like browsers do.
      return zlib.createGunzip({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    case 'deflate':
      return zlib.createInflate({ flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH });
    case 'br':
      return zlib.createBrotliDecompress({
        flush: zlib.constants.BROTLI_OPERATION_FLUSH,
        finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
      });
    default:
      throw new Error(`The server sent the content in an unsupported encoding ("${encoding.slice(0, 40)}").`);
  }
}

function tooLarge(maxBytes: number): FetchLimitError {
  return new FetchLimitError('too_large', `The page or file is too large (more than ${formatBytes(maxBytes)}).`);
}

async function readBody(res: http.IncomingMessage, maxBytes: number, skipBody: boolean): Promise<Buffer> {
  if (skipBody) {
    res.resume();
    return Buffer.alloc(0);
  }
  const declared = Number(res.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    res.destroy();
    throw tooLarge(maxBytes);
  }

  // Content-Encoding lists codings in the order applied: undo them in reverse.
  const encodings = (res.headers['content-encoding'] ?? '')
    .split(',')
    .map((value) => value.trim().toLowerCase())
    .filter((value) => value !== '' && value !== 'identity')
    .reverse();
  let decoders: Transform[];
  try {
    decoders = encodings.map(decoderFor).filter((decoder): decoder is Transform => decoder !== null);
  } catch (error) {
    res.destroy();
    throw error;
  }

  // Limit the bytes on the wire too: endless empty gzip members inflate to nothing.
  let wireBytes = 0;
  const wireLimit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      wireBytes += chunk.length;
      if (wireBytes > maxBytes) callback(tooLarge(maxBytes));
      else callback(null, chunk);
    },
  });

  const streams: Readable[] = [res, wireLimit, ...decoders];
  // pipeline destroys every stream when one fails; the error surfaces in the loop below.
  const output = pipeline(streams, () => {}) as unknown as Readable;

  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of output) {
      const buffer = chunk as Buffer;
      total += buffer.length;
      if (total > maxBytes) throw tooLarge(maxBytes);
      chunks.push(buffer);
    }
  } finally {
    if (total > maxBytes || !res.complete) {
      for (const stream of streams) stream.destroy();
    }
  }
  return Buffer.concat(chunks, total);
}

function toHeaders(res: http.IncomingMessage): Headers {
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i] as string, raw[i + 1] as string);
    } catch {
      // A header the fetch Headers class refuses: leave it out.
    }
  }
  return headers;
}

// ---------------------------------------------------------------------------
// Public entry point

export async function safeFetch(url: string, options: SafeFetchOptions = {}): Promise<SafeFetchResult> {
  const rules = compileAllowList(options.allow ?? parseAllowList(process.env.KANAAL_ALLOW_URLS));
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS;
  const method = options.method ?? 'GET';

  const headers: Record<string, string> = {
    accept: '*/*',
    'user-agent': options.userAgent ?? DEFAULT_USER_AGENT,
  };
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    const key = name.toLowerCase();
    if (key === 'host' || key === 'connection' || key === 'content-length') continue;
    headers[key] = value;
  }
  headers['accept-encoding'] = 'gzip, deflate, br';

  const deadline = new Deadline(timeoutMs);
  let currentReq: http.ClientRequest | undefined;
  let currentRes: http.IncomingMessage | undefined;
  const onAbort = () => {
    currentReq?.destroy();
    currentRes?.destroy();
  };
  deadline.signal.addEventListener('abort', onAbort, { once: true });

  try {
    let current = parseUrl(url);
    for (let redirects = 0; ; redirects++) {
      const target = await resolveTarget(current, rules, deadline);
      const res = await connect(target, method, headers, deadline, (req) => {
        currentReq = req;
      });
      currentRes = res;
      const status = res.statusCode ?? 0;
      const location = res.headers.location;

      if (REDIRECT_STATUSES.has(status) && location) {
        res.destroy();
        if (redirects >= maxRedirects) {
          throw new FetchLimitError('too_many_redirects', `The address redirects too many times (more than ${maxRedirects}).`);
        }
        const next = parseUrl(location, current);
        if (next.origin !== current.origin) for (const name of CREDENTIAL_HEADERS) delete headers[name];
        current = next;
        continue;
      }

      const skipBody = method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200);
      const body = await readBody(res, maxBytes, skipBody);
      return {
        url: current.toString(),
        status,
        headers: toHeaders(res),
        body,
        contentType: res.headers['content-type'] ?? null,
      };
    }
  } catch (error) {
    if (deadline.timedOut && !(error instanceof UnsafeUrlError || error instanceof FetchLimitError)) {
      throw deadline.timeoutError;
    }
    throw error;
  } finally {
    deadline.clear();
    deadline.signal.removeEventListener('abort', onAbort);
    currentReq?.destroy();
  }
}
