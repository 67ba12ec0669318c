import { setTimeout as sleep } from 'node:timers/promises';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { createTestApp, type TestApp, usingPostgres } from '../../../test/support.js';
import { SYSTEM_ACTOR } from '../../kit/audit.js';
import { auditLog } from '../../kit/audit-schema.js';
import { saveChannelConnection } from '../connections/accounts.js';
import { checkMentionsForClaims } from './claims-check.js';
import { startClaimsWatcher } from './claims-jobs.js';
import type { TMentionClaim } from './claims-schemas.js';
import { ingestItems } from './ingest.js';
import { mentionClaims } from './impersonation-schema.js';
import { item } from './test-items.js';

describe('speaking-for claims in ingested mentions', () => {
  let t: TestApp;
  let gent: { id: string };
  let cultuur: { id: string };
  let communicator: TestUser;
  let viewer: TestUser;

  beforeAll(async () => {
    t = await createTestApp();
    const db = t.ctx.db;
    gent = await buildOrganisation(db, { name: 'Stad Gent', names: { fr: 'Ville de Gand' }, shortName: 'SG' });
    cultuur = await buildOrganisation(db, { name: 'Cultuurdienst Gent', parentId: gent.id });
    communicator = await buildUser(db, { roles: [[gent.id, 'communicator']] });
    viewer = await buildUser(db, { roles: [[gent.id, 'viewer']] });
    await buildChannel(db, gent.id, { network: 'mastodon', handle: '@stadgent@stad.example' });
    const bluesky = await buildChannel(db, gent.id, { network: 'bluesky', handle: 'stadgent.bsky.social' });
    // Jetstream gives authors as DIDs: the connected account's DID marks the official account.
    await saveChannelConnection(db, t.ctx.keyring, SYSTEM_ACTOR, {
      channelId: bluesky.id,
      apiBaseUrl: 'https://bsky.social',
      credentials: { identifier: 'stadgent.bsky.social', appPassword: 'x' },
      remoteAccountId: 'did:plc:stadgentofficial',
    });
  });
  afterAll(async () => t?.close());

  const listClaims = async (query = '', user: TestUser = viewer) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/organisations/${gent.id}/mention-claims?${query}`, headers: user.headers });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { claims: TMentionClaim[]; total: number };
  };

  it('flags outside accounts that claim to speak for the organisation, not the registry’s own accounts', async () => {
    const result = await ingestItems(t.ctx, { organisationId: gent.id }, [
      item('at://outsider/1', 'Namens Stad Gent: de parking Vrijdagmarkt sluit, betaal hier uw boete', { author: 'did:plc:outsider' }),
      item('at://official/1', 'Namens Stad Gent: de parking Vrijdagmarkt sluit morgen', { author: 'did:plc:stadgentofficial' }),
      item('m/1', 'Officiële mededeling van Stad Gent: zwembad dicht', { kind: 'mastodon', author: '@StadGent@stad.example' }),
      item('m/2', 'Au nom de la Ville de Gand, nous vous remboursons', { kind: 'mastodon', author: '@fake@evil.example', language: 'fr' }),
      item('m/3', 'In opdracht van Cultuurdienst Gent: gratis tickets!', { kind: 'mastodon', author: '@tickets@evil.example' }),
      item('at://outsider/2', 'Namens de buurtbewoners: bedankt', { author: 'did:plc:outsider' }),
      item('feed/1', 'Namens Stad Gent zei de woordvoerder dat …', { kind: 'feed', author: 'Redactie' }),
    ]);
    expect(result).toMatchObject({ stored: 7, matched: [] }); // ingest's own contract is unchanged

    await sleep(300); // past the arrival horizon's margin
    const first = await checkMentionsForClaims(t.ctx);
    expect(first.claims).toBe(3);
    const { claims, total } = await listClaims();
    expect(total).toBe(3);
    const byAuthor = Object.fromEntries(claims.map((c) => [c.author, [c.phrase, c.namedOrganisation.id, c.reference, c.status]]));
    expect(byAuthor).toEqual({
      'did:plc:outsider': ['namens', gent.id, 'Stad Gent', 'new'],
      '@fake@evil.example': ['au nom de', gent.id, 'Ville de Gand', 'new'],
      '@tickets@evil.example': ['in opdracht van', cultuur.id, 'Cultuurdienst Gent', 'new'],
    });
    const outsider = claims.find((c) => c.author === 'did:plc:outsider');
    expect(outsider?.excerpt).toContain('Namens Stad Gent');
    expect(outsider?.mention).toMatchObject({ kind: 'bluesky', text: expect.stringContaining('betaal hier') });

    // Reading again stores nothing twice.
    expect((await checkMentionsForClaims(t.ctx)).claims).toBe(0);
    expect((await listClaims(`namedOrganisationId=${cultuur.id}`)).total).toBe(1);
    // One mention's claims (its detail page).
    const ofMention = await listClaims(`mentionId=${outsider?.mention.id}`);
    expect(ofMention.claims.map((c) => c.author)).toEqual(['did:plc:outsider']);
  });

  it('needs a note to confirm, audits decisions, and a dismissed claim stays dismissed', async () => {
    const { claims } = await listClaims('status=new');
    const [one, two] = claims;
    if (!one || !two) throw new Error('expected claims');
    const decide = (id: string, payload: object, user: TestUser = communicator) =>
      t.app.inject({ method: 'POST', url: `/api/mention-claims/${id}/decision`, headers: user.headers, payload });
    expect((await decide(one.id, { decision: 'confirm', note: '  ' })).statusCode).toBe(400);
    expect((await decide(one.id, { decision: 'dismiss' }, viewer)).statusCode).toBe(403);
    const confirmed = await decide(one.id, { decision: 'confirm', note: 'Phishing: reported' });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', decision: { note: 'Phishing: reported', by: { id: communicator.user.id } } });
    expect((await decide(two.id, { decision: 'dismiss', note: 'satire' })).json()).toMatchObject({ status: 'dismissed' });

    await checkMentionsForClaims(t.ctx);
    const [after] = await t.ctx.db.select().from(mentionClaims).where(eq(mentionClaims.id, two.id));
    expect(after).toMatchObject({ status: 'dismissed', decisionNote: 'satire' });
    const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.entity, 'mention_claim')).orderBy(auditLog.id);
    expect(audit.map((a) => [a.entityId, a.action])).toEqual([
      [one.id, 'confirm'],
      [two.id, 'dismiss'],
    ]);
    const get = await t.app.inject({ method: 'GET', url: `/api/mention-claims/${two.id}`, headers: viewer.headers });
    expect(get.json()).toMatchObject({ id: two.id, status: 'dismissed', decision: { status: 'dismissed', note: 'satire' } });
  });

  it('reopens a decision: open again, the decision cleared, the reopening audited with the decision it set aside', async () => {
    const [confirmed] = (await listClaims('status=confirmed')).claims;
    if (!confirmed) throw new Error('expected a confirmed claim');
    const decide = (payload: object, user: TestUser = communicator) =>
      t.app.inject({ method: 'POST', url: `/api/mention-claims/${confirmed.id}/decision`, headers: user.headers, payload });
    expect((await decide({ decision: 'reopen' }, viewer)).statusCode).toBe(403);
    const reopened = await decide({ decision: 'reopen' });
    expect(reopened.statusCode, reopened.body).toBe(200);
    expect(reopened.json()).toMatchObject({ id: confirmed.id, status: 'new', decision: null });
    const [row] = await t.ctx.db.select().from(mentionClaims).where(eq(mentionClaims.id, confirmed.id));
    expect(row).toMatchObject({ status: 'new', decidedBy: null, decidedAt: null, decisionNote: null });
    const audit = await t.ctx.db.select().from(auditLog).where(eq(auditLog.entityId, confirmed.id)).orderBy(auditLog.id);
    expect(audit.map((a) => [a.action, a.actorLabel, a.before, a.after])).toEqual([
      ['confirm', communicator.user.email, expect.anything(), expect.anything()],
      [
        'reopen',
        communicator.user.email,
        { status: 'confirmed', note: 'Phishing: reported' },
        expect.objectContaining({ status: 'new', note: null }),
      ],
    ]);
    // Reopening what is open changes nothing, and nothing is audited.
    expect((await decide({ decision: 'reopen' })).json()).toMatchObject({ status: 'new' });
    expect(await t.ctx.db.select().from(auditLog).where(eq(auditLog.entityId, confirmed.id))).toHaveLength(2);
  });

  it('reads from a durable cursor: mentions stored while nothing ran are checked, each once', async () => {
    const org = await buildOrganisation(t.ctx.db, { name: 'Provincie Oost-Vlaanderen' });
    await ingestItems(t.ctx, { organisationId: org.id }, [
      item('at://late/1', 'Official statement from Provincie Oost-Vlaanderen: all roads closed', { author: 'did:plc:late', language: 'en' }),
    ]);
    await sleep(300); // past the horizon's margin
    const first = await checkMentionsForClaims(t.ctx);
    expect(first.claims).toBe(1);
    // The cursor went past it: the next run reads nothing again.
    const again = await checkMentionsForClaims(t.ctx);
    expect(again.read).toBe(0);
    const claimed = await t.ctx.db.select().from(mentionClaims).where(eq(mentionClaims.organisationId, org.id));
    expect(claimed.map((c) => c.phrase)).toEqual(['statement from']);
  });

  it.skipIf(!usingPostgres)('holds the cursor below an open ingest transaction, then checks the late mention', async () => {
    const org = await buildOrganisation(t.ctx.db, { name: 'Provincie Limburg' });
    let lateId = '';
    await t.database.withConnection(async (query) => {
      // An ingest that began first and commits last.
      await query('BEGIN');
      const [mention] = await query<{ id: string }>(
        `INSERT INTO mentions (organisation_id, dedup_key, kind, external_id, author, text, occurred_at)
         VALUES ($1, 'x:late-2', 'mastodon', 'late-2', '@x@evil.example', 'Im Namen von Provincie Limburg: Spenden hier', now())
         RETURNING id`,
        [org.id],
      );
      lateId = mention?.id ?? '';
      await sleep(50);
      // One that began later and commits first.
      await ingestItems(t.ctx, { organisationId: org.id }, [
        item('at://early/2', 'Namens de Provincie Limburg: de wegen zijn dicht', { author: 'did:plc:early', language: 'nl' }),
      ]);
      await sleep(300);
      await checkMentionsForClaims(t.ctx);
      await query('COMMIT');
    });
    await sleep(300);
    await checkMentionsForClaims(t.ctx);
    const claimed = await t.ctx.db.select().from(mentionClaims).where(eq(mentionClaims.organisationId, org.id));
    expect(claimed.map((c) => c.phrase).sort()).toEqual(['im namen von', 'namens']);
    expect(claimed.some((c) => c.mentionId === lateId)).toBe(true);
  });

  it('reads in batches past many mentions stored at the same microsecond', async () => {
    const org = await buildOrganisation(t.ctx.db);
    await t.ctx.db.execute(
      sql`INSERT INTO mentions (organisation_id, dedup_key, kind, external_id, author, text, occurred_at, seen_at)
          SELECT ${org.id}::uuid, 'x:bulk-' || n, 'bluesky', 'bulk-' || n, 'did:plc:bulk', 'Namens niemand in het bijzonder ' || n, now(), now()
            FROM generate_series(1, 1100) AS n`,
    );
    await sleep(300); // past the horizon's margin
    const started = Date.now();
    const result = await checkMentionsForClaims(t.ctx, { budgetMs: 20_000 });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(result.read).toBeGreaterThanOrEqual(1100);
    expect(result.claims).toBe(0);
  });

  it('checks soon after ingest reports matched mentions, in a worker process', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/organisations/${gent.id}/watchlists`,
      headers: communicator.headers,
      payload: { name: 'Parking', query: 'parking' },
    });
    expect(res.statusCode, res.body).toBe(201);
    const watcher = startClaimsWatcher(t.ctx);
    try {
      const ingested = await ingestItems(t.ctx, { organisationId: gent.id }, [
        item('at://watch/1', 'In naam van SG: gratis parking vandaag, klik hier', { author: 'did:plc:scam' }),
      ]);
      expect(ingested.matched).toHaveLength(1);
      const deadline = Date.now() + 10_000;
      let found: TMentionClaim | undefined;
      while (!found && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        found = (await listClaims()).claims.find((c) => c.author === 'did:plc:scam');
      }
      expect(found).toMatchObject({ phrase: 'in naam van', reference: 'SG', namedOrganisation: { id: gent.id } });
    } finally {
      await watcher.stop();
    }
  });

  it('keeps other organisations out', async () => {
    const other = await buildOrganisation(t.ctx.db);
    const outsider = await buildUser(t.ctx.db, { roles: [[other.id, 'admin']] });
    const [claim] = (await listClaims()).claims;
    if (!claim) throw new Error('expected a claim');
    const calls = await Promise.all([
      t.app.inject({ method: 'GET', url: `/api/organisations/${gent.id}/mention-claims`, headers: outsider.headers }),
      t.app.inject({ method: 'GET', url: `/api/mention-claims/${claim.id}`, headers: outsider.headers }),
      t.app.inject({ method: 'POST', url: `/api/mention-claims/${claim.id}/decision`, headers: outsider.headers, payload: { decision: 'dismiss' } }),
    ]);
    expect(calls.map((r) => r.statusCode)).toEqual([403, 403, 403]);
    const [after] = await t.ctx.db.select().from(mentionClaims).where(eq(mentionClaims.id, claim.id));
    expect(after?.status).toBe(claim.status);

    // Reopening is refused to an outsider like any decision, and the decision stands.
    const [dismissed] = (await listClaims('status=dismissed')).claims;
    if (!dismissed) throw new Error('expected a dismissed claim');
    const reopen = await t.app.inject({
      method: 'POST',
      url: `/api/mention-claims/${dismissed.id}/decision`,
      headers: outsider.headers,
      payload: { decision: 'reopen' },
    });
    expect(reopen.statusCode).toBe(403);
    const [kept] = await t.ctx.db.select().from(mentionClaims).where(eq(mentionClaims.id, dismissed.id));
    expect(kept).toMatchObject({ status: 'dismissed', decisionNote: 'satire' });
    const unknown = await t.app.inject({
      method: 'POST',
      url: '/api/mention-claims/00000000-0000-4000-8000-000000000000/decision',
      headers: communicator.headers,
      payload: { decision: 'reopen' },
    });
    expect(unknown.statusCode).toBe(404);
  });
});
