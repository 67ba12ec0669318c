import { eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import { type Caller, requireAccess } from '../../kit/access.js';
import { actorOf, recordAudit } from '../../kit/audit.js';
import { rows } from '../../kit/sql.js';
import { listeningSettings } from './schema.js';

/** Per-organisation listening settings (retention) and the retention purge. */

export const DEFAULT_RETENTION_DAYS = 365;

export type ListeningSettings = { organisationId: string; retentionDays: number };

export async function getListeningSettings(ctx: AppContext, caller: Caller, organisationId: string): Promise<ListeningSettings> {
  await requireAccess(ctx.db, caller, organisationId, 'listening.read');
  const [row] = await ctx.db.select().from(listeningSettings).where(eq(listeningSettings.organisationId, organisationId));
  return { organisationId, retentionDays: row?.retentionDays ?? DEFAULT_RETENTION_DAYS };
}

export async function updateListeningSettings(
  ctx: AppContext,
  caller: Caller,
  organisationId: string,
  input: { retentionDays: number },
): Promise<ListeningSettings> {
  await requireAccess(ctx.db, caller, organisationId, 'listening.manage');
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(listeningSettings).where(eq(listeningSettings.organisationId, organisationId));
    await tx
      .insert(listeningSettings)
      .values({ organisationId, retentionDays: input.retentionDays })
      .onConflictDoUpdate({ target: listeningSettings.organisationId, set: { retentionDays: input.retentionDays, updatedAt: sql`now()` } });
    await recordAudit(tx, actorOf(caller), {
      organisationId,
      action: 'update',
      entity: 'listening_settings',
      entityId: organisationId,
      before: { retentionDays: before?.retentionDays ?? DEFAULT_RETENTION_DAYS },
      after: { retentionDays: input.retentionDays },
    });
  });
  return { organisationId, retentionDays: input.retentionDays };
}

/**
 * Deletes mentions older than their organisation's retention period (by occurredAt), with their
 * matches and sightings: organisation by organisation along the timeline index, in chunks so one run
 * never holds a huge transaction. Returns how many went.
 */
export async function purgeExpiredMentions(ctx: AppContext, options: { now?: Date; chunk?: number } = {}): Promise<number> {
  const now = (options.now ?? new Date()).toISOString();
  const chunk = options.chunk ?? 5000;
  const organisations = await rows<{ id: string; days: number }>(
    ctx.db,
    sql`SELECT o.id, coalesce(s.retention_days, ${DEFAULT_RETENTION_DAYS}) AS days
          FROM organisations o LEFT JOIN listening_settings s ON s.organisation_id = o.id`,
  );
  let total = 0;
  for (const organisation of organisations) {
    for (;;) {
      const removed = await rows<{ id: string }>(
        ctx.db,
        sql`DELETE FROM mentions WHERE id IN (
              SELECT id FROM mentions
               WHERE organisation_id = ${organisation.id}::uuid
                 AND occurred_at < ${now}::timestamptz - make_interval(days => ${organisation.days})
               LIMIT ${chunk})
            RETURNING id`,
      );
      total += removed.length;
      if (removed.length < chunk) break;
    }
  }
  return total;
}
