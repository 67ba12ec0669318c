import { ConnectorError, type ConnectorOptions } from '../connector.js';
import { type RestClient, restClient } from './client.js';

/**
 * LinkedIn pages ("organizations"): the page a channel posts as, and the pages a person may
 * connect (learn.microsoft.com/linkedin/marketing/community-management/organizations/
 * organization-lookup-api and organization-access-control-by-role).
 */

/** The LinkedIn-Version Kanaal speaks. LinkedIn supports each version for at least a year: raise it yearly. */
export const LINKEDIN_VERSION = '202605';

export type Organization = { urn: string; id: string; localizedName?: string; vanityName?: string };

/** `urn:li:organization:N` from a URN or a bare id; null if it is neither. */
export function organizationUrn(value: unknown): string | null {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return `urn:li:organization:${value}`;
  if (typeof value !== 'string') return null;
  if (/^\d+$/.test(value)) return `urn:li:organization:${value}`;
  return /^urn:li:organization:\d+$/.test(value) ? value : null;
}

/** `GET /rest/organizations/{id}` (read phase). */
export async function lookupOrganization(client: RestClient, urn: string): Promise<Organization> {
  const id = urn.slice('urn:li:organization:'.length);
  const { data } = await client.call<{ id?: number; localizedName?: string; vanityName?: string }>(
    { method: 'GET', path: `/rest/organizations/${id}` },
    'read',
  );
  return {
    urn,
    id,
    localizedName: typeof data?.localizedName === 'string' ? data.localizedName : undefined,
    vanityName: typeof data?.vanityName === 'string' && data.vanityName !== '' ? data.vanityName : undefined,
  };
}

type AclElement = { organization?: string; organizationalTarget?: string; role?: string; state?: string };

/**
 * The pages the token's member administers (`GET /rest/organizationAcls?q=roleAssignee`, approved
 * ADMINISTRATOR roles), with their names: what the connect flow offers after the OAuth exchange,
 * since one LinkedIn login may manage several pages.
 */
export async function listAdministeredOrganizations(
  input: { apiBaseUrl: string; accessToken: string; version?: string },
  options: ConnectorOptions = {},
): Promise<Organization[]> {
  const client = restClient({ ...input, version: input.version ?? LINKEDIN_VERSION }, options);
  const { data } = await client.call<{ elements?: AclElement[] }>(
    { method: 'GET', path: '/rest/organizationAcls', query: { q: 'roleAssignee', role: 'ADMINISTRATOR', state: 'APPROVED', count: 100 } },
    'read',
  );
  const urns = new Set<string>();
  for (const element of data?.elements ?? []) {
    // Versioned responses name the page `organization`; older ones `organizationalTarget`.
    const urn = organizationUrn(element.organization ?? element.organizationalTarget);
    if (urn) urns.add(urn);
  }
  const organizations: Organization[] = [];
  for (const urn of urns) organizations.push(await lookupOrganization(client, urn));
  return organizations;
}

export function requireOrganization(value: unknown): string {
  const urn = organizationUrn(value);
  if (!urn) throw new ConnectorError('auth_expired', 'no LinkedIn page (organization URN) stored for this channel; connect it again');
  return urn;
}
