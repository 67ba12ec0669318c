import type { z } from 'zod';
import type { AppContext } from './context.js';

/**
 * A background job, defined once: its queue name, the zod shape of its payload, how it retries,
 * an optional cron schedule, and the handler. `app/workers.ts` hands the list to pg-boss.
 */
export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  name: string;
  payload: S;
  retry: { limit: number; delaySeconds: number; backoff?: boolean };
  /** Cron expression (UTC) for recurring jobs. */
  cron?: string;
  handler(ctx: AppContext, data: z.infer<S>): Promise<void>;
};

export function defineJob<S extends z.ZodType>(job: JobDefinition<S>): JobDefinition<S> {
  return job;
}
