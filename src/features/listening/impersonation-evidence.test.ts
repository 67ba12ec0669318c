import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildOrganisation, buildUser, type TestUser } from '../../../test/factories.js';
import { createTestApp, type TestApp } from '../../../test/support.js';
import type { TImpersonationCandidate } from './impersonation-schemas.js';
import { type EvidenceReason, reasonInWords } from './lookalike/index.js';

const MIGRATION = new URL('../../db/migrations/0013_lookalike_details.sql', import.meta.url);

/** Every kind of reason, the look-alike both with and without a script. */
const EVERY_REASON: EvidenceReason[] = [
  { kind: 'lookalike', shown: 'а', looksLike: 'a', script: 'Cyrillic', codePoint: 'U+0430' },
  { kind: 'lookalike', shown: '0', looksLike: 'o', script: null, codePoint: null },
  { kind: 'lookalike', shown: 'rn', looksLike: 'm', script: null, codePoint: null },
  { kind: 'mixedScripts', scripts: ['Latin', 'Cyrillic', 'other'] },
  { kind: 'addedWord', word: 'officieel' },
  { kind: 'editDistance', count: 2 },
  { kind: 'accentsAdded' },
  { kind: 'accentsDropped' },
  { kind: 'separators' },
  { kind: 'caseOrSpacing' },
  { kind: 'sameNameElsewhere', where: 'instance' },
  { kind: 'sameNameElsewhere', where: 'domain' },
  { kind: 'sameDisplayName' },
];

/**
 * Evidence stored before `details` existed (English reasons only) gets them from migration 0013,
 * exactly as the engine gives them now; the API serves them.
 */
describe('look-alike evidence stored before its details', () => {
  let t: TestApp;
  let viewer: TestUser;
  let organisationId: string;
  let channelId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const organisation = await buildOrganisation(t.ctx.db, { name: 'Stad Gent' });
    organisationId = organisation.id;
    viewer = await buildUser(t.ctx.db, { roles: [[organisation.id, 'viewer']] });
    channelId = (await buildChannel(t.ctx.db, organisation.id, { network: 'mastodon', handle: '@stadgent@stad.example' })).id;
  });
  afterAll(async () => t?.close());

  const store = async (remoteId: string, evidence: object[]) => {
    await t.ctx.db.execute(
      sql`INSERT INTO impersonation_candidates (organisation_id, channel_id, network, remote_id, handle, score, evidence)
          VALUES (${organisationId}::uuid, ${channelId}::uuid, 'mastodon', ${remoteId}, ${`@${remoteId}@evil.example`}, 0.9,
                  ${JSON.stringify(evidence)}::jsonb)`,
    );
  };
  const evidenceOf = async (remoteId: string) => {
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/organisations/${organisationId}/impersonation-candidates`,
      headers: viewer.headers,
    });
    expect(res.statusCode, res.body).toBe(200);
    const { candidates } = res.json() as { candidates: TImpersonationCandidate[] };
    return candidates.find((c) => c.remoteId === remoteId)?.evidence;
  };

  it('reads every English reason back into the data it was made from, and leaves newer evidence alone', async () => {
    const item = { field: 'handle', candidate: 'stаdgent', official: 'stadgent', score: 0.9 };
    await store('legacy', [
      { ...item, reasons: EVERY_REASON.map(reasonInWords) },
      { ...item, field: 'displayName', reasons: ['same display name as the official account'] },
    ]);
    const current = [{ ...item, reasons: ['separators differ'], details: [{ kind: 'separators' }] }];
    await store('current', current);

    await t.database.exec(await readFile(MIGRATION, 'utf8'));

    expect(await evidenceOf('legacy')).toEqual([
      { ...item, reasons: EVERY_REASON.map(reasonInWords), details: EVERY_REASON },
      { ...item, field: 'displayName', reasons: ['same display name as the official account'], details: [{ kind: 'sameDisplayName' }] },
    ]);
    expect(await evidenceOf('current')).toEqual(current);
  });
});
