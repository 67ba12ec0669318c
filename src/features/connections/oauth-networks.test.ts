import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { type LinkedInPeer, startLinkedInPeer } from '../../../test/peers/linkedin/server.js';
import { startVivaEngagePeer, TENANT, type VivaEngagePeer } from '../../../test/peers/viva-engage/server.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { loadConnectedAccount } from './accounts.js';

const CALLBACK = 'http://localhost:0/api/connections/oauth/callback';

describe('connecting LinkedIn pages and Viva Engage communities by OAuth', () => {
  let linkedin: LinkedInPeer;
  let viva: VivaEngagePeer;
  let t: TestApp;
  let org: { id: string };
  let chief: TestUser;

  beforeAll(async () => {
    linkedin = await startLinkedInPeer();
    viva = await startVivaEngagePeer();
    const li = linkedin.createClient({ redirectUris: [CALLBACK] });
    const ve = viva.createClient({ redirectUris: [CALLBACK], secret: true, tenant: TENANT });
    t = await createTestApp({
      env: {
        KANAAL_ALLOW_URLS: '127.0.0.1',
        KANAAL_OAUTH_APPS: JSON.stringify({
          linkedin: { clientId: li.clientId, clientSecret: li.clientSecret, authorizeBaseUrl: linkedin.url, apiBaseUrl: linkedin.url },
          viva_engage: { clientId: ve.clientId, clientSecret: ve.clientSecret ?? undefined, tenant: TENANT, authorizeBaseUrl: viva.url, apiBaseUrl: viva.url },
        }),
      },
    });
    org = await buildOrganisation(t.ctx.db);
    chief = await buildUser(t.ctx.db, { roles: [[org.id, 'editor_in_chief']] });
  });
  afterAll(async () => {
    await t?.close();
    await linkedin?.close();
    await viva?.close();
  });

  async function connect(channelId: string, values: Record<string, string> = {}) {
    const started = await t.app.inject({ method: 'POST', url: `/api/channels/${channelId}/connection/oauth`, headers: chief.headers, payload: { values } });
    expect(started.statusCode, started.body).toBe(200);
    const atNetwork = await fetch(started.json().authorizeUrl, { redirect: 'manual' });
    expect(atNetwork.status).toBe(302);
    const back = new URL(atNetwork.headers.get('location') ?? '');
    const reply = await t.app.inject({ method: 'GET', url: `${back.pathname}${back.search}`, headers: chief.headers });
    return new URL(reply.headers.location as string, 'http://kanaal').searchParams;
  }

  it('picks the page named by the channel among the pages the person administers', async () => {
    const gent = linkedin.createOrganization({ localizedName: 'Stad Gent', vanityName: 'stad-gent' });
    const brugge = linkedin.createOrganization({ localizedName: 'Brugge', vanityName: 'brugge' });
    const admin = linkedin.createMember({ name: 'An Peeters', roles: [{ organization: brugge }, { organization: gent }] });
    linkedin.settings.authorizeAs = admin.member.id;
    const channel = await buildChannel(t.ctx.db, org.id, { network: 'linkedin', handle: 'https://www.linkedin.com/company/stad-gent/' });
    const result = await connect(channel.id);
    expect(result.get('connection'), result.get('message') ?? '').toBe('connected');
    const account = await loadConnectedAccount(t.ctx.db, t.ctx.keyring, channel.id);
    expect(account?.account.credentials.organizationUrn).toBe(`urn:li:organization:${gent.id}`);
    const status = (await t.app.inject({ method: 'GET', url: `/api/channels/${channel.id}/connection`, headers: chief.headers })).json();
    expect(status).toMatchObject({ health: 'ok', connection: { remoteAccountId: `urn:li:organization:${gent.id}`, canRefresh: true } });
    expect(Date.parse(status.connection.tokenExpiresAt) - Date.now()).toBeGreaterThan(59 * 86_400_000);

    const other = await buildChannel(t.ctx.db, org.id, { network: 'linkedin', handle: 'antwerpen' });
    const refused = await connect(other.id);
    expect(refused.get('connection')).toBe('failed');
    expect(refused.get('message')).toContain('administers brugge, stad-gent, not antwerpen');
  });

  it('connects a Viva Engage community a person can post in, keeping the community id', async () => {
    const user = viva.createUser({ name: 'an.peeters', fullName: 'An Peeters', email: 'an.peeters@contoso.example' });
    const group = viva.createGroup({ name: 'Personeelsnieuws', members: [user.user] });
    viva.settings.authorizeAs = 'an.peeters';
    const channel = await buildChannel(t.ctx.db, org.id, { network: 'viva_engage', handle: 'Personeelsnieuws' });
    const bad = await t.app.inject({ method: 'POST', url: `/api/channels/${channel.id}/connection/oauth`, headers: chief.headers, payload: { values: {} } });
    expect(bad.json().error.fields).toEqual([{ path: 'values.groupId', message: 'required' }]);
    const result = await connect(channel.id, { groupId: String(group.id) });
    expect(result.get('connection'), result.get('message') ?? '').toBe('connected');
    const account = await loadConnectedAccount(t.ctx.db, t.ctx.keyring, channel.id);
    expect(account?.account.credentials).toMatchObject({ groupId: String(group.id), tenant: TENANT });
    expect(account?.account.credentials.refreshToken).toEqual(expect.any(String));
  });
});
