import { sql } from 'drizzle-orm';
import type { AppContext } from '../../app/context.js';
import type { SourceError } from './sources/item.js';

/**
 * A stream reader's trouble, recorded on its source: its code and parameters, and in plain English
 * words. The readers keep retrying on their own; the next ingested batch clears the error
 * (ingestItems with `success`).
 */
export async function noteStreamError(ctx: AppContext, sourceId: string, error: SourceError): Promise<void> {
  await ctx.db.execute(
    sql`UPDATE listening_sources SET last_error = ${error.reason.slice(0, 1000)}, last_error_code = ${error.code},
           last_error_params = ${JSON.stringify(error.params)}::jsonb, last_error_at = now()
         WHERE id = ${sourceId}::uuid`,
  );
}

/** Like noteStreamError, from a reader's synchronous callback: never throws, logs a failed write. */
export function noteStreamProblem(ctx: AppContext, sourceId: string, error: SourceError): void {
  noteStreamError(ctx, sourceId, error).catch((failure: unknown) =>
    ctx.log.warn({ err: failure, sourceId }, 'listening: recording a stream error failed'),
  );
}
