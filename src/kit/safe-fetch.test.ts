import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  addressRange,
  DEFAULT_USER_AGENT,
  FetchLimitError,
  parseAllowList,
  safeFetch,
  UnsafeUrlError,
} from './safe-fetch.js';

type Hit = { path: string; headers: http.IncomingHttpHeaders };

let server: http.Server;
let port = 0;
let base = '';
const hits: Hit[] = [];
const openResponses = new Set<http.ServerResponse>();

const bomb = zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024)); // ~20 kB on the wire, 20 MB inflated

function route(req: http.IncomingMessage, res: http.ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  hits.push({ path: url.pathname, headers: req.headers });
  const loop = /^\/loop\/(\d+)$/.exec(url.pathname);
  if (loop) {
    res.writeHead(302, { location: `/loop/${Number(loop[1]) + 1}` }).end();
    return;
  }
  switch (url.pathname) {
    case '/':
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'x-test': 'yes' }).end('hello');
      return;
    case '/echo-headers':
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(req.headers));
      return;
    case '/redirect-localhost':
      res.writeHead(302, { location: `http://localhost:${port}/` }).end();
      return;
    case '/redirect-private':
      res.writeHead(301, { location: 'http://10.0.0.1/admin' }).end();
      return;
    case '/redirect-relative':
      res.writeHead(307, { location: '/' }).end();
      return;
    case '/redirect-other-origin':
      res.writeHead(302, { location: `http://other.test:${port}/echo-headers` }).end();
      return;
    case '/redirect-file':
      res.writeHead(302, { location: 'file:///etc/passwd' }).end();
      return;
    case '/big-streamed': {
      // Chunked, no content-length: the limit must be enforced while reading.
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      const chunk = Buffer.alloc(64 * 1024, 0x61);
      let sent = 0;
      const pump = () => {
        while (sent < 4 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
      return;
    }
    case '/big-declared':
      res.writeHead(200, { 'content-length': String(50 * 1024 * 1024) });
      res.write('a'); // then hang: the client must give up on the header alone
      openResponses.add(res);
      return;
    case '/gzip-bomb':
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(bomb.length) }).end(bomb);
      return;
    case '/gzip':
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(zlib.gzipSync('zipped text'));
      return;
    case '/deflate':
      res.writeHead(200, { 'content-encoding': 'deflate' }).end(zlib.deflateSync('deflated text'));
      return;
    case '/br':
      res.writeHead(200, { 'content-encoding': 'br' }).end(zlib.brotliCompressSync('brotli text'));
      return;
    case '/slow':
      openResponses.add(res); // never answers
      return;
    case '/slow-body':
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first part…');
      openResponses.add(res); // never finishes
      return;
    default:
      res.writeHead(404).end('not found');
  }
}

beforeAll(async () => {
  server = http.createServer(route);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  for (const res of openResponses) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

afterEach(() => {
  hits.length = 0;
  vi.restoreAllMocks();
});

const LOOPBACK = ['127.0.0.1'];

/** Run `fn` while watching that no HTTP(S) request is ever created. */
async function withoutConnections(fn: () => Promise<unknown>): Promise<unknown> {
  const httpSpy = vi.spyOn(http, 'request');
  const httpsSpy = vi.spyOn(https, 'request');
  try {
    return await fn();
  } finally {
    expect(httpSpy).not.toHaveBeenCalled();
    expect(httpsSpy).not.toHaveBeenCalled();
  }
}

/** Pretend that `name` resolves to `addresses` (no real DNS in tests). */
function fakeDns(records: Record<string, Array<{ address: string; family: number }>>) {
  const real = dns.promises.lookup.bind(dns.promises);
  return vi.spyOn(dns.promises, 'lookup').mockImplementation((async (hostname: string, options: unknown) => {
    const found = records[hostname];
    if (found) return found;
    return real(hostname, options as dns.LookupAllOptions);
  }) as typeof dns.promises.lookup);
}

describe('parseAllowList', () => {
  it('splits on commas, trims and drops empty entries', () => {
    expect(parseAllowList(undefined)).toEqual([]);
    expect(parseAllowList('')).toEqual([]);
    expect(parseAllowList(' 127.0.0.1 , ,localhost,, 10.0.0.0/8 ,fd00::/8,')).toEqual([
      '127.0.0.1',
      'localhost',
      '10.0.0.0/8',
      'fd00::/8',
    ]);
  });

  it('refuses an invalid CIDR with a clear message', () => {
    expect(() => parseAllowList('10.0.0.0/99')).toThrow(/KANAAL_ALLOW_URLS: "10.0.0.0\/99" is not a valid CIDR/);
  });
});

describe('addressRange', () => {
  it('only calls public unicast addresses unicast', () => {
    expect(addressRange('93.184.216.34')).toBe('unicast');
    expect(addressRange('2606:4700:4700::1111')).toBe('unicast');
    const refused: Record<string, string> = {
      '127.0.0.1': 'loopback',
      '10.1.2.3': 'private',
      '172.16.0.1': 'private',
      '192.168.1.1': 'private',
      '169.254.169.254': 'linkLocal',
      '100.64.0.1': 'carrierGradeNat',
      '0.0.0.0': 'unspecified',
      '224.0.0.1': 'multicast',
      '255.255.255.255': 'broadcast',
      '240.0.0.1': 'reserved',
      '::1': 'loopback',
      '::': 'unspecified',
      'fe80::1': 'linkLocal',
      'fd12:3456::1': 'uniqueLocal',
      'ff02::1': 'multicast',
      '::ffff:127.0.0.1': 'loopback',
      '::ffff:10.0.0.1': 'private',
      '::7f00:1': 'ipv4Compatible',
      '64:ff9b::a00:1': 'rfc6052',
      '2002:a00:1::': '6to4',
    };
    for (const [address, range] of Object.entries(refused)) expect([address, addressRange(address)]).toEqual([address, range]);
  });
});

describe('safeFetch: address checks', () => {
  it('refuses loopback without an allow list, before connecting', async () => {
    await expect(withoutConnections(() => safeFetch(`${base}/`, { allow: [] }))).rejects.toBeInstanceOf(UnsafeUrlError);
    const error = await safeFetch(`${base}/`, { allow: [] }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'unsafe_url', name: 'UnsafeUrlError' });
    expect((error as UnsafeUrlError).message).toMatch(/private or internal network/);
    expect((error as UnsafeUrlError).detail).toMatch(/127\.0\.0\.1 \(loopback\)/);
    expect(hits).toHaveLength(0);
  });

  it('allows loopback when the host is on the allow list', async () => {
    const result = await safeFetch(`${base}/`, { allow: LOOPBACK });
    expect(result.status).toBe(200);
    expect(result.body.toString()).toBe('hello');
    expect(result.contentType).toBe('text/plain; charset=utf-8');
    expect(result.headers.get('x-test')).toBe('yes');
    expect(result.url).toBe(`${base}/`);
    expect(hits[0]?.headers['user-agent']).toBe(DEFAULT_USER_AGENT);
    expect(hits[0]?.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('allows loopback when the address is inside an allowed CIDR', async () => {
    const result = await safeFetch(`${base}/`, { allow: ['127.0.0.0/8'] });
    expect(result.body.toString()).toBe('hello');
  });

  it('reads the allow list from KANAAL_ALLOW_URLS by default', async () => {
    vi.stubEnv('KANAAL_ALLOW_URLS', ' 127.0.0.0/8 ');
    try {
      expect((await safeFetch(`${base}/`)).status).toBe(200);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it.each([
    'http://10.0.0.1/',
    'http://192.168.1.1/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://[::ffff:a9fe:a9fe]/',
    'http://100.64.0.1/',
    'http://0.0.0.0/',
    'http://0x7f.1/',
    'https://172.16.5.4/',
    'http://[fd00::1]:8080/',
  ])('refuses the literal private address %s before any connection', async (url) => {
    const started = Date.now();
    await expect(withoutConnections(() => safeFetch(url, { allow: [], timeoutMs: 30_000 }))).rejects.toBeInstanceOf(
      UnsafeUrlError,
    );
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('refuses the name localhost (it resolves to loopback)', async () => {
    await expect(safeFetch(`http://localhost:${port}/`, { allow: [] })).rejects.toBeInstanceOf(UnsafeUrlError);
    // A bare IP on the allow list matches only URLs written with that IP.
    await expect(safeFetch(`http://localhost:${port}/`, { allow: LOOPBACK })).rejects.toBeInstanceOf(UnsafeUrlError);
    expect(hits).toHaveLength(0);
  });

  it('refuses a name if ANY of its addresses is private', async () => {
    fakeDns({ 'mixed.test': [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ] });
    const error = await withoutConnections(() => safeFetch('http://mixed.test/', { allow: [] })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UnsafeUrlError);
    expect((error as UnsafeUrlError).detail).toContain('10.0.0.7');
  });

  it('connects to the address it checked, not to a fresh DNS answer (rebinding)', async () => {
    const lookup = fakeDns({ 'pinned.test': [{ address: '127.0.0.1', family: 4 }] });
    const result = await safeFetch(`http://pinned.test:${port}/echo-headers`, { allow: ['127.0.0.0/8'] });
    expect(result.status).toBe(200);
    // The host is unknown to the system resolver: had the socket resolved it again, this would fail.
    expect(lookup).toHaveBeenCalledTimes(1);
    expect(JSON.parse(result.body.toString()).host).toBe(`pinned.test:${port}`);
  });

  it('refuses non-http schemes and credentials in the URL', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://example.com/file', 'gopher://127.0.0.1:70/', 'data:text/plain,hi']) {
      const error = await withoutConnections(() => safeFetch(url, { allow: LOOPBACK })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnsafeUrlError);
      expect((error as Error).message).toMatch(/http:\/\/ or https:\/\//);
    }
    await expect(safeFetch(`http://user:pass@127.0.0.1:${port}/`, { allow: LOOPBACK })).rejects.toThrow(
      /user name or password/,
    );
    await expect(safeFetch('not a url', { allow: LOOPBACK })).rejects.toThrow(/not a valid web address/);
    expect(hits).toHaveLength(0);
  });
});

describe('safeFetch: redirects', () => {
  it('follows relative redirects and reports the final URL', async () => {
    const result = await safeFetch(`${base}/redirect-relative`, { allow: LOOPBACK });
    expect(result.status).toBe(200);
    expect(result.url).toBe(`${base}/`);
    expect(hits.map((hit) => hit.path)).toEqual(['/redirect-relative', '/']);
  });

  it('checks every hop: a redirect to a host that is not allowed is refused', async () => {
    await expect(safeFetch(`${base}/redirect-localhost`, { allow: LOOPBACK })).rejects.toBeInstanceOf(UnsafeUrlError);
    await expect(safeFetch(`${base}/redirect-private`, { allow: LOOPBACK })).rejects.toBeInstanceOf(UnsafeUrlError);
    await expect(safeFetch(`${base}/redirect-file`, { allow: LOOPBACK })).rejects.toBeInstanceOf(UnsafeUrlError);
    expect(hits.map((hit) => hit.path)).toEqual(['/redirect-localhost', '/redirect-private', '/redirect-file']);
  });

  it('stops after maxRedirects', async () => {
    const error = await safeFetch(`${base}/loop/0`, { allow: LOOPBACK, maxRedirects: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchLimitError);
    expect(error).toMatchObject({ code: 'too_many_redirects' });
    expect((error as Error).message).toMatch(/redirects too many times/);
    expect(hits).toHaveLength(4);

    hits.length = 0;
    await expect(safeFetch(`${base}/loop/0`, { allow: LOOPBACK })).rejects.toMatchObject({ code: 'too_many_redirects' });
    expect(hits).toHaveLength(6); // first request + default 5 redirects
  });

  it('drops credentials when a redirect leaves the origin', async () => {
    fakeDns({ 'other.test': [{ address: '127.0.0.1', family: 4 }] });
    const result = await safeFetch(`${base}/redirect-other-origin`, {
      allow: ['127.0.0.1', 'other.test'],
      headers: { Authorization: 'Bearer secret', 'X-Custom': 'kept' },
    });
    expect(hits[0]?.headers.authorization).toBe('Bearer secret');
    const seen = JSON.parse(result.body.toString()) as Record<string, string>;
    expect(seen.authorization).toBeUndefined();
    expect(seen['x-custom']).toBe('kept');
    expect(seen.host).toBe(`other.test:${port}`);
  });
});

describe('safeFetch: limits and decoding', () => {
  it('stops a streamed body that goes over maxBytes', async () => {
    const error = await safeFetch(`${base}/big-streamed`, { allow: LOOPBACK, maxBytes: 100_000 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(FetchLimitError);
    expect(error).toMatchObject({ code: 'too_large' });
    expect((error as Error).message).toMatch(/too large/);
  });

  it('refuses early on a Content-Length above the limit', async () => {
    const started = Date.now();
    await expect(
      safeFetch(`${base}/big-declared`, { allow: LOOPBACK, maxBytes: 1024, timeoutMs: 5_000 }),
    ).rejects.toMatchObject({ code: 'too_large' });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('applies the limit to decompressed bytes (gzip bomb)', async () => {
    expect(bomb.length).toBeLessThan(100_000);
    await expect(
      safeFetch(`${base}/gzip-bomb`, { allow: LOOPBACK, maxBytes: 1024 * 1024 }),
    ).rejects.toMatchObject({ name: 'FetchLimitError', code: 'too_large' });
  });

  it('decodes gzip, deflate and brotli', async () => {
    expect((await safeFetch(`${base}/gzip`, { allow: LOOPBACK })).body.toString()).toBe('zipped text');
    expect((await safeFetch(`${base}/deflate`, { allow: LOOPBACK })).body.toString()).toBe('deflated text');
    expect((await safeFetch(`${base}/br`, { allow: LOOPBACK })).body.toString()).toBe('brotli text');
  });

  it('times out on a server that does not answer', async () => {
    const started = Date.now();
    const error = await safeFetch(`${base}/slow`, { allow: LOOPBACK, timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchLimitError);
    expect(error).toMatchObject({ code: 'timeout' });
    expect((error as Error).message).toMatch(/took too long/);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('times out on a body that never ends', async () => {
    await expect(safeFetch(`${base}/slow-body`, { allow: LOOPBACK, timeoutMs: 200 })).rejects.toMatchObject({
      code: 'timeout',
    });
  });

  it('supports HEAD and returns non-2xx responses as they are', async () => {
    const head = await safeFetch(`${base}/`, { allow: LOOPBACK, method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    const missing = await safeFetch(`${base}/nope`, { allow: LOOPBACK });
    expect(missing.status).toBe(404);
    expect(missing.body.toString()).toBe('not found');
  });
});
