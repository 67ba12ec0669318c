import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { type Caller, requireAccess } from '../../kit/access.js';
import { actorOf, recordAudit } from '../../kit/audit.js';
import { composeSettings } from './schema.js';
import type { TComposeSettings } from './schemas.js';

/** Lint (each rule off, warn or block) and UTM settings of an organisation; defaults when never set. */
export async function getComposeSettings(db: DbOrTx, caller: Caller, organisationId: string): Promise<TComposeSettings> {
  await requireAccess(db, caller, organisationId, 'compose.read');
  const [row] = await db.select().from(composeSettings).where(eq(composeSettings.organisationId, organisationId));
  return { lint: { rules: {}, ...row?.lint } as TComposeSettings['lint'], utm: row?.utm ?? {} };
}

/** Replaces the settings; approvals.manage, because a rule at `block` decides what may be approved. Audited. */
export async function putComposeSettings(db: Db, caller: Caller, organisationId: string, input: TComposeSettings): Promise<TComposeSettings> {
  return db.transaction(async (tx) => {
    await requireAccess(tx, caller, organisationId, 'approvals.manage');
    const [before] = await tx.select().from(composeSettings).where(eq(composeSettings.organisationId, organisationId));
    const values = { lint: input.lint, utm: input.utm, updatedBy: caller.userId, updatedAt: new Date() };
    await tx.insert(composeSettings).values({ organisationId, ...values }).onConflictDoUpdate({ target: composeSettings.organisationId, set: values });
    await recordAudit(tx, actorOf(caller), {
      organisationId,
      action: 'update',
      entity: 'compose_settings',
      entityId: organisationId,
      before: before ? { lint: before.lint, utm: before.utm } : null,
      after: { lint: input.lint, utm: input.utm },
    });
    return { lint: input.lint, utm: input.utm };
  });
}
