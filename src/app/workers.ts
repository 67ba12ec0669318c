import { PgBoss } from 'pg-boss';
import type { Database } from '../db/client.js';
import { badRequest } from '../kit/errors.js';
import type { AppContext } from './context.js';
import { JOBS } from './job-list.js';
import type { JobDefinition } from './jobs.js';

export type QueueStats = { pending: number; lagSeconds: number };

/** The job queue as the rest of Kanaal sees it: send a job by name, read its backlog. */
export type Queue = {
  send(name: string, data: unknown): Promise<string | null>;
  stats(): Promise<QueueStats>;
  stop(): Promise<void>;
  boss: PgBoss;
};

/**
 * Starts pg-boss on the same database (PGlite through its adapter, or Postgres) and creates every
 * queue and cron schedule. With `work: true` this process also runs the handlers (role worker/all).
 */
export async function startQueue(database: Database, options: { work: boolean; getContext: () => AppContext }): Promise<Queue> {
  const boss =
    'db' in database.boss
      ? new PgBoss({ db: database.boss.db, backend: database.boss.backend, schema: 'pgboss' } as ConstructorParameters<typeof PgBoss>[0])
      : new PgBoss({ connectionString: database.boss.connectionString, schema: 'pgboss', max: 4 });
  boss.on('error', (error: unknown) => options.getContext().log.error({ err: error }, 'job queue error'));
  await boss.start();
  const byName = new Map<string, JobDefinition>();
  for (const job of JOBS) {
    byName.set(job.name, job);
    await boss.createQueue(job.name, {
      retryLimit: job.retry.limit,
      retryDelay: job.retry.delaySeconds,
      retryBackoff: job.retry.backoff ?? false,
    });
    if (job.cron) await boss.schedule(job.name, job.cron, {}, { tz: 'UTC' });
  }
  if (options.work) {
    for (const job of JOBS) {
      await boss.work(job.name, { pollingIntervalSeconds: 2 }, async (batch) => {
        const ctx = options.getContext();
        for (const item of batch) {
          const parsed = job.payload.safeParse(item.data);
          // A malformed payload can never succeed: log it and let the job complete rather than retry forever.
          if (!parsed.success) {
            ctx.log.error({ job: job.name, id: item.id, issues: parsed.error.issues }, 'job payload rejected');
            continue;
          }
          await job.handler(ctx, parsed.data);
        }
      });
    }
  }
  return {
    boss,
    async send(name, data) {
      const job = byName.get(name);
      if (!job) throw new Error(`unknown job ${name}`);
      const parsed = job.payload.safeParse(data);
      if (!parsed.success) throw badRequest(`invalid payload for job ${name}`);
      return boss.send(name, parsed.data as object);
    },
    async stats() {
      // Read straight from the job table: honest even before pg-boss's own statistics pass has run.
      const [row] = await database.query<{ pending: string | number; lag: string | number | null }>(
        `SELECT count(*) AS pending, extract(epoch FROM now() - min(start_after)) AS lag
           FROM pgboss.job WHERE state IN ('created', 'retry') AND start_after <= now()`,
      );
      return { pending: Number(row?.pending ?? 0), lagSeconds: Math.max(0, Math.round(Number(row?.lag ?? 0))) };
    },
    async stop() {
      await boss.stop({ graceful: true, timeout: 5000 });
    },
  };
}
