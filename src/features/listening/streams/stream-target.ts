/**
 * The WebSocket counterpart of safeFetch's address check: a user-given instance URL may only lead
 * to a public address unless the allow list (KANAAL_ALLOW_URLS) says otherwise, and the socket
 * connects to the very address that was checked (pinned lookup), so DNS rebinding between the check
 * and the connection does not help. Same rules module as safe-fetch.ts.
 *
 * safe-fetch.ts keeps its resolve step private; this repeats it for sockets (no redirects to
 * follow here: ws does not follow them unless asked). If safe-fetch.ts ever exports its check, this
 * file should call it instead.
 */
import { promises as dnsPromises } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { UnsafeUrlError } from '../../../kit/safe-fetch.js';
import {
  addressForms,
  addressRange,
  compileAllowList,
  inAllowedCidr,
  normalizeHost,
  parseAllowList,
} from '../../../kit/safe-fetch-rules.js';

export type StreamTarget = {
  /** ws: or wss: URL to open. */
  url: URL;
  /** The checked address, and a lookup that always answers it (pass both to `new WebSocket`). */
  address: string;
  family: 4 | 6;
  lookup: LookupFunction;
};

const SCHEMES: Record<string, string> = { 'http:': 'ws:', 'https:': 'wss:', 'ws:': 'ws:', 'wss:': 'wss:' };

/**
 * Checks `input` (http(s) or ws(s)) and resolves it. Throws UnsafeUrlError for a refused URL
 * (scheme, credentials, private address not allow-listed) and a plain Error when the name does not
 * resolve. `allow` defaults to KANAAL_ALLOW_URLS.
 */
export async function checkStreamTarget(input: string | URL, allow?: string[]): Promise<StreamTarget> {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    throw new UnsafeUrlError('This is not a valid web address.', `cannot parse URL ${String(input).slice(0, 200)}`);
  }
  const scheme = SCHEMES[url.protocol];
  if (scheme === undefined) {
    throw new UnsafeUrlError('Only web addresses starting with https:// or http:// can be used.', `scheme ${url.protocol} refused`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new UnsafeUrlError('Web addresses with a user name or password in them are not allowed.', 'credentials in URL refused');
  }
  if (url.hostname === '') throw new UnsafeUrlError('This is not a valid web address.', 'URL without host');
  url = new URL(url.toString().replace(/^[a-z]+:/i, scheme));

  const rules = compileAllowList(allow ?? parseAllowList(process.env.KANAAL_ALLOW_URLS));
  const host = normalizeHost(url.hostname);
  let addresses: Array<{ address: string; family: number }>;
  const literal = isIP(host);
  if (literal !== 0) {
    addresses = [{ address: host, family: literal }];
  } else {
    try {
      addresses = await dnsPromises.lookup(host, { all: true, verbatim: true });
    } catch (error) {
      throw new Error(`Could not find the server "${host}".`, { cause: error });
    }
    if (addresses.length === 0) throw new Error(`Could not find the server "${host}".`);
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
  const first = addresses[0] as { address: string; family: number };
  const family: 4 | 6 = first.family === 6 ? 6 : 4;
  return { url, address: first.address, family, lookup: pinnedLookup(first.address, family) };
}

function pinnedLookup(address: string, family: 4 | 6): LookupFunction {
  return ((_hostname: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  }) as LookupFunction;
}
