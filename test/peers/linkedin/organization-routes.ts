import { forbidden, liError, type PeerContext, type Reply, type RequestContext, type Route } from './http.js';

/**
 * Pages (learn.microsoft.com/linkedin/marketing/community-management/organizations/organization-lookup-api
 * and organization-access-control-by-role):
 * - `GET /rest/organizations/{id}` → `{id, localizedName, vanityName, name: {localized, preferredLocale}, $URN, …}`;
 * - `GET /rest/organizationAcls?q=roleAssignee[&role=ADMINISTRATOR][&state=APPROVED]` → the
 *   caller's page roles as `{elements: [{roleAssignee, role, state, organization}], paging}`;
 *   needs `rw_organization_admin` (or `r_organization_admin`).
 */

function getOrganization(peer: PeerContext, _request: RequestContext, match: string[]): Reply {
  const organization = peer.state.organizations.get(Number(match[1]));
  if (!organization) return liError(404, 'NOT_FOUND', `Organization ${match[1]} not found`);
  const { language, country } = organization.locale;
  return {
    status: 200,
    body: {
      id: organization.id,
      localizedName: organization.localizedName,
      vanityName: organization.vanityName,
      name: { localized: { [`${language}_${country}`]: organization.localizedName }, preferredLocale: { language, country } },
      primaryOrganizationType: 'GOVERNMENT',
      locations: [],
      $URN: `urn:li:organization:${organization.id}`,
    },
  };
}

function roleAssignments(peer: PeerContext, request: RequestContext): Reply {
  const q = request.query;
  if (q.get('q') !== 'roleAssignee') return liError(400, 'ILLEGAL_ARGUMENT', `Finder "${q.get('q') ?? ''}" is not supported`);
  const scopes = request.token?.scopes ?? [];
  if (!scopes.includes('rw_organization_admin') && !scopes.includes('r_organization_admin')) {
    return forbidden(`organizationAcls.FINDER-roleAssignee.${request.version}`);
  }
  const role = q.get('role');
  const state = q.get('state');
  const elements = peer.state.roles
    .filter((r) => r.memberId === request.member?.id && (!role || r.role === role) && (!state || r.state === state))
    .map((r) => ({
      roleAssignee: `urn:li:person:${r.memberId}`,
      role: r.role,
      state: r.state,
      organization: `urn:li:organization:${r.organizationId}`,
    }));
  return { status: 200, body: { paging: { start: 0, count: 10, total: elements.length, links: [] }, elements } };
}

export const organizationRoutes: Route[] = [
  { method: 'GET', pattern: /^\/rest\/organizations\/(\d+)$/, kind: 'rest', handle: getOrganization },
  { method: 'GET', pattern: /^\/rest\/organizationAcls$/, kind: 'rest', handle: roleAssignments },
];
