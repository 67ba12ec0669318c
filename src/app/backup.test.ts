import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildChannel, buildOrganisation, buildUser } from '../../test/factories.js';
import { freshDatabase } from '../../test/support.js';
import type { Database } from '../db/client.js';
import { channels, organisations } from '../db/schema.js';
import { recordAudit, verifyAuditChain } from '../kit/audit.js';
import { restoreBackup, writeBackup } from './backup.js';

describe('backup and restore', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kanaal-backup-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('round-trips organisations (parents first), channels, users and the audit chain', async () => {
    const source: Database = await freshDatabase();
    // Children created before their parent is attached, so table order alone would insert them too early.
    const child = await buildOrganisation(source.db, { name: 'Selor' });
    const parent = await buildOrganisation(source.db, { name: 'FOD P&O' });
    await source.db.update(organisations).set({ parentId: parent.id }).where(eq(organisations.id, child.id));
    await buildChannel(source.db, child.id, { network: 'facebook', handle: 'selor', languages: ['nl', 'fr'], followerCount: 10500, followerUnit: 'fans' });
    await buildUser(source.db, { roles: [[parent.id, 'admin']] });
    await source.db.transaction(async (tx) =>
      recordAudit(tx, { userId: null, label: 'test' }, { organisationId: parent.id, action: 'create', entity: 'organisation', entityId: parent.id, after: { name: 'FOD P&O' } }),
    );
    const file = join(dir, 'kanaal.backup.gz');
    const written = await writeBackup(source, file);
    expect(written.rows).toBeGreaterThan(4);
    await source.close();

    const target = await freshDatabase();
    const restored = await restoreBackup(target, file);
    expect(restored.rows).toBe(written.rows);
    const [channel] = await target.db.select().from(channels);
    expect(channel).toMatchObject({ handle: 'selor', languages: ['nl', 'fr'], followerCount: 10500, followerUnit: 'fans', organisationId: child.id });
    const [restoredChild] = await target.db.select().from(organisations).where(eq(organisations.id, child.id));
    expect(restoredChild?.parentId).toBe(parent.id);
    expect((await verifyAuditChain(target.db)).ok).toBe(true);
    // Sequences continue after the restored ids.
    await target.db.transaction(async (tx) =>
      recordAudit(tx, { userId: null, label: 'test' }, { organisationId: null, action: 'restore', entity: 'system', entityId: null }),
    );
    expect((await verifyAuditChain(target.db)).ok).toBe(true);

    await expect(restoreBackup(target, file)).rejects.toThrow(/empty database/);
    await target.close();
  });
});
