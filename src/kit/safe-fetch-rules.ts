/**
 * Which hosts and addresses user-given URLs may reach: the allow list (KANAAL_ALLOW_URLS) and the
 * classification of resolved addresses. Pure functions, used by safe-fetch.ts.
 */
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

export type IP = ipaddr.IPv4 | ipaddr.IPv6;
export type AllowRules = { hosts: Set<string>; cidrs: Array<[IP, number]> };

/** Comma-separated hosts or CIDRs (KANAAL_ALLOW_URLS); trims, drops empties, checks CIDRs. */
export function parseAllowList(value: string | undefined): string[] {
  if (!value) return [];
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of entries) {
    if (entry.includes('/') && !ipaddr.isValidCIDR(stripBrackets(entry))) {
      throw new Error(`KANAAL_ALLOW_URLS: "${entry}" is not a valid CIDR (for example 10.0.0.0/8 or fd00::/8)`);
    }
  }
  return entries;
}

export function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Lower case, no brackets, no trailing dot; IP literals in canonical form. */
export function normalizeHost(host: string): string {
  const bare = stripBrackets(host.trim().toLowerCase()).replace(/\.$/, '');
  return isIP(bare) ? ipaddr.parse(bare).toString() : bare;
}

export function compileAllowList(entries: string[]): AllowRules {
  const rules: AllowRules = { hosts: new Set(), cidrs: [] };
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === '') continue;
    if (entry.includes('/')) {
      const cidr = stripBrackets(entry);
      if (!ipaddr.isValidCIDR(cidr)) throw new Error(`allow list: "${entry}" is not a valid CIDR`);
      rules.cidrs.push(ipaddr.parseCIDR(cidr));
    } else {
      rules.hosts.add(normalizeHost(entry));
    }
  }
  return rules;
}

/** Forms of an address to test: as given, and IPv4 when it is IPv4-mapped IPv6. */
export function addressForms(address: string): IP[] {
  const ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv6' && (ip as ipaddr.IPv6).isIPv4MappedAddress()) {
    return [ip, (ip as ipaddr.IPv6).toIPv4Address()];
  }
  return [ip];
}

export function inAllowedCidr(forms: IP[], rules: AllowRules): boolean {
  return rules.cidrs.some(([range, bits]) => forms.some((ip) => ip.kind() === range.kind() && ip.match(range, bits)));
}

/** 'unicast' when the address is publicly routable, otherwise the name of its special range. */
export function addressRange(address: string): string {
  const forms = addressForms(address);
  const ip = forms[forms.length - 1] as IP;
  if (ip.kind() === 'ipv6') {
    const parts = (ip as ipaddr.IPv6).parts;
    // ::a.b.c.d (deprecated IPv4-compatible) and the rest of ::/96.
    if (parts.slice(0, 6).every((part) => part === 0)) return ip.range() === 'unicast' ? 'ipv4Compatible' : ip.range();
  }
  return ip.range();
}
