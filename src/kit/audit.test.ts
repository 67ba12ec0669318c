import { afterEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/support.js';
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../db/client.js';
import { recordAudit, SYSTEM_ACTOR, verifyAuditChain } from './audit.js';

describe('hash-chained audit log', () => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.close();
    database = undefined;
  });

  /** Five entries with nested before/after objects, in one fresh database. */
  async function withEntries(): Promise<{ database: Database; ids: number[] }> {
    database = await freshDatabase();
    const actor = { userId: null, label: 'tester@kanaal.test', requestId: 'req-1' };
    for (let i = 1; i <= 5; i++) {
      await recordAudit(database.db, i === 3 ? SYSTEM_ACTOR : actor, {
        organisationId: null,
        action: 'update',
        entity: 'channel',
        entityId: `c${i}`,
        before: { handle: `@oud${i}`, languages: ['nl', 'fr'], nested: { z: 1, a: [i] } },
        after: { handle: `@nieuw${i}`, languages: ['nl'], nested: { a: [i], z: 2 }, missing: undefined },
      });
    }
    const rows = await database.query<{ id: string | number }>('SELECT id FROM audit_log ORDER BY id');
    return { database, ids: rows.map((r) => Number(r.id)) };
  }

  it('verifies an untouched chain and records the check', async () => {
    const { database } = await withEntries();
    expect(await verifyAuditChain(database.db)).toEqual({ rowsChecked: 5, ok: true, firstBadId: null, detail: null });
    const checks = await database.query<{ ok: boolean; rows_checked: number }>('SELECT ok, rows_checked FROM audit_checks');
    expect(checks).toEqual([{ ok: true, rows_checked: 5 }]);
  });

  it('links each entry to the previous one', async () => {
    const { database } = await withEntries();
    const rows = await database.query<{ prev_hash: string; hash: string }>('SELECT prev_hash, hash FROM audit_log ORDER BY id');
    expect(rows[0]?.prev_hash).toBe('0'.repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
    expect(new Set(rows.map((r) => r.hash)).size).toBe(5);
  });

  it('detects an edited row (content changed via SQL UPDATE)', async () => {
    const { database, ids } = await withEntries();
    await database.query(`UPDATE audit_log SET after = jsonb_set(after, '{handle}', '"@vervalst"') WHERE id = $1`, [ids[2]]);
    const result = await verifyAuditChain(database.db);
    expect(result).toMatchObject({ ok: false, firstBadId: ids[2], rowsChecked: 3 });
    expect(result.detail).toMatch(/edited/);
  });

  it('detects an edit of any hashed column, including the time and the actor', async () => {
    const { database, ids } = await withEntries();
    for (const change of ["at = at + interval '1 second'", "actor_label = 'iemand'", "entity_id = 'c99'", "action = 'delete'", 'before = NULL', "request_id = 'x'"]) {
      // Each edit is tried inside a transaction that is rolled back, so the next one starts clean.
      let result: unknown;
      await database.db
        .transaction(async (tx) => {
          await tx.execute(sql.raw(`UPDATE audit_log SET ${change} WHERE id = ${ids[1]}`));
          result = await verifyAuditChain(tx as unknown as Db);
          throw new Error('roll back');
        })
        .catch(() => {});
      expect(result, change).toMatchObject({ ok: false, firstBadId: ids[1] });
    }
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: true });
  });

  it('detects a removed row (SQL DELETE) in the middle and at the start', async () => {
    const { database, ids } = await withEntries();
    await database.query('DELETE FROM audit_log WHERE id = $1', [ids[1]]);
    const result = await verifyAuditChain(database.db);
    expect(result).toMatchObject({ ok: false, firstBadId: ids[2], rowsChecked: 2 });
    expect(result.detail).toMatch(/removed/);

    await database.query('DELETE FROM audit_log WHERE id = $1', [ids[0]]);
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: false, firstBadId: ids[2] });
  });

  it('detects an edit that recomputes the row hash but not the chain after it', async () => {
    const { database, ids } = await withEntries();
    // A forger who rewrites one row's hash still leaves the next row pointing at the old one.
    await database.query(`UPDATE audit_log SET entity_id = 'cX', hash = repeat('a', 64) WHERE id = $1`, [ids[3]]);
    expect(await verifyAuditChain(database.db)).toMatchObject({ ok: false, firstBadId: ids[3] });
  });

  it('keeps the chain valid when entries are written inside transactions that roll back', async () => {
    const { database } = await withEntries();
    await database.db
      .transaction(async (tx) => {
        await recordAudit(tx, SYSTEM_ACTOR, { organisationId: null, action: 'create', entity: 'x', entityId: 'gone' });
        throw new Error('roll back');
      })
      .catch(() => {});
    await recordAudit(database.db, SYSTEM_ACTOR, { organisationId: null, action: 'create', entity: 'x', entityId: 'kept' });
    expect(await verifyAuditChain(database.db)).toEqual({ rowsChecked: 6, ok: true, firstBadId: null, detail: null });
  });
});
