import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { type PublicationRow, publications } from './schema.js';

/**
 * The pause predicate of the claim: `publishing_pause_for(…) IS NULL`, the one predicate the pause
 * and the re-check use. It is a recursive query per row, so it is only asked when a pause is
 * active at all: with none (the usual case) the uncorrelated EXISTS is one index probe per
 * statement and the row filter costs nothing. Same answer, same snapshot.
 */
const NOT_PAUSED = sql`(NOT EXISTS (SELECT 1 FROM publishing_pauses pp WHERE pp.lifted_at IS NULL)
                        OR publishing_pause_for(p.organisation_id, p.channel_id) IS NULL)`;

/**
 * The claim (docs/publishing.md): `scheduled → publishing` for up to `limit` due rows that no
 * active pause covers, earliest first, each with a fresh attempt id — one statement for the batch.
 * The candidates are the first `limit × 2` due rows in due order that no other claim holds
 * (FOR UPDATE SKIP LOCKED: any number of workers claim side by side without waiting on each
 * other); of those, each channel's earliest `perChannel` are claimed (fewer when `inFlight` says
 * this process is already sending some of the channel's rows; none when it sends `perChannel`,
 * and the candidates then go past that channel's backlog), so one account's backlog never holds
 * up the others. Candidates not claimed are let go when the statement ends (a claim running at
 * the same instant skips them and looks further down; one row alone is one candidate). The outer
 * `state = 'scheduled'` keeps the update conditional. Returns the claimed rows in due order
 * (empty when nothing is due).
 */
export async function claimDuePublications(
  db: DbOrTx,
  options: { limit: number; perChannel?: number; inFlight?: ReadonlyMap<string, number>; attemptId?: string },
): Promise<PublicationRow[]> {
  const limit = Math.max(1, Math.floor(options.limit));
  const perChannel = Math.max(1, Math.floor(options.perChannel ?? 1));
  const busy = [...(options.inFlight ?? new Map<string, number>())].filter(([, n]) => n > 0);
  const full = busy.filter(([, n]) => n >= perChannel).map(([id]) => id);
  const partial = busy.filter(([, n]) => n < perChannel);
  const notFull =
    full.length > 0
      ? sql`AND p.channel_id NOT IN (${sql.join(
          full.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})`
      : sql``;
  const allowed =
    partial.length > 0
      ? sql`coalesce((SELECT a.n FROM (VALUES ${sql.join(
          partial.map(([id, n]) => sql`(${id}::uuid, ${perChannel - n}::int)`),
          sql`, `,
        )}) a (channel_id, n) WHERE a.channel_id = r.channel_id), ${perChannel}::int)`
      : sql`${perChannel}::int`;
  const claimed = await db
    .update(publications)
    .set({
      state: 'publishing',
      attemptId: options.attemptId ?? sql`gen_random_uuid()`,
      claimedAt: sql`now()`,
      attemptsCount: sql`${publications.attemptsCount} + 1`,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(publications.state, 'scheduled'),
        // ARRAY(…) is evaluated once, before the update. Not `IN (subquery)`: a semi join may
        // run the subquery again per outer row, and with SKIP LOCKED each run finds other rows,
        // so far more than `limit` rows would be claimed.
        sql`${publications.id} = ANY (ARRAY(
          WITH candidates AS MATERIALIZED (
            SELECT p.id, p.channel_id, p.due_at FROM publications p
             WHERE p.state = 'scheduled' AND p.due_at <= now() AND ${NOT_PAUSED} ${notFull}
             ORDER BY p.due_at, p.id
             LIMIT ${limit === 1 ? 1 : limit * 2}
             FOR UPDATE OF p SKIP LOCKED
          ), ranked AS (
            SELECT c.id, c.channel_id, row_number() OVER (PARTITION BY c.channel_id ORDER BY c.due_at, c.id) AS n
              FROM candidates c
          )
          SELECT q.id FROM publications q
           WHERE q.id IN (SELECT r.id FROM ranked r WHERE r.n <= ${allowed}) AND q.state = 'scheduled'
           ORDER BY q.due_at, q.id
           LIMIT ${limit}))`,
      ),
    )
    .returning();
  return claimed.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The claim for one row, with the given attempt id; null when nothing is due. */
export async function claimDuePublication(db: DbOrTx, attemptId: string): Promise<PublicationRow | null> {
  const [claimed] = await claimDuePublications(db, { limit: 1, attemptId });
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
