import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { type BlueskyAppViewPeer, startBlueskyAppViewPeer } from '../../../test/peers/bluesky-appview.js';
import { type MastodonPeer, startMastodonPeer } from '../../../test/peers/mastodon/server.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import { SYSTEM_ACTOR } from '../../kit/audit.js';
import { auditLog } from '../../kit/audit-schema.js';
import { saveChannelConnection } from '../connections/accounts.js';
import { impersonationCandidates, impersonationScans } from './impersonation-schema.js';
import type { TImpersonationCandidate } from './impersonation-schemas.js';
import { scanForImpersonators } from './impersonation-scan.js';

/**
 * The scan end to end: the real masto and @atproto/api clients against a Mastodon peer (whose
 * search, like many instances', needs a token) and a Bluesky AppView peer, a real database.
 */
describe('impersonation scan on Mastodon and Bluesky', () => {
  let t: TestApp;
  let mastodon: MastodonPeer;
  let appview: BlueskyAppViewPeer;
  let gent: { id: string };
  let admin: TestUser;
  let viewer: TestUser;
  let mastodonChannel: { id: string };
  let blueskyChannel: { id: string };

  beforeAll(async () => {
    mastodon = await startMastodonPeer({ searchRequiresAuth: true });
    appview = await startBlueskyAppViewPeer();
    t = await createTestApp({ env: { KANAAL_ALLOW_URLS: '127.0.0.1', KANAAL_BLUESKY_APPVIEW: appview.url } });
    const db = t.ctx.db;
    gent = await buildOrganisation(db, { name: 'Stad Gent' });
    const pers = await buildOrganisation(db, { name: 'Persdienst Stad Gent', parentId: gent.id });
    admin = await buildUser(db, { roles: [[gent.id, 'communicator']] });
    viewer = await buildUser(db, { roles: [[gent.id, 'viewer']] });

    const official = mastodon.createAccount({ username: 'stadgent', displayName: 'Stad Gent' });
    mastodon.createAccount({ username: 'stadg3nt', displayName: 'Stad G3nt' });
    mastodon.createAccount({ username: 'stadgent_official', displayName: 'Gent Nieuws' });
    mastodon.createAccount({ username: 'stаdgent', displayName: 'Stаd Gеnt' }); // Cyrillic а and е
    mastodon.createAccount({ username: 'bakkerij', displayName: 'Bakkerij De Zon' });
    mastodon.createAccount({ username: 'stadgent_pers', displayName: 'Persdienst Stad Gent' });
    mastodonChannel = await buildChannel(db, gent.id, {
      network: 'mastodon',
      handle: `@stadgent@${mastodon.domain}`,
      displayName: 'Stad Gent',
      profileUrl: `${mastodon.url}/@stadgent`,
    });
    await saveChannelConnection(db, t.ctx.keyring, SYSTEM_ACTOR, {
      channelId: mastodonChannel.id,
      apiBaseUrl: mastodon.url,
      credentials: { accessToken: official.accessToken },
      remoteAccountId: official.account.id,
    });
    // The sibling is in the registry (another organisation): never a candidate.
    await buildChannel(db, pers.id, { network: 'mastodon', handle: `@stadgent_pers@${mastodon.domain}` });

    appview.addActor({ handle: 'stadgent.bsky.social', displayName: 'Stad Gent' });
    appview.addActor({ handle: 'stadgent-official.bsky.social', displayName: 'Nieuws' });
    appview.addActor({ handle: 'gent-updates.bsky.social', displayName: 'Stаd Gent' }); // Cyrillic а
    appview.addActor({ handle: 'bakkerij.bsky.social', displayName: 'Bakkerij' });
    blueskyChannel = await buildChannel(db, gent.id, { network: 'bluesky', handle: 'stadgent.bsky.social', displayName: 'Stad Gent' });
  });
  afterAll(async () => {
    await t?.close();
    await mastodon?.close();
    await appview?.close();
  });

  const list = async (query = '', user: TestUser = viewer) => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/organisations/${gent.id}/impersonation-candidates?${query}`,
      headers: user.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { candidates: TImpersonationCandidate[]; total: number };
  };
  const decide = (id: string, payload: unknown, user: TestUser = admin) =>
    t.app.inject({
      method: 'POST',
      url: `/api/impersonation-candidates/${id}/decision`,
      headers: user.headers,
      payload: payload as object,
    });

  it('finds the look-alikes, with evidence and scores, and not the official, unrelated or registered accounts', async () => {
    const outcomes = await scanForImpersonators(t.ctx, { organisationId: gent.id });
    expect(outcomes.map((o) => [o.handle, o.ok, o.error])).toEqual([
      [`@stadgent@${mastodon.domain}`, true, null],
      ['stadgent.bsky.social', true, null],
    ]);
    // The instance only searches for signed-in accounts: the connected channel's token was used.
    expect(mastodon.state.requests.filter((r) => r.path === '/api/v2/search').every((r) => r.outcome === 200)).toBe(true);

    const { candidates, total } = await list('network=mastodon');
    expect(total).toBe(3);
    expect(candidates.map((c) => [c.handle, c.score])).toEqual([
      [`@stаdgent@${mastodon.domain}`, 0.99],
      [`@stadg3nt@${mastodon.domain}`, 0.97],
      [`@stadgent_official@${mastodon.domain}`, 0.9],
    ]);
    const cyrillic = candidates[0];
    expect(cyrillic).toMatchObject({ status: 'new', decision: null, channel: { id: mastodonChannel.id }, displayName: 'Stаd Gеnt' });
    expect(cyrillic?.evidence[0]?.reasons).toEqual([
      'look-alike character: Cyrillic "а" (U+0430) for "a"',
      'mixed scripts: Latin+Cyrillic',
    ]);
    expect(cyrillic?.evidence[0]?.details).toEqual([
      { kind: 'lookalike', shown: 'а', looksLike: 'a', script: 'Cyrillic', codePoint: 'U+0430' },
      { kind: 'mixedScripts', scripts: ['Latin', 'Cyrillic'] },
    ]);
    expect(cyrillic?.profileUrl).toBe(`${mastodon.url}/@stаdgent`);
    expect(candidates[2]?.evidence[0]).toMatchObject({
      field: 'handle',
      official: 'stadgent',
      reasons: ['added word: official', 'separators differ'],
    });

    const bluesky = await list(`channelId=${blueskyChannel.id}`);
    expect(bluesky.candidates.map((c) => [c.handle, c.remoteId.startsWith('did:plc:'), c.profileUrl])).toEqual([
      ['gent-updates.bsky.social', true, 'https://bsky.app/profile/gent-updates.bsky.social'],
      ['stadgent-official.bsky.social', true, 'https://bsky.app/profile/stadgent-official.bsky.social'],
    ]);
    expect(bluesky.candidates[0]?.evidence[0]).toMatchObject({ field: 'displayName', candidate: 'Stаd Gent', official: 'Stad Gent' });
    expect(appview.requests.map((r) => r.query.get('q'))).toContain('Stаd Gent');
  });

  it('needs a note to confirm, audits every decision, and keeps a dismissal on the next scan unless the name changes', async () => {
    const { candidates } = await list('network=mastodon');
    const [cyrillic, digit] = candidates;
    if (!cyrillic || !digit) throw new Error('expected candidates');

    const bare = await decide(cyrillic.id, { decision: 'confirm' });
    expect(bare.statusCode).toBe(400);
    expect(bare.json().error.fields).toEqual([{ path: 'note', message: expect.any(String), code: 'misuse_reason', params: {} }]);
    expect((await decide(cyrillic.id, { decision: 'confirm', note: 'Reported to the instance' }, viewer)).statusCode).toBe(403);
    const confirmed = await decide(cyrillic.id, { decision: 'confirm', note: 'Reported to the instance' });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({
      status: 'confirmed',
      decision: { status: 'confirmed', note: 'Reported to the instance', by: { id: admin.user.id } },
    });
    const dismissed = await decide(digit.id, { decision: 'dismiss' });
    expect(dismissed.json()).toMatchObject({ status: 'dismissed', decision: { status: 'dismissed', note: null } });

    const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.entity, 'impersonation_candidate')).orderBy(auditLog.id);
    expect(audit.map((a) => [a.entityId, a.action, a.actorLabel])).toEqual([
      [cyrillic.id, 'confirm', admin.user.email],
      [digit.id, 'dismiss', admin.user.email],
    ]);

    await scanForImpersonators(t.ctx, { organisationId: gent.id });
    const again = await list('network=mastodon');
    expect(again.candidates.map((c) => [c.id, c.status])).toEqual([
      [cyrillic.id, 'confirmed'],
      [digit.id, 'dismissed'],
      [candidates[2]?.id, 'new'],
    ]);

    // The dismissed account takes another display name: it is looked at again.
    const peerAccount = mastodon.state.accountByUsername('stadg3nt');
    if (!peerAccount) throw new Error('peer account missing');
    peerAccount.displayName = 'Stad Gent (officieel)';
    await scanForImpersonators(t.ctx, { organisationId: gent.id });
    const [reopened] = await t.ctx.db.select().from(impersonationCandidates).where(eq(impersonationCandidates.id, digit.id));
    expect(reopened).toMatchObject({ status: 'new', decidedAt: null, decisionNote: null, displayName: 'Stad Gent (officieel)' });
    const reopenAudit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.action, 'reopen'));
    expect(reopenAudit.map((a) => [a.entityId, a.actorLabel])).toEqual([[digit.id, 'system']]);
    expect((await list('status=dismissed')).total).toBe(0);
    expect((await list('status=confirmed')).candidates.map((c) => c.id)).toEqual([cyrillic.id]);
  });

  it('reopens a decision: open again, the decision cleared, the reopening audited with the decision it set aside', async () => {
    const [confirmed] = (await list('status=confirmed')).candidates;
    if (!confirmed) throw new Error('expected a confirmed candidate');
    expect((await decide(confirmed.id, { decision: 'reopen' }, viewer)).statusCode).toBe(403);
    const reopened = await decide(confirmed.id, { decision: 'reopen', note: 'Confirmed by mistake' });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json()).toMatchObject({ id: confirmed.id, status: 'new', decision: null });
    const [row] = await t.ctx.db.select().from(impersonationCandidates).where(eq(impersonationCandidates.id, confirmed.id));
    expect(row).toMatchObject({ status: 'new', decidedBy: null, decidedAt: null, decisionNote: null });

    const reopenings = () =>
      t.ctx.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.entityId, confirmed.id), eq(auditLog.action, 'reopen')));
    expect((await reopenings()).map((a) => [a.actorLabel, a.before, a.after])).toEqual([
      [
        admin.user.email,
        { status: 'confirmed', note: 'Reported to the instance' },
        expect.objectContaining({ status: 'new', note: 'Confirmed by mistake', handle: confirmed.handle }),
      ],
    ]);
    // Reopening what is open changes nothing, and nothing is audited.
    expect((await decide(confirmed.id, { decision: 'reopen' })).json()).toMatchObject({ status: 'new', decision: null });
    expect(await reopenings()).toHaveLength(1);
    // The next scan leaves it open, like any open candidate.
    await scanForImpersonators(t.ctx, { organisationId: gent.id });
    expect((await list('status=new')).candidates.map((c) => c.id)).toContain(confirmed.id);
  });

  it('records a slow or refused search per channel in plain words, and carries on with the others', async () => {
    const cultuur = await buildOrganisation(t.ctx.db, { name: 'Gent Cultuur', parentId: gent.id });
    const unconnected = await buildChannel(t.ctx.db, cultuur.id, {
      network: 'mastodon',
      handle: `@gentcultuur@${mastodon.domain}`,
      profileUrl: `${mastodon.url}/@gentcultuur`,
    });
    const refused = await scanForImpersonators(t.ctx, { organisationId: cultuur.id });
    expect(refused.map((o) => [o.handle, o.ok, o.error])).toEqual([
      [
        `@gentcultuur@${mastodon.domain}`,
        false,
        'the instance only lets signed-in accounts search: connect the channel so Kanaal can search with its token',
      ],
    ]);

    mastodon.faults.add({ kind: 'slow', delayMs: 1500, path: '/api/v2/search' });
    appview.faults.add({ kind: 'status500', path: '/xrpc/app.bsky.actor.searchActors' });
    const outcomes = await scanForImpersonators(t.ctx, { organisationId: gent.id, timeoutMs: 300 });
    await mastodon.settled();
    expect(Object.fromEntries(outcomes.map((o) => [o.handle, o.error]))).toEqual({
      [`@stadgent@${mastodon.domain}`]: 'the instance did not answer within 0.3 s',
      'stadgent.bsky.social': 'the Bluesky search service answered with an error (HTTP 500)',
    });

    const res = await t.app.inject({
      method: 'GET',
      url: `/api/organisations/${gent.id}/impersonation/scans?subtree=true`,
      headers: viewer.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const status = Object.fromEntries(
      (res.json() as Array<{ channelId: string; lastScan: Record<string, unknown> }>).map((s) => [s.channelId, s.lastScan]),
    );
    expect(status[mastodonChannel.id]).toMatchObject({
      ok: false,
      error: 'the instance did not answer within 0.3 s',
      errorCode: 'instance_timeout',
      errorParams: { seconds: 0.3 },
      running: false,
      queries: 1,
    });
    expect(status[mastodonChannel.id]?.lastSuccessAt).not.toBeNull();
    expect(status[unconnected.id]).toMatchObject({
      ok: false,
      errorCode: 'sign_in_required',
      errorParams: {},
      queries: 1,
      candidates: 0,
      lastSuccessAt: null,
    });
    const [bluesky] = await t.ctx.db.select().from(impersonationScans).where(eq(impersonationScans.channelId, blueskyChannel.id));
    expect(bluesky).toMatchObject({
      ok: false,
      error: 'the Bluesky search service answered with an error (HTTP 500)',
      errorCode: 'bluesky_status',
      errorParams: { status: 500 },
    });
    // Earlier candidates are kept when a later scan fails.
    expect((await list('network=mastodon')).total).toBe(3);
  });

  it('keeps other organisations out of the candidates, the decisions and the scan', async () => {
    const other = await buildOrganisation(t.ctx.db);
    const outsider = await buildUser(t.ctx.db, { roles: [[other.id, 'admin']] });
    const [candidate] = (await list()).candidates;
    if (!candidate) throw new Error('expected a candidate');
    const calls = [
      t.app.inject({ method: 'GET', url: `/api/organisations/${gent.id}/impersonation-candidates`, headers: outsider.headers }),
      t.app.inject({ method: 'GET', url: `/api/impersonation-candidates/${candidate.id}`, headers: outsider.headers }),
      decide(candidate.id, { decision: 'dismiss' }, outsider),
      t.app.inject({ method: 'POST', url: `/api/organisations/${gent.id}/impersonation/scan`, headers: outsider.headers, payload: {} }),
      t.app.inject({ method: 'GET', url: `/api/organisations/${gent.id}/impersonation/scans`, headers: outsider.headers }),
    ];
    expect((await Promise.all(calls)).map((r) => r.statusCode)).toEqual([403, 403, 403, 403, 403]);
    const unknown = await t.app.inject({
      method: 'GET',
      url: '/api/impersonation-candidates/00000000-0000-4000-8000-000000000000',
      headers: admin.headers,
    });
    expect(unknown.statusCode).toBe(404);
    expect((await decide('00000000-0000-4000-8000-000000000000', { decision: 'reopen' })).statusCode).toBe(404);

    const [after] = await t.ctx.db.select().from(impersonationCandidates).where(eq(impersonationCandidates.id, candidate.id));
    expect(after?.status).toBe(candidate.status);

    // Reopening is refused to an outsider like any decision, and the decision stands.
    expect((await decide(candidate.id, { decision: 'dismiss' })).statusCode).toBe(200);
    expect((await decide(candidate.id, { decision: 'reopen' }, outsider)).statusCode).toBe(403);
    const [kept] = await t.ctx.db.select().from(impersonationCandidates).where(eq(impersonationCandidates.id, candidate.id));
    expect(kept).toMatchObject({ status: 'dismissed', decidedBy: admin.user.id });
  });
});
