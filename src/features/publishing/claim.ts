import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type PublicationRow, publications } from './schema.js';

/**
 * The claim (docs/publishing.md): `scheduled → publishing` for the earliest due row that no active
 * pause covers, with a fresh attempt id. FOR UPDATE SKIP LOCKED lets any number of workers claim
 * side by side without waiting on each other; the outer `state = 'scheduled'` keeps the update
 * conditional even if the row changed between the subquery and the update. Returns null when
 * nothing is due.
 */
export async function claimDuePublication(db: DbOrTx, attemptId: string): Promise<PublicationRow | null> {
  const [claimed] = await db
    .update(publications)
    .set({
      state: 'publishing',
      attemptId,
      claimedAt: sql`now()`,
      attemptsCount: sql`${publications.attemptsCount} + 1`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(publications.state, 'scheduled'),
        sql`${publications.id} = (
          SELECT p.id FROM publications p
           WHERE p.state = 'scheduled' AND p.due_at <= now()
             AND publishing_pause_for(p.organisation_id, p.channel_id) IS NULL
           ORDER BY p.due_at, p.id
           LIMIT 1
           FOR UPDATE SKIP LOCKED)`,
      ),
    )
    .returning();
  return claimed ?? null;
}

/**
 * Leases the next `unconfirmed` row whose reconcile time has come, by pushing its
 * `next_reconcile_at` forward by `leaseSeconds`: two reconcile jobs never look up the same row at
 * once. Not a state change; the reconcile records the outcome. The lease is short because a worker
 * that dies holding it leaves the row waiting until it runs out.
 */
export async function leaseUnconfirmed(db: DbOrTx, leaseSeconds = 120): Promise<PublicationRow | null> {
  const [leased] = await db
    .update(publications)
    .set({ nextReconcileAt: sql`now() + make_interval(secs => ${leaseSeconds})` })
    .where(
      and(
        eq(publications.state, 'unconfirmed'),
        sql`${publications.id} = (
          SELECT p.id FROM publications p
           WHERE p.state = 'unconfirmed' AND coalesce(p.next_reconcile_at, '-infinity') <= now()
           ORDER BY p.next_reconcile_at NULLS FIRST, p.id
           LIMIT 1
           FOR UPDATE SKIP LOCKED)`,
      ),
    )
    .returning();
  return leased ?? null;
}
