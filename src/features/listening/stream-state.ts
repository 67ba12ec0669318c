import { sql } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';

/**
 * A stream reader's trouble, recorded on its source in plain words. The readers keep retrying on
 * their own; the next ingested batch clears the error (ingestItems with `success`).
 */
export async function noteStreamError(ctx: AppContext, sourceId: string, reason: string): Promise<void> {
  await ctx.db.execute(
    sql`UPDATE listening_sources SET last_error = ${reason.slice(0, 1000)}, last_error_at = now() WHERE id = ${sourceId}::uuid`,
  );
}

/** Like noteStreamError, from a reader's synchronous callback: never throws, logs a failed write. */
export function noteStreamProblem(ctx: AppContext, sourceId: string, reason: string): void {
  noteStreamError(ctx, sourceId, reason).catch((error: unknown) =>
    ctx.log.warn({ err: error, sourceId }, 'listening: recording a stream error failed'),
  );
}
