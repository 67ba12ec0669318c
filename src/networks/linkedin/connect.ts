import type { OAuthApp, OAuthConnect } from '../connect.js';
import { stringField } from '../connect.js';
import { ConnectorError } from '../connector.js';
import { authorizeUrl, exchangeCode, type LinkedInOAuthApp } from './oauth.js';
import { listAdministeredOrganizations } from './organizations.js';

const LINKEDIN_API = 'https://api.linkedin.com';

function linkedinApp(app: OAuthApp | null, redirectUri: string): LinkedInOAuthApp {
  if (!app?.clientSecret) {
    throw new ConnectorError('rejected', 'LinkedIn is not set up on this installation: an administrator must add Kanaal’s LinkedIn app (KANAAL_OAUTH_APPS)');
  }
  // authorizeBaseUrl stands for www.linkedin.com, which serves both the sign-in page and tokens.
  return { clientId: app.clientId, clientSecret: app.clientSecret, redirectUri, authorizeBaseUrl: app.authorizeBaseUrl, apiBaseUrl: app.authorizeBaseUrl };
}

/** `stad-gent`, `@stad-gent`, `https://www.linkedin.com/company/stad-gent/` → `stad-gent`. */
function vanityOf(handle: string): string {
  const parts = handle.trim().toLowerCase().replace(/^@/, '').split('/').filter(Boolean);
  return parts[parts.length - 1] ?? '';
}

/**
 * Connecting a LinkedIn page: the person signs in as one of the page's administrators; one person
 * may administer many pages, so the page is the one whose vanity name is the channel's handle.
 * LinkedIn has no PKCE for confidential apps: `state` alone ties the callback to the attempt.
 */
export const linkedinConnect: OAuthConnect = {
  kind: 'oauth',
  fields: [],
  registersPerInstance: false,
  async begin({ app, redirectUri, state }) {
    return { authorizeUrl: authorizeUrl(linkedinApp(app, redirectUri), { state }), pending: { redirectUri } };
  },
  async complete({ app, pending, code, handle }) {
    const linkedin = linkedinApp(app, stringField(pending, 'redirectUri'));
    const tokens = await exchangeCode(linkedin, code);
    const apiBaseUrl = app?.apiBaseUrl ?? LINKEDIN_API;
    const pages = await listAdministeredOrganizations({ apiBaseUrl, accessToken: tokens.accessToken });
    const wanted = vanityOf(handle);
    const page = pages.find((p) => p.vanityName?.toLowerCase() === wanted);
    if (!page) {
      const names = pages.map((p) => p.vanityName ?? p.localizedName ?? p.id).join(', ') || 'no page';
      throw new ConnectorError('rejected', `this LinkedIn account administers ${names}, not ${handle}`);
    }
    return {
      apiBaseUrl,
      credentials: {
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        expiresAt: tokens.expiresAt.toISOString(),
        refreshTokenExpiresAt: tokens.refreshTokenExpiresAt?.toISOString(),
        organizationUrn: page.urn,
        clientId: linkedin.clientId,
        clientSecret: linkedin.clientSecret,
      },
      tokenExpiresAt: tokens.expiresAt,
    };
  },
};
