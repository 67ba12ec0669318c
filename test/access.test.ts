import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audiences, channels, mediaAssets, memberships, organisations, posts, users } from '../src/db/schema.js';
import { apiTokens } from '../src/kit/auth/schema.js';
import { pausePublishing } from '../src/features/publishing/pause.js';
import { publications, publishingPauses } from '../src/features/publishing/schema.js';
import { schedulePublication } from '../src/features/publishing/service.js';
import { impersonationCandidates, listeningSources, mentionClaims, mentions, watchlists } from '../src/features/listening/schema.js';
import { alertMessages, alertRules } from '../src/features/listening/alert-schema.js';
import { buildChannel, buildOrganisation, buildUser, type TestUser } from './factories.js';
import { createTestApp, type TestApp } from './support.js';

/**
 * Every route in the OpenAPI document, called by an administrator of organisation A against
 * organisation B's data: each must answer 403/404 (or, for lists, leave B's rows out), and B's data
 * must be untouched afterwards. A new route fails this test until it is added to the table below,
 * so no route can ship without its cross-organisation check.
 */

type Fixture = {
  orgA: { id: string };
  orgB: { id: string; name: string; slug: string };
  channelA: { id: string };
  channelB: { id: string; handle: string };
  audienceB: { id: string; name: string };
  membershipB: { id: string };
  userB: TestUser;
  tokenB: { id: string };
  /** Held by pauseB, an active pause of organisation B. */
  publicationB: { id: string };
  pauseB: { id: string };
  postB: { id: string };
  mediaB: { id: string };
  sourceB: { id: string };
  watchlistB: { id: string };
  mentionB: { id: string };
  alertRuleB: { id: string };
  candidateB: { id: string };
  claimB: { id: string };
};

type Probe =
  | { kind: 'denied'; url: (f: Fixture) => string; body?: (f: Fixture) => unknown; contentType?: string }
  | { kind: 'list-excludes-B'; url: (f: Fixture) => string; idsOf: (body: unknown) => string[]; forbiddenIds: (f: Fixture) => string[] }
  | { kind: 'not-organisation-data'; why: string };

const csvForB = (f: Fixture) => `organisation,network,handle,languages\n${f.orgB.slug},mastodon,@planted@example.social,nl\n`;

const PROBES: Record<string, Probe> = {
  'POST /api/session': { kind: 'not-organisation-data', why: 'sign-in' },
  'GET /api/session': { kind: 'not-organisation-data', why: "the caller's own session" },
  'DELETE /api/session': { kind: 'not-organisation-data', why: "the caller's own session" },
  'GET /api/me/tokens': {
    kind: 'list-excludes-B',
    url: () => '/api/me/tokens',
    idsOf: (body) => (body as Array<{ id: string }>).map((t) => t.id),
    forbiddenIds: (f) => [f.tokenB.id],
  },
  'POST /api/me/tokens': { kind: 'not-organisation-data', why: 'creates a token for the caller only' },
  'DELETE /api/me/tokens/{id}': { kind: 'denied', url: (f) => `/api/me/tokens/${f.tokenB.id}` },
  'GET /api/auth/providers': { kind: 'not-organisation-data', why: 'public sign-in options' },
  'PATCH /api/me': { kind: 'not-organisation-data', why: "the caller's own profile" },
  'POST /api/me/password': { kind: 'not-organisation-data', why: "the caller's own password" },
  'POST /api/me/totp/setup': { kind: 'not-organisation-data', why: "the caller's own second factor" },
  'POST /api/me/totp/enable': { kind: 'not-organisation-data', why: "the caller's own second factor" },
  'POST /api/me/totp/disable': { kind: 'not-organisation-data', why: "the caller's own second factor" },
  'GET /api/auth/oidc/login': { kind: 'not-organisation-data', why: 'single sign-on redirect' },
  'GET /api/auth/oidc/callback': { kind: 'not-organisation-data', why: 'single sign-on redirect' },
  'GET /api/health': { kind: 'not-organisation-data', why: 'public health check' },
  'GET /api/public/directory': { kind: 'not-organisation-data', why: 'public by design' },
  'GET /directory': { kind: 'not-organisation-data', why: 'public by design' },
  'GET /media/public/{key}': {
    kind: 'not-organisation-data',
    why: 'public by design: a signed, expiring link to one file (403 without a valid signature)',
  },
  'GET /api/audit/integrity': { kind: 'not-organisation-data', why: 'one installation-wide yes/no, no entries' },
  'POST /api/users': { kind: 'not-organisation-data', why: 'creates a person without roles; roles are granted per organisation' },

  'GET /api/organisations': {
    kind: 'list-excludes-B',
    url: () => '/api/organisations',
    idsOf: (body) => (body as Array<{ id: string }>).map((o) => o.id),
    forbiddenIds: (f) => [f.orgB.id],
  },
  'POST /api/organisations': { kind: 'denied', url: () => '/api/organisations', body: (f) => ({ parentId: f.orgB.id, name: 'Planted' }) },
  'GET /api/organisations/{id}': { kind: 'denied', url: (f) => `/api/organisations/${f.orgB.id}` },
  'PATCH /api/organisations/{id}': { kind: 'denied', url: (f) => `/api/organisations/${f.orgB.id}`, body: () => ({ name: 'Hacked' }) },
  'DELETE /api/organisations/{id}': { kind: 'denied', url: (f) => `/api/organisations/${f.orgB.id}` },
  'GET /api/organisations/{id}/members': { kind: 'denied', url: (f) => `/api/organisations/${f.orgB.id}/members` },
  'POST /api/organisations/{id}/members': {
    kind: 'denied',
    url: (f) => `/api/organisations/${f.orgB.id}/members`,
    body: () => ({ email: 'intruder@kanaal.test', role: 'admin' }),
  },
  'DELETE /api/organisations/{id}/members/{membershipId}': {
    kind: 'denied',
    url: (f) => `/api/organisations/${f.orgB.id}/members/${f.membershipB.id}`,
  },
  'GET /api/users': {
    kind: 'list-excludes-B',
    url: () => '/api/users',
    idsOf: (body) => (body as Array<{ id: string }>).map((u) => u.id),
    forbiddenIds: (f) => [f.userB.user.id],
  },
  'PATCH /api/users/{id}': {
    kind: 'denied',
    url: (f) => `/api/users/${f.userB.user.id}`,
    body: () => ({ name: 'Hacked', disabled: true }),
  },
  'GET /api/organisations/{id}/audiences': { kind: 'denied', url: (f) => `/api/organisations/${f.orgB.id}/audiences` },
  'POST /api/organisations/{id}/audiences': {
    kind: 'denied',
    url: (f) => `/api/organisations/${f.orgB.id}/audiences`,
    body: () => ({ name: 'Planted' }),
  },
  'PATCH /api/audiences/{id}': { kind: 'denied', url: (f) => `/api/audiences/${f.audienceB.id}`, body: () => ({ name: 'Hacked' }) },
  'DELETE /api/audiences/{id}': { kind: 'denied', url: (f) => `/api/audiences/${f.audienceB.id}` },
  'GET /api/channels': {
    kind: 'list-excludes-B',
    url: () => '/api/channels',
    idsOf: (body) => (body as Array<{ id: string }>).map((c) => c.id),
    forbiddenIds: (f) => [f.channelB.id],
  },
  'POST /api/channels': {
    kind: 'denied',
    url: () => '/api/channels',
    body: (f) => ({ organisationId: f.orgB.id, network: 'mastodon', handle: '@planted@example.social', languages: ['nl'] }),
  },
  'GET /api/channels/export.csv': { kind: 'denied', url: (f) => `/api/channels/export.csv?organisationId=${f.orgB.id}` },
  'POST /api/channels/import': {
    kind: 'denied',
    url: (f) => `/api/channels/import?organisationId=${f.orgB.id}&dryRun=false`,
    body: csvForB,
    contentType: 'text/csv',
  },
  'GET /api/channels/{id}': { kind: 'denied', url: (f) => `/api/channels/${f.channelB.id}` },
  'PATCH /api/channels/{id}': {
    kind: 'denied',
    url: (f) => `/api/channels/${f.channelB.id}`,
    body: () => ({ handle: '@hacked@example.social' }),
  },
  'DELETE /api/channels/{id}': { kind: 'denied', url: (f) => `/api/channels/${f.channelB.id}` },
  'GET /api/reports/inventory': { kind: 'denied', url: (f) => `/api/reports/inventory?organisationId=${f.orgB.id}` },
  'GET /api/reports/inventory.csv': { kind: 'denied', url: (f) => `/api/reports/inventory.csv?organisationId=${f.orgB.id}` },
  'GET /reports/inventory/print': { kind: 'denied', url: (f) => `/reports/inventory/print?organisationId=${f.orgB.id}` },
  'GET /api/audit': { kind: 'denied', url: (f) => `/api/audit?organisationId=${f.orgB.id}` },
  'POST /api/audit/integrity': { kind: 'denied', url: () => '/api/audit/integrity' },

  'GET /api/publications': { kind: 'denied', url: (f) => `/api/publications?organisationId=${f.orgB.id}` },
  'GET /api/publications/{id}': { kind: 'denied', url: (f) => `/api/publications/${f.publicationB.id}` },
  'GET /api/channel-health': {
    kind: 'list-excludes-B',
    url: () => '/api/channel-health',
    idsOf: (body) => (body as Array<{ channelId: string }>).map((c) => c.channelId),
    forbiddenIds: (f) => [f.channelB.id],
  },
  'GET /api/channels/{channelId}/connection': { kind: 'denied', url: (f) => `/api/channels/${f.channelB.id}/connection` },
  'POST /api/channels/{channelId}/connection/oauth': {
    kind: 'denied',
    url: (f) => `/api/channels/${f.channelB.id}/connection/oauth`,
    body: () => ({ values: { instanceUrl: 'https://example.social' } }),
  },
  'POST /api/channels/{channelId}/connection/form': {
    kind: 'denied',
    url: (f) => `/api/channels/${f.channelB.id}/connection/form`,
    body: () => ({ values: { identifier: 'x.bsky.social', appPassword: 'aaaa-bbbb-cccc-dddd' } }),
  },
  'POST /api/channels/{channelId}/connection/check': { kind: 'denied', url: (f) => `/api/channels/${f.channelB.id}/connection/check` },
  'DELETE /api/channels/{channelId}/connection': { kind: 'denied', url: (f) => `/api/channels/${f.channelB.id}/connection` },
  'GET /api/connections/oauth/callback': {
    kind: 'not-organisation-data',
    why: 'finishes only an attempt the caller started (single-use state bound to its user; see connections.test.ts)',
  },
  'POST /api/pauses': {
    kind: 'denied',
    url: () => '/api/pauses',
    body: (f) => ({ scope: 'organisation', organisationId: f.orgB.id, reason: 'Planted' }),
  },
  'GET /api/pauses': {
    kind: 'list-excludes-B',
    url: () => '/api/pauses',
    idsOf: (body) => (body as Array<{ id: string }>).map((p) => p.id),
    forbiddenIds: (f) => [f.pauseB.id],
  },
  'POST /api/pauses/{id}/lift': { kind: 'denied', url: (f) => `/api/pauses/${f.pauseB.id}/lift`, body: () => ({ reason: 'Hacked' }) },
  'GET /api/pauses/held': { kind: 'denied', url: (f) => `/api/pauses/held?organisationId=${f.orgB.id}` },
  'POST /api/pauses/held/resume': {
    kind: 'denied',
    url: () => '/api/pauses/held/resume',
    body: (f) => ({ publicationIds: [f.publicationB.id], reason: 'Hacked' }),
  },
  'POST /api/pauses/held/cancel': {
    kind: 'denied',
    url: () => '/api/pauses/held/cancel',
    body: (f) => ({ publicationIds: [f.publicationB.id], reason: 'Hacked' }),
  },
  'POST /api/pauses/held/reschedule': {
    kind: 'denied',
    url: () => '/api/pauses/held/reschedule',
    body: (f) => ({ publicationIds: [f.publicationB.id], reason: 'Hacked', dueAt: new Date(Date.now() + 86_400_000).toISOString() }),
  },

  'GET /api/organisations/{id}/posts': { kind: 'denied', url: (f) => `/api/organisations/${f.orgB.id}/posts` },
  'POST /api/organisations/{id}/posts': {
    kind: 'denied',
    url: (f) => `/api/organisations/${f.orgB.id}/posts`,
    body: () => ({ baseText: 'Planted' }),
  },
  'GET /api/posts/{id}': { kind: 'denied', url: (f) => `/api/posts/${f.postB.id}` },
  'PATCH /api/posts/{id}': { kind: 'denied', url: (f) => `/api/posts/${f.postB.id}`, body: () => ({ baseText: 'Hacked' }) },
  'POST /api/posts/{id}/preview': { kind: 'denied', url: (f) => `/api/posts/${f.postB.id}/preview`, body: () => ({}) },
  'POST /api/posts/{id}/schedule': {
    kind: 'denied',
    url: (f) => `/api/posts/${f.postB.id}/schedule`,
    body: () => ({ plannedAt: '2030-01-01T10:00:00Z' }),
  },
  'GET /api/organisations/{id}/media': { kind: 'denied', url: (f) => `/api/organisations/${f.orgB.id}/media` },
  'POST /api/organisations/{id}/media': {
    kind: 'denied',
    url: (f) => `/api/organisations/${f.orgB.id}/media?fileName=planted.png&mimeType=image/png`,
    body: () => 'not really a png',
    contentType: 'application/octet-stream',
  },
  'PATCH /api/media/{id}': { kind: 'denied', url: (f) => `/api/media/${f.mediaB.id}`, body: () => ({ altTexts: { nl: 'Hacked' } }) },
  'GET /api/organisations/{id}/compose-settings': { kind: 'denied', url: (f) => `/api/organisations/${f.orgB.id}/compose-settings` },
  'PUT /api/organisations/{id}/compose-settings': {
    kind: 'denied',
    url: (f) => `/api/organisations/${f.orgB.id}/compose-settings`,
    body: () => ({ lint: { rules: { alt_text_missing: 'off' } }, utm: {} }),
  },
  'GET /api/organisations/{id}/approval-workflow': { kind: 'denied', url: (f) => `/api/organisations/${f.orgB.id}/approval-workflow` },
  'PUT /api/organisations/{id}/approval-workflow': {
    kind: 'denied',
    url: (f) => `/api/organisations/${f.orgB.id}/approval-workflow`,
    body: () => ({ steps: [] }),
  },
  'POST /api/posts/{id}/submit': { kind: 'denied', url: (f) => `/api/posts/${f.postB.id}/submit` },
  'GET /api/posts/{id}/review': { kind: 'denied', url: (f) => `/api/posts/${f.postB.id}/review` },
  'POST /api/posts/{id}/decisions': {
    kind: 'denied',
    url: (f) => `/api/posts/${f.postB.id}/decisions`,
    body: () => ({ decision: 'approve', comment: '' }),
  },
  'GET /api/calendar': {
    kind: 'denied',
    url: (f) => `/api/calendar?organisationId=${f.orgB.id}&from=2030-01-01T00:00:00Z&to=2030-02-01T00:00:00Z`,
  },
  'POST /api/calendar/reschedule': {
    kind: 'denied',
    url: () => '/api/calendar/reschedule',
    body: (f) => ({ postId: f.postB.id, plannedAt: '2030-01-01T10:00:00Z' }),
  },
  'GET /api/channels/{id}/queue-slots': { kind: 'denied', url: (f) => `/api/channels/${f.channelB.id}/queue-slots` },
  'PUT /api/channels/{id}/queue-slots': {
    kind: 'denied',
    url: (f) => `/api/channels/${f.channelB.id}/queue-slots`,
    body: () => ({ slots: [{ weekday: 1, time: '09:00' }] }),
  },
  'GET /api/channels/{id}/next-free-slot': { kind: 'denied', url: (f) => `/api/channels/${f.channelB.id}/next-free-slot` },
  'POST /api/calendar/import': {
    kind: 'denied',
    url: (f) => `/api/calendar/import?organisationId=${f.orgB.id}&dryRun=false`,
    body: (f) => `channel,planned,text\n${f.channelB.handle},2030-01-01T10:00,Planted\n`,
    contentType: 'text/csv',
  },

  'GET /api/organisations/{id}/listening-sources': { kind: 'denied', url: (f) => `/api/organisations/${f.orgB.id}/listening-sources` },
  'POST /api/organisations/{id}/listening-sources': {
    kind: 'denied',
    url: (f) => `/api/organisations/${f.orgB.id}/listening-sources`,
    body: () => ({ kind: 'bluesky', name: 'Planted', settings: {} }),
  },
  'GET /api/listening-sources/{id}': { kind: 'denied', url: (f) => `/api/listening-sources/${f.sourceB.id}` },
  'PATCH /api/listening-sources/{id}': {
    kind: 'denied',
    url: (f) => `/api/listening-sources/${f.sourceB.id}`,
    body: () => ({ name: 'Hacked' }),
  },
  'DELETE /api/listening-sources/{id}': { kind: 'denied', url: (f) => `/api/listening-sources/${f.sourceB.id}` },
  'POST /api/listening-sources/{id}/poll': { kind: 'denied', url: (f) => `/api/listening-sources/${f.sourceB.id}/poll` },
  'GET /api/organisations/{id}/watchlists': { kind: 'denied', url: (f) => `/api/organisations/${f.orgB.id}/watchlists` },
  'POST /api/organisations/{id}/watchlists': {
    kind: 'denied',
    url: (f) => `/api/organisations/${f.orgB.id}/watchlists`,
    body: () => ({ name: 'Planted', query: 'planted' }),
  },
  'POST /api/organisations/{id}/watchlists/parse': {
    kind: 'denied',
    url: (f) => `/api/organisations/${f.orgB.id}/watchlists/parse`,
    body: () => ({ query: 'x' }),
  },
  'POST /api/organisations/{id}/watchlists/test': {
    kind: 'denied',
    url: (f) => `/api/organisations/${f.orgB.id}/watchlists/test`,
    body: () => ({ query: 'secret' }),
  },
  'GET /api/watchlists/{id}': { kind: 'denied', url: (f) => `/api/watchlists/${f.watchlistB.id}` },
  'PATCH /api/watchlists/{id}': { kind: 'denied', url: (f) => `/api/watchlists/${f.watchlistB.id}`, body: () => ({ query: 'hacked' }) },
  'DELETE /api/watchlists/{id}': { kind: 'denied', url: (f) => `/api/watchlists/${f.watchlistB.id}` },
  'GET /api/mentions': { kind: 'denied', url: (f) => `/api/mentions?organisationId=${f.orgB.id}` },
  'GET /api/mentions/export.csv': { kind: 'denied', url: (f) => `/api/mentions/export.csv?organisationId=${f.orgB.id}` },
  'GET /api/mentions/{id}': { kind: 'denied', url: (f) => `/api/mentions/${f.mentionB.id}` },
  'GET /api/organisations/{id}/listening-settings': { kind: 'denied', url: (f) => `/api/organisations/${f.orgB.id}/listening-settings` },
  'PUT /api/organisations/{id}/listening-settings': {
    kind: 'denied',
    url: (f) => `/api/organisations/${f.orgB.id}/listening-settings`,
    body: () => ({ retentionDays: 1 }),
  },
  'GET /api/watchlists/{id}/alerts': { kind: 'denied', url: (f) => `/api/watchlists/${f.watchlistB.id}/alerts` },
  'POST /api/watchlists/{id}/alerts': {
    kind: 'denied',
    url: (f) => `/api/watchlists/${f.watchlistB.id}/alerts`,
    body: () => ({ mode: 'every' }),
  },
  'GET /api/alert-rules/{id}': { kind: 'denied', url: (f) => `/api/alert-rules/${f.alertRuleB.id}` },
  'PATCH /api/alert-rules/{id}': { kind: 'denied', url: (f) => `/api/alert-rules/${f.alertRuleB.id}`, body: () => ({ active: false }) },
  'DELETE /api/alert-rules/{id}': { kind: 'denied', url: (f) => `/api/alert-rules/${f.alertRuleB.id}` },
  'GET /api/alert-rules/{id}/deliveries': { kind: 'denied', url: (f) => `/api/alert-rules/${f.alertRuleB.id}/deliveries` },
  'POST /api/alert-rules/{id}/test': { kind: 'denied', url: (f) => `/api/alert-rules/${f.alertRuleB.id}/test` },
  'GET /api/organisations/{id}/alert-notifications': { kind: 'denied', url: (f) => `/api/organisations/${f.orgB.id}/alert-notifications` },
  // Server-Sent Events: the access check answers before the stream opens.
  'GET /api/organisations/{id}/listening-stream': { kind: 'denied', url: (f) => `/api/organisations/${f.orgB.id}/listening-stream` },
  'GET /api/organisations/{id}/impersonation-candidates': {
    kind: 'denied',
    url: (f) => `/api/organisations/${f.orgB.id}/impersonation-candidates`,
  },
  'GET /api/impersonation-candidates/{id}': { kind: 'denied', url: (f) => `/api/impersonation-candidates/${f.candidateB.id}` },
  'POST /api/impersonation-candidates/{id}/decision': {
    kind: 'denied',
    url: (f) => `/api/impersonation-candidates/${f.candidateB.id}/decision`,
    body: () => ({ decision: 'confirm', note: 'hacked' }),
  },
  'POST /api/organisations/{id}/impersonation/scan': {
    kind: 'denied',
    url: (f) => `/api/organisations/${f.orgB.id}/impersonation/scan`,
    body: () => ({}),
  },
  'GET /api/organisations/{id}/impersonation/scans': { kind: 'denied', url: (f) => `/api/organisations/${f.orgB.id}/impersonation/scans` },
  'GET /api/organisations/{id}/mention-claims': { kind: 'denied', url: (f) => `/api/organisations/${f.orgB.id}/mention-claims` },
  'GET /api/mention-claims/{id}': { kind: 'denied', url: (f) => `/api/mention-claims/${f.claimB.id}` },
  'POST /api/mention-claims/{id}/decision': {
    kind: 'denied',
    url: (f) => `/api/mention-claims/${f.claimB.id}/decision`,
    body: () => ({ decision: 'confirm', note: 'hacked' }),
  },
};

// biome-ignore lint/suspicious/noExplicitAny: a tiny insert helper for fixture rows of any table
async function insertOne(db: any, table: any, values: Record<string, unknown>): Promise<{ id: string }> {
  const [row] = await db.insert(table).values(values).returning();
  return row as { id: string };
}

describe('cross-organisation access, for every route in the OpenAPI document', () => {
  let t: TestApp;
  let f: Fixture;
  let adminA: TestUser;
  let operations: string[];

  beforeAll(async () => {
    t = await createTestApp();
    const db = t.ctx.db;
    const orgA = await buildOrganisation(db, { name: 'Organisation A' });
    const orgB = await buildOrganisation(db, { name: 'Organisation B' });
    adminA = await buildUser(db, { roles: [[orgA.id, 'admin']] });
    const userB = await buildUser(db, { roles: [[orgB.id, 'admin']] });
    const [membershipB] = await db.select().from(memberships).where(eq(memberships.userId, userB.user.id));
    const [audienceB] = await db.insert(audiences).values({ organisationId: orgB.id, slug: 'citizens', name: 'Citizens' }).returning();
    const [tokenB] = await db.select().from(apiTokens).where(eq(apiTokens.userId, userB.user.id));
    if (!membershipB || !audienceB || !tokenB) throw new Error('fixture incomplete');
    const channelB = await buildChannel(db, orgB.id);
    const callerB = { userId: userB.user.id, email: userB.user.email, name: userB.user.name, isSuperadmin: false, via: 'token' as const };
    const pauseB = await pausePublishing(t.ctx.database, callerB, {
      scope: 'organisation',
      organisationId: orgB.id,
      reason: 'Crisis in B',
    });
    const publicationB = await db.transaction((tx) =>
      schedulePublication(tx, callerB, { channelId: channelB.id, text: 'B', dueAt: new Date() }),
    );
    f = {
      orgA,
      orgB,
      channelA: await buildChannel(db, orgA.id),
      channelB,
      audienceB,
      membershipB,
      userB,
      tokenB,
      publicationB,
      pauseB,
      postB: await insertOne(db, posts, {
        organisationId: orgB.id,
        baseText: 'B post',
        timeZone: 'Europe/Brussels',
        createdBy: userB.user.id,
      }),
      mediaB: await insertOne(db, mediaAssets, {
        organisationId: orgB.id,
        fileName: 'b.png',
        mimeType: 'image/png',
        byteSize: 1,
        sha256: 'a'.repeat(64),
        storageKey: 'a'.repeat(64),
      }),
      sourceB: await insertOne(db, listeningSources, { organisationId: orgB.id, kind: 'bluesky', name: 'B source', settings: {} }),
      watchlistB: await insertOne(db, watchlists, { organisationId: orgB.id, name: 'B watchlist', query: 'secret' }),
      mentionB: await insertOne(db, mentions, {
        organisationId: orgB.id,
        dedupKey: 'x:b',
        kind: 'bluesky',
        externalId: 'b',
        text: 'secret of B',
        occurredAt: new Date(),
      }),
      alertRuleB: await insertOne(db, alertRules, {
        organisationId: orgB.id,
        watchlistId: sql`(SELECT id FROM watchlists WHERE organisation_id = ${orgB.id}::uuid AND name = 'B watchlist')`,
        name: 'B alerts',
        mode: 'every',
        cursorMentionId: '00000000-0000-0000-0000-000000000000',
      }),
      candidateB: await insertOne(db, impersonationCandidates, {
        organisationId: orgB.id,
        channelId: channelB.id,
        network: 'mastodon',
        remoteId: '1',
        handle: '@lookalike@example.social',
        score: 0.9,
        evidence: [],
      }),
      claimB: await insertOne(db, mentionClaims, {
        organisationId: orgB.id,
        // Properties are evaluated in order: mentionB above is stored by now.
        mentionId: sql`(SELECT id FROM mentions WHERE organisation_id = ${orgB.id}::uuid AND dedup_key = 'x:b')`,
        namedOrganisationId: orgB.id,
        phrase: 'namens',
        phraseLanguage: 'nl',
        reference: 'Organisation B',
        excerpt: 'Namens Organisation B',
      }),
    };
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((method) => `${method.toUpperCase()} ${path}`));
  });
  afterAll(async () => t?.close());

  it('has a probe for every documented route', () => {
    expect(operations.length).toBeGreaterThan(40);
    const missing = operations.filter((op) => !PROBES[op]);
    expect(missing, 'add these routes to PROBES in test/access.test.ts').toEqual([]);
  });

  it("refuses organisation A's admin on every route that touches organisation B", async () => {
    const failures: string[] = [];
    for (const op of operations) {
      const probe = PROBES[op];
      if (!probe || probe.kind === 'not-organisation-data') continue;
      const method = op.split(' ')[0] as 'GET' | 'POST' | 'PATCH' | 'DELETE';
      const url = probe.url(f);
      const body = probe.kind === 'denied' ? probe.body?.(f) : undefined;
      const contentType = probe.kind === 'denied' ? probe.contentType : undefined;
      const res = await t.app.inject({
        method,
        url,
        headers: { ...adminA.headers, ...(contentType ? { 'content-type': contentType } : {}) },
        ...(body === undefined ? {} : typeof body === 'string' ? { payload: body } : { payload: body as object }),
      });
      if (probe.kind === 'denied') {
        if (res.statusCode !== 403 && res.statusCode !== 404) failures.push(`${op} → ${res.statusCode} ${res.body.slice(0, 120)}`);
      } else {
        if (res.statusCode !== 200) failures.push(`${op} → ${res.statusCode}`);
        else {
          const leaked = probe.idsOf(res.json()).filter((id) => probe.forbiddenIds(f).includes(id));
          if (leaked.length) failures.push(`${op} leaks ${leaked.join(', ')}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("left organisation B's data exactly as it was", async () => {
    const db = t.ctx.db;
    const [orgB] = await db.select().from(organisations).where(eq(organisations.id, f.orgB.id));
    expect(orgB?.name).toBe(f.orgB.name);
    const [channelB] = await db.select().from(channels).where(eq(channels.id, f.channelB.id));
    expect(channelB?.handle).toBe(f.channelB.handle);
    const [audienceB] = await db.select().from(audiences).where(eq(audiences.id, f.audienceB.id));
    expect(audienceB?.name).toBe(f.audienceB.name);
    expect(await db.select().from(memberships).where(eq(memberships.id, f.membershipB.id))).toHaveLength(1);
    const [userB] = await db.select().from(users).where(eq(users.id, f.userB.user.id));
    expect(userB).toMatchObject({ name: f.userB.user.name, disabledAt: null });
    const [tokenB] = await db.select().from(apiTokens).where(eq(apiTokens.id, f.tokenB.id));
    expect(tokenB?.revokedAt).toBeNull();
    expect(await db.select().from(channels).where(eq(channels.handle, '@planted@example.social'))).toHaveLength(0);
    expect(await db.select().from(users).where(eq(users.email, 'intruder@kanaal.test'))).toHaveLength(0);
    const [publicationB] = await db.select().from(publications).where(eq(publications.id, f.publicationB.id));
    expect(publicationB).toMatchObject({ state: 'held', heldByPauseId: f.pauseB.id });
    const [postB] = await db.select().from(posts).where(eq(posts.id, f.postB.id));
    expect(postB).toMatchObject({ baseText: 'B post', state: 'draft', version: 1 });
    const [mediaB] = await db.select().from(mediaAssets).where(eq(mediaAssets.id, f.mediaB.id));
    expect(mediaB?.altTexts).toEqual({});
    expect(await db.select().from(posts).where(eq(posts.baseText, 'Planted'))).toHaveLength(0);
    const [sourceB] = await db.select().from(listeningSources).where(eq(listeningSources.id, f.sourceB.id));
    expect(sourceB?.name).toBe('B source');
    const [watchlistB] = await db.select().from(watchlists).where(eq(watchlists.id, f.watchlistB.id));
    expect(watchlistB?.query).toBe('secret');
    expect(await db.select().from(mentions).where(eq(mentions.id, f.mentionB.id))).toHaveLength(1);
    expect(await db.select().from(watchlists).where(eq(watchlists.name, 'Planted'))).toHaveLength(0);
    const [alertRuleB] = await db.select().from(alertRules).where(eq(alertRules.id, f.alertRuleB.id));
    expect(alertRuleB).toMatchObject({ active: true, mode: 'every' });
    expect(await db.select().from(alertRules).where(eq(alertRules.watchlistId, f.watchlistB.id))).toHaveLength(1);
    expect(await db.select().from(alertMessages).where(eq(alertMessages.ruleId, f.alertRuleB.id))).toHaveLength(0);
    const [candidateB] = await db.select().from(impersonationCandidates).where(eq(impersonationCandidates.id, f.candidateB.id));
    expect(candidateB?.status).toBe('new');
    const [claimB] = await db.select().from(mentionClaims).where(eq(mentionClaims.id, f.claimB.id));
    expect(claimB?.status).toBe('new');
    const pausesB = await db.select().from(publishingPauses).where(eq(publishingPauses.organisationId, f.orgB.id));
    expect(pausesB.map((p) => [p.id, p.liftedAt])).toEqual([[f.pauseB.id, null]]);
  });

  it('does not let A move its own channel into B', async () => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/channels/${f.channelA.id}`,
      headers: adminA.headers,
      payload: { organisationId: f.orgB.id },
    });
    expect([403, 404]).toContain(res.statusCode);
  });

  it('answers 401 without credentials on every non-public route', async () => {
    const publicOps = new Set([
      'POST /api/session',
      'GET /api/auth/providers',
      'GET /api/auth/oidc/login',
      'GET /api/auth/oidc/callback',
      'GET /api/health',
      'GET /api/public/directory',
      'GET /directory',
      'DELETE /api/session',
      'GET /media/public/{key}',
    ]);
    const failures: string[] = [];
    for (const op of operations.filter((o) => !publicOps.has(o))) {
      const [method, path] = op.split(' ') as ['GET' | 'POST' | 'PATCH' | 'DELETE', string];
      const someId = '00000000-0000-4000-8000-000000000000';
      const url = `${path.replace(/\{[^}]+\}/g, someId)}?organisationId=${someId}`;
      const res = await t.app.inject({ method, url, payload: method === 'GET' ? undefined : {} });
      // Body validation runs before the handler's sign-in check, so a write with an empty body may answer 400 first.
      const acceptable = method === 'GET' ? [401] : [401, 400];
      if (!acceptable.includes(res.statusCode)) failures.push(`${op} → ${res.statusCode}`);
    }
    expect(failures).toEqual([]);
  });
});
