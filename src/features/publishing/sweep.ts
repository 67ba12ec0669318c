import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { rows } from '../../kit/sql.js';
import { canMove } from './states.js';
import { PUBLISH_LIMITS } from './worker.js';

/**
 * The sweep (on start and every few minutes):
 * - rows in `publishing` whose claim is older than a send can last (the process died or lost its
 *   database mid-call) become `unconfirmed`: the call may have left, so reconcile decides;
 * - rows still `scheduled` inside an active pause (scheduled in the same instant the pause
 *   committed) become `held`, so the held list shows them. The claim refuses them either way.
 */
export type SweepResult = { unconfirmed: string[]; held: string[] };

export const SWEEP_STALE_AFTER_MS = PUBLISH_LIMITS.deadlineMs + 60_000;

if (!canMove('publishing', 'unconfirmed') || !canMove('scheduled', 'held'))
  throw new Error('sweep transitions missing from the state machine');

export async function sweepStuckPublishing(
  db: DbOrTx,
  options: { staleAfterMs?: number; firstReconcileDelaySeconds?: number } = {},
): Promise<SweepResult> {
  const staleSeconds = (options.staleAfterMs ?? SWEEP_STALE_AFTER_MS) / 1000;
  // Like an ambiguous answer: give a request the network may still be working on time to finish.
  const reconcileDelay = options.firstReconcileDelaySeconds ?? PUBLISH_LIMITS.firstReconcileDelaySeconds;
  return db.transaction(async (tx) => {
    const stale = await rows<{ id: string; attempt_id: string; claimed_at: Date | string }>(
      tx,
      sql`UPDATE publications
             SET state = 'unconfirmed', reconcile_count = 0, updated_at = now(),
                 next_reconcile_at = now() + make_interval(secs => ${reconcileDelay})
           WHERE state = 'publishing' AND claimed_at < now() - make_interval(secs => ${staleSeconds})
       RETURNING id, attempt_id, claimed_at`,
    );
    for (const row of stale) {
      await tx.execute(sql`INSERT INTO publication_attempts (publication_id, attempt_id, started_at, finished_at, outcome, detail)
                           VALUES (${row.id}::uuid, ${row.attempt_id}::uuid, ${new Date(row.claimed_at).toISOString()}::timestamptz, clock_timestamp(), 'ambiguous',
                                   'the claim went stale (the worker stopped mid-send?): reconcile decides')`);
    }
    const held = await rows<{ id: string }>(
      tx,
      sql`UPDATE publications
             SET state = 'held', held_by_pause_id = publishing_pause_for(organisation_id, channel_id), updated_at = now()
           WHERE state = 'scheduled' AND publishing_pause_for(organisation_id, channel_id) IS NOT NULL
       RETURNING id`,
    );
    return { unconfirmed: stale.map((r) => r.id), held: held.map((r) => r.id) };
  });
}
